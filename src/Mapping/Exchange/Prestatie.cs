using VrijwilligeOppas.Mapping.Identifiers;
using VrijwilligeOppas.Mapping.Time;

namespace VrijwilligeOppas.Mapping.Exchange;

/// <summary>One sitting of one volunteer with one user, with every identifier valid.</summary>
public sealed record Prestatie(PrestatieId Id, Insz Gebruiker, Insz Vrijwilliger, PrestatiePeriode Periode, NisCode Gemeente);

/// <summary>A prestatie as the central service stored it.</summary>
public sealed record GeregistreerdePrestatie(Prestatie Prestatie, int DuurMinuten, DateTimeOffset Ontvangen);
