using VrijwilligeOppas.Mapping.Identifiers;

namespace VrijwilligeOppas.Mapping.Rules;

/// <summary>The basic data of a dienst voor oppashulp that the gateway and the central service need (draaiboek §1.8).</summary>
public sealed record Dienst(
    Erkenningsnummer Erkenningsnummer,
    string Naam,
    Ondernemingsnummer Initiatiefnemer,
    DienstType Type,
    DateOnly ErkendVan,
    DateOnly? ErkendTot)
{
    public bool IsErkendOp(DateOnly date) => date >= ErkendVan && (ErkendTot is null || date <= ErkendTot);
}

public enum DienstType
{
    Privaat,
    Openbaar,
}
