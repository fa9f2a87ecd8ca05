using VrijwilligeOppas.Mapping.Identifiers;

namespace VrijwilligeOppas.Mapping.Exchange;

/// <summary>
/// The business content of an eHealth request to the central service; <see cref="Central.CentralRequestWriter"/>
/// writes it and the central service (the emulator's <c>CentralRequestReader</c>) reads it back.
/// </summary>
public abstract record CentralRequest(string Id, DateTimeOffset IssueInstant, Afzender Afzender, Erkenningsnummer Dienst);

/// <summary>On whose behalf the gateway sends: the OCMW, its staff member and the OCMW's own message reference.</summary>
public sealed record Afzender(Ondernemingsnummer Organisatie, Insz Gebruiker, string? Referentie);

public sealed record SendPrestatiesRequest(string Id, DateTimeOffset IssueInstant, Afzender Afzender, Erkenningsnummer Dienst, IReadOnlyList<Prestatie> Prestaties)
    : CentralRequest(Id, IssueInstant, Afzender, Dienst);

public sealed record DeletePrestatiesRequest(string Id, DateTimeOffset IssueInstant, Afzender Afzender, Erkenningsnummer Dienst, IReadOnlyList<PrestatieId> PrestatieIds)
    : CentralRequest(Id, IssueInstant, Afzender, Dienst);

public sealed record ConsultPrestatiesRequest(
    string Id,
    DateTimeOffset IssueInstant,
    Afzender Afzender,
    Erkenningsnummer Dienst,
    DateOnly VanDatum,
    DateOnly TotDatum,
    Insz? Gebruiker,
    Insz? Vrijwilliger,
    int? MaxResultaten,
    string? Sleutel)
    : CentralRequest(Id, IssueInstant, Afzender, Dienst);
