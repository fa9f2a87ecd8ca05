namespace VrijwilligeOppas.Mapping.Diagnostics;

/// <summary>
/// Every reason the gateway can give an OCMW, written to the wire as its name. The set is closed: the names are a
/// published contract (docs/return-codes.md) and never change meaning.
/// </summary>
public enum ReasonCode
{
    // Whole message refused by the gateway.
    BerichtOngeldig,
    BerichtTeGroot,
    BerichtTeDiep,
    BerichtTeTraag,
    ServiceIdOnbekend,
    ServiceIdPayloadVerschil,
    ServiceRequestMeerdere,
    VersieOnbekend,
    SoapActionVerschil,
    ReferentieTeLang,
    TaalOnbekend,
    TijdOngeldig,
    OndernemingsnummerOntbreekt,
    OndernemingsnummerOngeldig,
    OndernemingsnummerNietVanAanvrager,
    AanvragerOngeldig,
    AanvragerNietGeauthenticeerd,
    ErkenningsnummerOngeldig,
    DienstOnbekend,
    DienstNietVanOnderneming,
    PeriodeOngeldig,
    PrestatieIdDubbel,
    GatewayInterneFout,
    AuditOnbeschikbaar,
    GatewayBezet,
    GatewayStopt,
    MeerMeldingen,

    // One item refused by the gateway, or a consult filter.
    InszOngeldig,
    TijdstipBestaatNiet,
    DatumBuitenBereik,

    // Mapped from the central service's item codes (voc:Fout/@Code).
    PrestatieInToekomst,
    DuurOngeldig,
    PeriodeVoorlopigAfgesloten,
    PeriodeDefinitiefAfgesloten,
    DienstNietErkend,
    NisCodeOnbekend,
    PrestatieOnbekend,
    CentraleFoutcodeOnbekend,

    // Mapped from the central service's whole-message status.
    GeenInitiatiefnemer,
    CentraalBerichtGeweigerd,
    CentraleDienstFout,

    // The central service could not be used: nothing was applied, the OCMW may retry.
    CentraleDienstOnbereikbaar,
    CentraleDienstTimeout,
    CentraleDienstOnbeschikbaar,
    CentraleDienstAuthenticatie,
    CentraleDienstBerichtMisvormd,
    CentraleDienstAntwoordOngeldig,
    CentraleDienstAntwoordIntegriteit,
    CentraleDienstHandtekeningOngeldig,
    CentraleDienstCertificaatOnbekend,
    CentraleDienstAntwoordVerouderd,
}
