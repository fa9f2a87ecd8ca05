using VrijwilligeOppas.Mapping.Diagnostics;
using VrijwilligeOppas.Mapping.Identifiers;
using VrijwilligeOppas.Mapping.Ksz;
using VrijwilligeOppas.Mapping.Rules;
using VrijwilligeOppas.Mapping.Time;

namespace VrijwilligeOppas.Mapping.Exchange;

/// <summary>
/// Decides whether an XSD-valid <see cref="KszMessage"/> may go to the central service, and if so maps it:
/// identifiers parsed, the mandatory ondernemingsnummer checked against the caller, the dienst checked against the
/// registry, items that can never be accepted refused here with their own reason.
/// </summary>
public static class Admission
{
    public const int MaxConsultDays = 93;

    /// <summary>
    /// A diagnostic names the field of a wrong INSZ but never repeats its value: a mistyped INSZ is still someone's
    /// personal data, and the sender has it (a send's item is identified by its PrestatieId).
    /// </summary>
    public const string NotRepeated = "(niet herhaald: persoonsgegeven)";

    /// <summary>The calendar a Datum may come from (ksz-contract.md): outside it a date is a typing error, never parsed further.</summary>
    private static readonly (DateOnly First, DateOnly Last) Plausible = (new DateOnly(1900, 1, 1), new DateOnly(2999, 12, 31));

    /// <param name="message">The request as the schema accepted it.</param>
    /// <param name="caller">The authenticated caller's ondernemingsnummer, or null where the sandbox trusts OrgUnit.</param>
    /// <param name="form">How the message travelled: the connector form has its own SOAPAction.</param>
    /// <param name="soapAction">The SOAPAction header as received, or null.</param>
    /// <param name="registry">The diensten this gateway may act for.</param>
    /// <param name="ticket">The gateway's ticket for this message; the eHealth request Id derives from it.</param>
    /// <param name="now">When the gateway maps the message.</param>
    public static AdmissionResult Admit(KszMessage message, Ondernemingsnummer? caller, BodyForm form, string? soapAction, DienstRegistry registry, string ticket, DateTimeOffset now)
    {
        var service = KszServiceNames.FromServiceId(message.ServiceId);
        if (service is null)
        {
            return Refuse(ReasonCode.ServiceIdOnbekend, "ServiceId", message.ServiceId);
        }

        if (message.Payload.Kind != service)
        {
            return Refuse(ReasonCode.ServiceIdPayloadVerschil, "ServiceId", message.ServiceId);
        }

        if (!SoapActions.Agrees(soapAction, form, message.ServiceId))
        {
            return Refuse(ReasonCode.SoapActionVerschil, "SOAPAction", SoapActions.Unquoted(soapAction)!);
        }

        var payload = message.Payload;
        if (!Ondernemingsnummer.TryParse(payload.Ondernemingsnummer, out var ondernemingsnummer))
        {
            return Refuse(ReasonCode.OndernemingsnummerOngeldig, "Ondernemingsnummer", payload.Ondernemingsnummer);
        }

        var user = message.Context.User;
        if (!Insz.TryParse(user.UserId, out var staffMember))
        {
            return Refuse(ReasonCode.AanvragerOngeldig, "UserID", NotRepeated);
        }

        if (!Ondernemingsnummer.TryParse(user.OrgUnit, out var orgUnit))
        {
            return Refuse(ReasonCode.OndernemingsnummerOngeldig, "OrgUnit", user.OrgUnit);
        }

        if (ondernemingsnummer != orgUnit || (caller is { } authenticated && ondernemingsnummer != authenticated))
        {
            return Refuse(ReasonCode.OndernemingsnummerNietVanAanvrager, "Ondernemingsnummer", ondernemingsnummer.Value);
        }

        var erkenningsnummer = Erkenningsnummer.Create(payload.Erkenningsnummer);
        var dienst = registry.Find(erkenningsnummer);
        if (dienst is null)
        {
            return Refuse(ReasonCode.DienstOnbekend, "Erkenningsnummer", erkenningsnummer.ToString());
        }

        if (dienst.Initiatiefnemer != ondernemingsnummer)
        {
            return Refuse(ReasonCode.DienstNietVanOnderneming, "Erkenningsnummer", erkenningsnummer.ToString());
        }

        var afzender = new Afzender(ondernemingsnummer, staffMember, message.Context.Reference);
        var id = "_" + ticket;
        return payload switch
        {
            SendPayload send => AdmitSend(send, id, now, afzender, erkenningsnummer),
            DeletePayload delete => AdmitDelete(delete, id, now, afzender, erkenningsnummer),
            ConsultPayload consult => AdmitConsult(consult, id, now, afzender, erkenningsnummer),
            _ => throw new ArgumentOutOfRangeException(nameof(message)),
        };
    }

    private static AdmissionResult AdmitSend(SendPayload send, string id, DateTimeOffset now, Afzender afzender, Erkenningsnummer dienst)
    {
        if (FirstDuplicate(send.Prestaties.Select(p => p.PrestatieId)) is { } duplicate)
        {
            return Refuse(ReasonCode.PrestatieIdDubbel, "PrestatieId", duplicate);
        }

        var refusals = new Detail?[send.Prestaties.Count];
        var forwarded = new List<Prestatie>(send.Prestaties.Count);
        for (var i = 0; i < send.Prestaties.Count; i++)
        {
            var (prestatie, refusal) = AdmitPrestatie(send.Prestaties[i]);
            if (prestatie is null)
            {
                refusals[i] = refusal;
            }
            else
            {
                forwarded.Add(prestatie);
            }
        }

        return new AdmissionResult(new SendPrestatiesRequest(id, now, afzender, dienst, forwarded), refusals);
    }

