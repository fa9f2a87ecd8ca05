using System.Globalization;
using System.Text;

namespace VrijwilligeOppas.Tests.Shared;

/// <summary>Builds KSZ requests for tests: valid by default, every part overridable.</summary>
internal static class KszMessages
{
    public const string StaffInsz = "85073003328";
    public const string GebruikerInsz = "48010145644";
    public const string VrijwilligerInsz = "79021512333";
    public const string Ocmw = "0212344876";

    public sealed record P(
        string Id = "P-1",
        string Gebruiker = GebruikerInsz,
        string Vrijwilliger = VrijwilligerInsz,
        string Datum = "2026-10-24",
        string Begin = "22:00:00",
        string Eind = "07:00:00",
        string Nis = "44021");

    public static string Send(IEnumerable<P> prestaties, string ondernemingsnummer = Ocmw, string erkenningsnummer = "123", string orgUnit = Ocmw,
        string userId = StaffInsz, string matrixId = "17", string serviceId = "OCMWCPASVrijwilligeOppasSend", string reference = "REF-1")
    {
        var items = new StringBuilder();
        foreach (var p in prestaties)
        {
            items.Append(CultureInfo.InvariantCulture, $"""
                <vo:Prestatie><vo:PrestatieId>{p.Id}</vo:PrestatieId><vo:GebruikerINSZ>{p.Gebruiker}</vo:GebruikerINSZ><vo:VrijwilligerINSZ>{p.Vrijwilliger}</vo:VrijwilligerINSZ><vo:Datum>{p.Datum}</vo:Datum><vo:Begintijd>{p.Begin}</vo:Begintijd><vo:Eindtijd>{p.Eind}</vo:Eindtijd><vo:GemeenteNISCode>{p.Nis}</vo:GemeenteNISCode></vo:Prestatie>
                """);
        }

        return Envelope(Request(serviceId, $"<vo:SendPrestatiesRequest>{Dienst(ondernemingsnummer, erkenningsnummer)}{items}</vo:SendPrestatiesRequest>", orgUnit, userId, matrixId, reference));
    }

    public static string Send(params P[] prestaties) => Send((IEnumerable<P>)prestaties);

    public static string Delete(IEnumerable<string> ids, string ondernemingsnummer = Ocmw, string erkenningsnummer = "123", string serviceId = "OCMWCPASVrijwilligeOppasDelete")
    {
        var items = string.Concat(ids.Select(id => $"<vo:PrestatieId>{id}</vo:PrestatieId>"));
        return Envelope(Request(serviceId, $"<vo:DeletePrestatiesRequest>{Dienst(ondernemingsnummer, erkenningsnummer)}{items}</vo:DeletePrestatiesRequest>"));
    }

    public static string Consult(string start = "2026-10-01", string end = "2026-11-30", string? gebruiker = null, string? vrijwilliger = null,
        int? max = null, string? sleutel = null, string ondernemingsnummer = Ocmw, string erkenningsnummer = "123")
    {
        var filters = (gebruiker is null ? "" : $"<vo:GebruikerINSZ>{gebruiker}</vo:GebruikerINSZ>")
            + (vrijwilliger is null ? "" : $"<vo:VrijwilligerINSZ>{vrijwilliger}</vo:VrijwilligerINSZ>")
            + (max is null ? "" : $"<vo:MaxResultaten>{max}</vo:MaxResultaten>")
            + (sleutel is null ? "" : $"<vo:VolgendeSleutel>{sleutel}</vo:VolgendeSleutel>");
        return Envelope(Request("OCMWCPASVrijwilligeOppasConsult",
            $"<vo:ConsultPrestatiesRequest>{Dienst(ondernemingsnummer, erkenningsnummer)}<vo:Periode><common:StartDate>{start}</common:StartDate><common:EndDate>{end}</common:EndDate></vo:Periode>{filters}</vo:ConsultPrestatiesRequest>"));
    }

    /// <summary>The same request in the connector form: the SSDNRequest as CDATA text in bcss:xmlString.</summary>
    public static string AsConnector(string envelope)
    {
        var start = envelope.IndexOf("<ssdn:SSDNRequest", StringComparison.Ordinal);
        var end = envelope.IndexOf("</ssdn:SSDNRequest>", StringComparison.Ordinal) + "</ssdn:SSDNRequest>".Length;
        return $"""
            <soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"><soap:Body><bcss:xmlString xmlns:bcss="http://ksz-bcss.fgov.be/connectors/WebServiceConnector"><![CDATA[{envelope[start..end]}]]></bcss:xmlString></soap:Body></soap:Envelope>
            """;
    }

    public static string Request(string serviceId, string payload, string orgUnit = Ocmw, string userId = StaffInsz, string matrixId = "17", string reference = "REF-1") => $"""
        <ssdn:SSDNRequest xmlns:ssdn="http://www.ksz-bcss.fgov.be/XSD/SSDN/Service" xmlns:common="http://www.ksz-bcss.fgov.be/XSD/SSDN/Common" xmlns:vo="http://www.ksz-bcss.fgov.be/XSD/SSDN/OCMW_CPAS/VrijwilligeOppas">
          <ssdn:RequestContext>
            <ssdn:AuthorizedUser><ssdn:UserID>{userId}</ssdn:UserID><ssdn:Email>an.peeters@ocmw-gent.be</ssdn:Email><ssdn:OrgUnit>{orgUnit}</ssdn:OrgUnit><ssdn:MatrixID>{matrixId}</ssdn:MatrixID><ssdn:MatrixSubID>1</ssdn:MatrixSubID></ssdn:AuthorizedUser>
            <ssdn:Message><ssdn:Reference>{reference}</ssdn:Reference><ssdn:TimeRequest>20261122T101500</ssdn:TimeRequest></ssdn:Message>
          </ssdn:RequestContext>
          <ssdn:ServiceRequest><ssdn:ServiceId>{serviceId}</ssdn:ServiceId><ssdn:Version>20261122</ssdn:Version>{payload}</ssdn:ServiceRequest>
        </ssdn:SSDNRequest>
        """;

    public static string Envelope(string body) =>
        $"""<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"><soap:Body>{body}</soap:Body></soap:Envelope>""";

    private static string Dienst(string ondernemingsnummer, string erkenningsnummer) =>
        $"<vo:Ondernemingsnummer>{ondernemingsnummer}</vo:Ondernemingsnummer><vo:Erkenningsnummer>{erkenningsnummer}</vo:Erkenningsnummer>";
}
