using System.Collections.Frozen;

namespace VrijwilligeOppas.Mapping.Diagnostics;

/// <summary>
/// The wire name, Dutch diagnostic and severity of every <see cref="ReasonCode"/>. docs/return-codes.md is this
/// table in prose; a test keeps the two equal.
/// </summary>
public static class ReasonCatalog
{
    private static readonly FrozenDictionary<ReasonCode, Entry> Entries = new Dictionary<ReasonCode, Entry>
    {
        [ReasonCode.BerichtOngeldig] = new("BERICHT_ONGELDIG", Severity.Error, "Het bericht voldoet niet aan het XSD-schema van de dienst; zie Information voor de plaats van de fout."),
        [ReasonCode.BerichtTeGroot] = new("BERICHT_TE_GROOT", Severity.Error, "Het bericht is groter dan toegelaten; verdeel de prestaties over meerdere berichten."),
        [ReasonCode.BerichtTeDiep] = new("BERICHT_TE_DIEP", Severity.Error, "Het bericht is dieper genest dan toegelaten (64 niveaus), bijvoorbeeld in een SOAP-header; er werd niets verwerkt."),
        [ReasonCode.BerichtTeTraag] = new("BERICHT_TE_TRAAG", Severity.Error, "Het bericht kwam niet volledig binnen de toegelaten tijd toe; er werd niets verwerkt. Controleer de verbinding en stuur het bericht opnieuw."),
        [ReasonCode.ServiceIdOnbekend] = new("SERVICEID_ONBEKEND", Severity.Error, "De ServiceId is onbekend; gebruik OCMWCPASVrijwilligeOppasSend, -Delete of -Consult."),
        [ReasonCode.ServiceIdPayloadVerschil] = new("SERVICEID_PAYLOAD_VERSCHIL", Severity.Error, "De inhoud van ServiceRequest past niet bij de ServiceId."),
        [ReasonCode.ServiceRequestMeerdere] = new("SERVICEREQUEST_MEERDERE", Severity.Error, "Het bericht bevat meer dan een ServiceRequest; deze dienst verwerkt er precies een per bericht. Stuur elke aanvraag in een eigen bericht."),
        [ReasonCode.VersieOnbekend] = new("VERSIE_ONBEKEND", Severity.Error, "De Version in ServiceRequest is onbekend; deze dienst kent enkel versie 20261122."),
        [ReasonCode.ReferentieTeLang] = new("REFERENTIE_TE_LANG", Severity.Error, "De Reference is langer dan 256 tekens; kort ze in."),
        [ReasonCode.TaalOnbekend] = new("TAAL_ONBEKEND", Severity.Error, "De Language moet nl, fr, de of en zijn (de diagnoses blijven in het Nederlands)."),
        [ReasonCode.TijdOngeldig] = new("TIJD_ONGELDIG", Severity.Error, "Begintijd en Eindtijd zijn Belgische kloktijden in de vorm UU:MM:SS (00:00:00 tot 23:59:59), zonder fractie van een seconde en zonder tijdzone."),
        [ReasonCode.SoapActionVerschil] = new("SOAPACTION_VERSCHIL", Severity.Error, "De SOAPAction-header komt niet overeen met de ServiceId in het bericht. Laat de SOAPAction weg, gebruik de ServiceId, of in de connectorvorm de SOAPAction van de KSZ-connector (sendXML)."),
        [ReasonCode.OndernemingsnummerOntbreekt] = new("ONDERNEMINGSNUMMER_ONTBREEKT", Severity.Error, "Het ondernemingsnummer ontbreekt; het is verplicht in elk bericht van een OCMW."),
        [ReasonCode.OndernemingsnummerOngeldig] = new("ONDERNEMINGSNUMMER_ONGELDIG", Severity.Error, "Het ondernemingsnummer is ongeldig: het moet uit 10 cijfers bestaan, beginnen met 0 of 1 en een correct controlegetal hebben."),
        [ReasonCode.OndernemingsnummerNietVanAanvrager] = new("ONDERNEMINGSNUMMER_NIET_VAN_AANVRAGER", Severity.Error, "Het ondernemingsnummer in het bericht is niet dat van de aanvrager (OrgUnit of certificaat)."),
        [ReasonCode.AanvragerOngeldig] = new("AANVRAGER_ONGELDIG", Severity.Error, "De gegevens van de aanvrager (AuthorizedUser) zijn ongeldig; zie Information."),
        [ReasonCode.AanvragerNietGeauthenticeerd] = new("AANVRAGER_NIET_GEAUTHENTICEERD", Severity.Error, "De aanvrager is niet geauthenticeerd: er werd geen clientcertificaat voorgelegd of het certificaat is niet geregistreerd bij de vertaalmodule. Gebruik het certificaat dat voor uw ondernemingsnummer geregistreerd is."),
        [ReasonCode.ErkenningsnummerOngeldig] = new("ERKENNINGSNUMMER_ONGELDIG", Severity.Error, "Het erkenningsnummer is ongeldig: het ligt tussen 100 en 699."),
        [ReasonCode.DienstOnbekend] = new("DIENST_ONBEKEND", Severity.Error, "Er is geen dienst voor oppashulp met dit erkenningsnummer bekend."),
        [ReasonCode.DienstNietVanOnderneming] = new("DIENST_NIET_VAN_ONDERNEMING", Severity.Error, "Deze dienst voor oppashulp hoort niet bij uw ondernemingsnummer."),
        [ReasonCode.PeriodeOngeldig] = new("PERIODE_ONGELDIG", Severity.Error, "De gevraagde periode is ongeldig: de einddatum ligt voor de begindatum of meer dan 93 dagen erna."),
        [ReasonCode.PrestatieIdDubbel] = new("PRESTATIEID_DUBBEL", Severity.Error, "Dezelfde PrestatieId komt meer dan eens voor in het bericht; stuur elke prestatie maar een keer."),
        [ReasonCode.GatewayInterneFout] = new("GATEWAY_INTERNE_FOUT", Severity.Error, "Er liep iets mis in de vertaalmodule; er werd niets verwerkt. Probeer later opnieuw en meld het ticket als het blijft gebeuren."),
        [ReasonCode.AuditOnbeschikbaar] = new("AUDIT_ONBESCHIKBAAR", Severity.Error, "Het bericht kon niet in het verplichte auditlogboek van de vertaalmodule worden opgenomen en werd daarom geweigerd. Als het al aan de centrale dienst bezorgd was, kan het verwerkt zijn: stuur het later opnieuw (prestaties worden op PrestatieId vervangen, niet verdubbeld)."),
        [ReasonCode.GatewayBezet] = new("GATEWAY_BEZET", Severity.Error, "De vertaalmodule verwerkt op dit ogenblik te veel berichten; er werd niets van dit bericht verwerkt. Stuur het over enkele ogenblikken opnieuw."),
        [ReasonCode.GatewayStopt] = new("GATEWAY_STOPT", Severity.Error, "De vertaalmodule wordt herstart; er werd niets van dit bericht verwerkt. Stuur het over enkele ogenblikken opnieuw."),
        [ReasonCode.MeerMeldingen] = new("MEER_MELDINGEN", Severity.Error, "Er zijn meer meldingen dan een antwoord kan bevatten; zie Information voor het aantal dat niet getoond wordt."),
        [ReasonCode.InszOngeldig] = new("INSZ_ONGELDIG", Severity.Error, "Het INSZ is ongeldig: het controlegetal of de geboortedatum klopt niet."),
        [ReasonCode.DatumBuitenBereik] = new("DATUM_BUITEN_BEREIK", Severity.Error, "De datum ligt buiten de jaren 1900 tot 2999; controleer de datum van de prestatie."),
        [ReasonCode.TijdstipBestaatNiet] = new("TIJDSTIP_BESTAAT_NIET", Severity.Error, "Dit tijdstip bestaat niet in de Belgische tijd (het uur dat wegvalt bij de overgang naar zomertijd)."),
        [ReasonCode.PrestatieInToekomst] = new("PRESTATIE_IN_TOEKOMST", Severity.Error, "Het einde van de prestatie ligt in de toekomst; planningsgegevens worden niet aanvaard."),
        [ReasonCode.DuurOngeldig] = new("DUUR_ONGELDIG", Severity.Error, "De duur van de prestatie is ongeldig: het einde moet na het begin liggen en de prestatie duurt ten hoogste 24 uur."),
        [ReasonCode.PeriodeVoorlopigAfgesloten] = new("PERIODE_VOORLOPIG_AFGESLOTEN", Severity.Error, "De maand van deze prestatie is voorlopig afgesloten; vraag zo nodig een heropening aan bij de helpdesk Vrijwillige Oppas."),
        [ReasonCode.PeriodeDefinitiefAfgesloten] = new("PERIODE_DEFINITIEF_AFGESLOTEN", Severity.Error, "Het jaar van deze prestatie is definitief afgesloten; er kan niets meer gewijzigd worden."),
        [ReasonCode.DienstNietErkend] = new("DIENST_NIET_ERKEND", Severity.Error, "De dienst was niet erkend op de datum van de prestatie."),
        [ReasonCode.NisCodeOnbekend] = new("NISCODE_ONBEKEND", Severity.Error, "De NIS-code van de gemeente is onbekend in de parametertabel van de centrale dienst."),
        [ReasonCode.PrestatieOnbekend] = new("PRESTATIE_ONBEKEND", Severity.Warning, "Er is geen prestatie met deze PrestatieId gekend voor deze dienst."),
        [ReasonCode.CentraleFoutcodeOnbekend] = new("CENTRALE_FOUTCODE_ONBEKEND", Severity.Error, "De centrale dienst weigerde de prestatie met een code die de vertaalmodule niet kent; zie Information."),
        [ReasonCode.GeenInitiatiefnemer] = new("GEEN_INITIATIEFNEMER", Severity.Error, "Volgens de centrale dienst is dit ondernemingsnummer niet de initiatiefnemer van de dienst."),
        [ReasonCode.CentraalBerichtGeweigerd] = new("CENTRAAL_BERICHT_GEWEIGERD", Severity.Error, "De centrale dienst weigerde het bericht als geheel; er werd niets verwerkt."),
        [ReasonCode.CentraleDienstFout] = new("CENTRALE_DIENST_FOUT", Severity.Error, "De centrale dienst meldde een interne fout; er werd niets verwerkt. Probeer later opnieuw."),
        [ReasonCode.CentraleDienstOnbereikbaar] = new("CENTRALE_DIENST_ONBEREIKBAAR", Severity.Error, "De centrale dienst is niet bereikbaar; er werd niets verwerkt. Probeer later opnieuw."),
        [ReasonCode.CentraleDienstTimeout] = new("CENTRALE_DIENST_TIMEOUT", Severity.Error, "De centrale dienst antwoordde niet op tijd; het is niet zeker dat er niets verwerkt werd. Stuur hetzelfde bericht later opnieuw: prestaties worden op PrestatieId vervangen, niet verdubbeld."),
        [ReasonCode.CentraleDienstOnbeschikbaar] = new("CENTRALE_DIENST_ONBESCHIKBAAR", Severity.Error, "De centrale dienst is tijdelijk niet beschikbaar; er werd niets verwerkt. Probeer later opnieuw."),
        [ReasonCode.CentraleDienstAuthenticatie] = new("CENTRALE_DIENST_AUTHENTICATIE", Severity.Error, "De centrale dienst aanvaardde de handtekening of het certificaat van de vertaalmodule niet; er werd niets verwerkt. Meld het ticket aan de beheerder."),
        [ReasonCode.CentraleDienstBerichtMisvormd] = new("CENTRALE_DIENST_BERICHT_MISVORMD", Severity.Error, "De centrale dienst vond het vertaalde bericht misvormd; er werd niets verwerkt. Meld het ticket aan de beheerder."),
        [ReasonCode.CentraleDienstAntwoordOngeldig] = new("CENTRALE_DIENST_ANTWOORD_ONGELDIG", Severity.Error, "Het antwoord van de centrale dienst was onleesbaar of ongeldig; het resultaat is onbekend. Stuur hetzelfde bericht later opnieuw."),
        [ReasonCode.CentraleDienstAntwoordIntegriteit] = new("CENTRALE_DIENST_ANTWOORD_INTEGRITEIT", Severity.Error, "Het antwoord van de centrale dienst hoort niet bij dit bericht of is onvolledig; het werd niet gebruikt. Stuur hetzelfde bericht later opnieuw."),
        [ReasonCode.CentraleDienstHandtekeningOngeldig] = new("CENTRALE_DIENST_HANDTEKENING_ONGELDIG", Severity.Error, "Het antwoord van de centrale dienst was niet of niet correct ondertekend; het werd niet gebruikt en het resultaat is onbekend. Stuur hetzelfde bericht later opnieuw en meld het ticket aan de beheerder."),
        [ReasonCode.CentraleDienstCertificaatOnbekend] = new("CENTRALE_DIENST_CERTIFICAAT_ONBEKEND", Severity.Error, "Het antwoord van de centrale dienst was ondertekend met een certificaat dat de vertaalmodule niet vertrouwt; het werd niet gebruikt en het resultaat is onbekend. Meld het ticket aan de beheerder."),
        [ReasonCode.CentraleDienstAntwoordVerouderd] = new("CENTRALE_DIENST_ANTWOORD_VEROUDERD", Severity.Error, "Het antwoord van de centrale dienst was verouderd (tijdstempel buiten de toegelaten marge); het werd niet gebruikt en het resultaat is onbekend. Stuur hetzelfde bericht later opnieuw."),
    }.ToFrozenDictionary();

    public static IEnumerable<ReasonCode> All => Enum.GetValues<ReasonCode>();

    public static string Name(ReasonCode code) => Entries[code].Name;

    public static string Diagnostic(ReasonCode code) => Entries[code].Diagnostic;

    public static Severity DefaultSeverity(ReasonCode code) => Entries[code].Severity;

    private sealed record Entry(string Name, Severity Severity, string Diagnostic);
}