    private static (Prestatie? Prestatie, Detail? Refusal) AdmitPrestatie(KszPrestatie p)
    {
        var id = PrestatieId.Parse(p.PrestatieId);
        if (!Insz.TryParse(p.GebruikerInsz, out var gebruiker))
        {
            return (null, Detail.Gateway(ReasonCode.InszOngeldig, new Information("GebruikerINSZ", NotRepeated)));
        }

        if (!Insz.TryParse(p.VrijwilligerInsz, out var vrijwilliger))
        {
            return (null, Detail.Gateway(ReasonCode.InszOngeldig, new Information("VrijwilligerINSZ", NotRepeated)));
        }

        if (!NisCode.TryParse(p.GemeenteNisCode, out var nis))
        {
            return (null, Detail.Gateway(ReasonCode.NisCodeOnbekend, new Information("GemeenteNISCode", p.GemeenteNisCode)));
        }

        if (!IsPlausible(p.Datum))
        {
            return (null, Detail.Gateway(ReasonCode.DatumBuitenBereik, new Information("Datum", Contracts.XmlFormats.Date(p.Datum))));
        }

        var periode = PrestatiePeriode.FromWallClock(p.Datum, p.Begintijd, p.Eindtijd);
        if (periode is null)
        {
            var skipped = BrusselsTime.Resolve(p.Datum, p.Begintijd, Occurrence.First) is null ? ("Begintijd", p.Begintijd) : ("Eindtijd", p.Eindtijd);
            return (null, Detail.Gateway(ReasonCode.TijdstipBestaatNiet, new Information(skipped.Item1, Contracts.XmlFormats.Time(skipped.Item2))));
        }

        return (new Prestatie(id, gebruiker, vrijwilliger, periode, nis), null);
    }

    private static AdmissionResult AdmitDelete(DeletePayload delete, string id, DateTimeOffset now, Afzender afzender, Erkenningsnummer dienst)
    {
        if (FirstDuplicate(delete.PrestatieIds) is { } duplicate)
        {
            return Refuse(ReasonCode.PrestatieIdDubbel, "PrestatieId", duplicate);
        }

        var ids = delete.PrestatieIds.Select(PrestatieId.Parse).ToList();
        return new AdmissionResult(new DeletePrestatiesRequest(id, now, afzender, dienst, ids), new Detail?[ids.Count]);
    }

    private static AdmissionResult AdmitConsult(ConsultPayload consult, string id, DateTimeOffset now, Afzender afzender, Erkenningsnummer dienst)
    {
        if (!IsPlausible(consult.StartDate) || !IsPlausible(consult.EndDate) || consult.EndDate < consult.StartDate || consult.EndDate.DayNumber - consult.StartDate.DayNumber > MaxConsultDays)
        {
            return Refuse(ReasonCode.PeriodeOngeldig, "Periode", $"{Contracts.XmlFormats.Date(consult.StartDate)}/{Contracts.XmlFormats.Date(consult.EndDate)}");
        }

        Insz? gebruiker = null;
        if (consult.GebruikerInsz is { } g)
        {
            if (!Insz.TryParse(g, out var parsed))
            {
                return Refuse(ReasonCode.InszOngeldig, "GebruikerINSZ", NotRepeated);
            }

            gebruiker = parsed;
        }

        Insz? vrijwilliger = null;
        if (consult.VrijwilligerInsz is { } v)
        {
            if (!Insz.TryParse(v, out var parsed))
            {
                return Refuse(ReasonCode.InszOngeldig, "VrijwilligerINSZ", NotRepeated);
            }

            vrijwilliger = parsed;
        }

        var request = new ConsultPrestatiesRequest(id, now, afzender, dienst, consult.StartDate, consult.EndDate, gebruiker, vrijwilliger, consult.MaxResultaten, consult.VolgendeSleutel);
        return new AdmissionResult(request, []);
    }

    private static bool IsPlausible(DateOnly date) => date >= Plausible.First && date <= Plausible.Last;

    private static string? FirstDuplicate(IEnumerable<string> ids)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        return ids.FirstOrDefault(id => !seen.Add(id));
    }

    private static AdmissionResult Refuse(ReasonCode code, string field, string value) =>
        new(Detail.Gateway(code, new Information(field, value)));
}

/// <summary>
/// Either a refusal of the whole message, or the request for the central service together with the gateway's own
/// verdict on each item (null where the item was forwarded), in request order.
/// </summary>
public sealed record AdmissionResult
{
    public AdmissionResult(Detail refusal) => Refusal = refusal;

    public AdmissionResult(CentralRequest request, IReadOnlyList<Detail?> itemRefusals)
    {
        Request = request;
        ItemRefusals = itemRefusals;
    }

    public Detail? Refusal { get; }

    public CentralRequest? Request { get; }

    public IReadOnlyList<Detail?> ItemRefusals { get; } = [];

    /// <summary>False when the gateway itself refused every item, so there is nothing to forward.</summary>
    public bool NeedsCentral => Request is not SendPrestatiesRequest { Prestaties.Count: 0 };
}
