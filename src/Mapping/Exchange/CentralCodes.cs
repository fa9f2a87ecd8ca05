using System.Collections.Frozen;
using VrijwilligeOppas.Mapping.Diagnostics;

namespace VrijwilligeOppas.Mapping.Exchange;

/// <summary>
/// The one-to-one table from every code the central service can answer with to a KSZ <see cref="ReasonCode"/>.
/// Codes it does not know (a newer central service) fall back to one documented code each, never to silence.
/// </summary>
public static class CentralCodes
{
    public static FrozenDictionary<string, ReasonCode> Fouten { get; } = new Dictionary<string, ReasonCode>
    {
        [Fout.PrestatieInToekomst] = ReasonCode.PrestatieInToekomst,
        [Fout.DuurOngeldig] = ReasonCode.DuurOngeldig,
        [Fout.PeriodeVoorlopigAfgesloten] = ReasonCode.PeriodeVoorlopigAfgesloten,
        [Fout.PeriodeDefinitiefAfgesloten] = ReasonCode.PeriodeDefinitiefAfgesloten,
        [Fout.DienstNietErkend] = ReasonCode.DienstNietErkend,
        [Fout.InszOngeldig] = ReasonCode.InszOngeldig,
        [Fout.NisCodeOnbekend] = ReasonCode.NisCodeOnbekend,
        [Fout.PrestatieOnbekend] = ReasonCode.PrestatieOnbekend,
    }.ToFrozenDictionary();

    public static FrozenDictionary<string, ReasonCode> RequesterSubCodes { get; } = new Dictionary<string, ReasonCode>
    {
        [CentralStatus.DienstOnbekend] = ReasonCode.DienstOnbekend,
        [CentralStatus.GeenInitiatiefnemer] = ReasonCode.GeenInitiatiefnemer,
        [CentralStatus.OngeldigBericht] = ReasonCode.CentraalBerichtGeweigerd,
    }.ToFrozenDictionary();

    public static FrozenDictionary<string, ReasonCode> SoaErrors { get; } = new Dictionary<string, ReasonCode>
    {
        [SoaCodes.Authentication] = ReasonCode.CentraleDienstAuthenticatie,
        [SoaCodes.Unavailable] = ReasonCode.CentraleDienstOnbeschikbaar,
        [SoaCodes.Malformed] = ReasonCode.CentraleDienstBerichtMisvormd,
    }.ToFrozenDictionary();

    public static Detail ForFout(Fout fout) => Fouten.TryGetValue(fout.Code, out var code)
        ? Detail.Central(code, new Information("CentraleMelding", fout.Message))
        : Detail.Central(ReasonCode.CentraleFoutcodeOnbekend, new Information("CentraleFoutcode", fout.Code), new Information("CentraleMelding", fout.Message));

    public static Detail ForStatus(CentralStatus status)
    {
        var code = status.Code switch
        {
            CentralStatus.Requester => status.SubCode is { } sub && RequesterSubCodes.TryGetValue(sub, out var mapped) ? mapped : ReasonCode.CentraalBerichtGeweigerd,
            CentralStatus.Responder => ReasonCode.CentraleDienstFout,
            _ => ReasonCode.CentraleDienstAntwoordOngeldig,
        };
        return status.Message is { } message
            ? Detail.Central(code, new Information("CentraleMelding", message))
            : Detail.Central(code);
    }

    public static Detail ForFault(CentralFault fault) =>
        Detail.Central(
            fault.SoaCode is { } soa && SoaErrors.TryGetValue(soa, out var code) ? code : ReasonCode.CentraleDienstFout,
            new Information("CentraleMelding", fault.SoaCode is null ? fault.Message : $"{fault.SoaCode}: {fault.Message}"));
}
