using VrijwilligeOppas.Mapping.Identifiers;

namespace VrijwilligeOppas.Mapping.Exchange;

/// <summary>The business content of the central service's answer, or of its SOAP fault.</summary>
public abstract record CentralResponse;

/// <summary>A <c>protocol:StatusResponseType</c> answer.</summary>
public sealed record CentralStatusResponse(
    string Id,
    string InResponseTo,
    DateTimeOffset IssueInstant,
    CentralStatus Status,
    IReadOnlyList<PrestatieStatus> Items,
    IReadOnlyList<GeregistreerdePrestatie> Prestaties,
    string? VolgendeSleutel) : CentralResponse;

/// <summary>A SOAP fault with a <c>soa:SystemError</c> (or none, when the platform said less).</summary>
public sealed record CentralFault(string FaultCode, string? SoaCode, string Message) : CentralResponse;

/// <summary><c>core:Status</c>: the top status URI and, for refusals, the nested code that says why.</summary>
public sealed record CentralStatus(string Code, string? SubCode, string? Message)
{
    public const string Success = "urn:be:fgov:ehealth:2.0:status:Success";
    public const string Requester = "urn:be:fgov:ehealth:2.0:status:Requester";
    public const string Responder = "urn:be:fgov:ehealth:2.0:status:Responder";

    public const string DienstOnbekend = "urn:be:fgov:ehealth:vrijwilligeoppas:status:DienstOnbekend";
    public const string GeenInitiatiefnemer = "urn:be:fgov:ehealth:vrijwilligeoppas:status:GeenInitiatiefnemer";
    public const string OngeldigBericht = "urn:be:fgov:ehealth:vrijwilligeoppas:status:OngeldigBericht";

    public bool IsSuccess => Code == Success;
}

/// <summary>The central service's verdict on one prestatie (<c>voc:PrestatieStatus</c>).</summary>
public sealed record PrestatieStatus(PrestatieId PrestatieId, Resultaat Resultaat, int? DuurMinuten, IReadOnlyList<Fout> Fouten);

public enum Resultaat
{
    Aanvaard,
    Geweigerd,
    Verwijderd,
    NietGevonden,
}

/// <summary>A <c>voc:Fout</c>: a business error code of the central service and its message.</summary>
public sealed record Fout(string Code, string Message)
{
    public const string PrestatieInToekomst = "VO-PRESTATIE-IN-TOEKOMST";
    public const string DuurOngeldig = "VO-DUUR-ONGELDIG";
    public const string PeriodeVoorlopigAfgesloten = "VO-PERIODE-VOORLOPIG-AFGESLOTEN";
    public const string PeriodeDefinitiefAfgesloten = "VO-PERIODE-DEFINITIEF-AFGESLOTEN";
    public const string DienstNietErkend = "VO-DIENST-NIET-ERKEND";
    public const string InszOngeldig = "VO-INSZ-ONGELDIG";
    public const string NisCodeOnbekend = "VO-NISCODE-ONBEKEND";
    public const string PrestatieOnbekend = "VO-PRESTATIE-ONBEKEND";
}

/// <summary>The SOA error codes of the platform.</summary>
public static class SoaCodes
{
    public const string Authentication = "SOA-01001";
    public const string Unavailable = "SOA-02001";
    public const string Malformed = "SOA-03001";
}
