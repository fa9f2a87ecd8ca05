namespace VrijwilligeOppas.Mapping.Ksz;

/// <summary>
/// An SSDN request exactly as the XSD accepted it: every field has the right shape, but check digits and
/// business rules are not yet applied. <see cref="Exchange.Admission"/> turns it into domain values or a refusal.
/// </summary>
public sealed record KszMessage(RequestContext Context, string ServiceId, string Version, KszPayload Payload);

/// <summary>
/// The SSDN <c>RequestContext</c>, kept as sent so the reply can echo it. <see cref="Reference"/> is the OCMW's own
/// free text (it may hold anything, even an INSZ): it goes into the reply, the audit record and the central request,
/// never into a log line, a span or a metric.
/// </summary>
public sealed record RequestContext(AuthorizedUser User, string? Reference, string? TimeRequest);

/// <summary>The SSDN <c>AuthorizedUser</c> with whitespace collapsed where KSZ's schema collapses it.</summary>
public sealed record AuthorizedUser(string UserId, string Email, string OrgUnit, string MatrixId, string? MatrixSubId);

/// <summary>The <c>vo:</c> payload; every one starts with the sender's ondernemingsnummer and the dienst.</summary>
public abstract record KszPayload(KszService Kind, string Ondernemingsnummer, int Erkenningsnummer);

public sealed record SendPayload(string Ondernemingsnummer, int Erkenningsnummer, IReadOnlyList<KszPrestatie> Prestaties)
    : KszPayload(KszService.Send, Ondernemingsnummer, Erkenningsnummer);

public sealed record DeletePayload(string Ondernemingsnummer, int Erkenningsnummer, IReadOnlyList<string> PrestatieIds)
    : KszPayload(KszService.Delete, Ondernemingsnummer, Erkenningsnummer);

public sealed record ConsultPayload(
    string Ondernemingsnummer,
    int Erkenningsnummer,
    DateOnly StartDate,
    DateOnly EndDate,
    string? GebruikerInsz,
    string? VrijwilligerInsz,
    int? MaxResultaten,
    string? VolgendeSleutel)
    : KszPayload(KszService.Consult, Ondernemingsnummer, Erkenningsnummer);

/// <summary>A <c>vo:Prestatie</c> in KSZ form: the start day and Belgian wall-clock times.</summary>
public sealed record KszPrestatie(
    string PrestatieId,
    string GebruikerInsz,
    string VrijwilligerInsz,
    DateOnly Datum,
    TimeOnly Begintijd,
    TimeOnly Eindtijd,
    string GemeenteNisCode);
