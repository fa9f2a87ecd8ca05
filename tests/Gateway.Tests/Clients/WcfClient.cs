using System.ServiceModel;
using System.Text;
using System.Text.Json;
using System.Xml;
using System.Xml.Serialization;

namespace VrijwilligeOppas.Gateway.Tests.Clients;

/// <summary>
/// The scenario of <see cref="ClientConformanceTests"/> through WCF (System.ServiceModel.Http's BasicHttpBinding) and
/// the contract of <c>VrijwilligeOppasService.cs</c>, written as a .NET vendor would: typed objects, no XML by hand.
/// </summary>
internal static class WcfClient
{
    public static async Task<JsonElement> RunAsync(Uri endpoint)
    {
        var binding = new BasicHttpBinding { MaxReceivedMessageSize = 64 * 1024 * 1024 };
        using var factory = new ChannelFactory<VrijwilligeOppasPortType>(binding, new EndpointAddress(endpoint));
        var client = factory.CreateChannel();
        try
        {
            var send = await client.OCMWCPASVrijwilligeOppasSendAsync(new() { SSDNRequest = Request(ServiceIdType.OCMWCPASVrijwilligeOppasSend, SendOf(Prestatie("W-1", 2026, 10, 24, "22:00:00", "07:00:00"), Prestatie("W-2", 2026, 11, 3, "14:00:00", "17:30:00"))) });
            var correction = await client.OCMWCPASVrijwilligeOppasSendAsync(new() { SSDNRequest = Request(ServiceIdType.OCMWCPASVrijwilligeOppasSend, SendOf(Prestatie("W-2", 2026, 11, 3, "14:00:00", "18:00:00"))) });
            var page1 = await client.OCMWCPASVrijwilligeOppasConsultAsync(new() { SSDNRequest = Request(ServiceIdType.OCMWCPASVrijwilligeOppasConsult, Consult(null)) });
            var next = ((ConsultPrestatiesReply)page1.SSDNReply.ServiceReply.Item!).VolgendeSleutel;
            var page2 = await client.OCMWCPASVrijwilligeOppasConsultAsync(new() { SSDNRequest = Request(ServiceIdType.OCMWCPASVrijwilligeOppasConsult, Consult(next)) });
            var deleted = await client.OCMWCPASVrijwilligeOppasDeleteAsync(new()
            {
                SSDNRequest = Request(ServiceIdType.OCMWCPASVrijwilligeOppasDelete, new DeletePrestatiesRequest { Ondernemingsnummer = "0212344876", Erkenningsnummer = 123, PrestatieId = ["W-1", "W-UNKNOWN"] }),
            });

            // The connector form: the same typed request, serialised to text for sendXML; the reply text read back as SSDNReply.
            var connector = await client.sendXMLAsync(new() { xmlString = Serialize(Request(ServiceIdType.OCMWCPASVrijwilligeOppasConsult, Consult(null, max: null))) });
            var connectorReply = (SSDNReply)new XmlSerializer(typeof(SSDNReply)).Deserialize(XmlReader.Create(new StringReader(connector.xmlString)))!;

            ((ICommunicationObject)client).Close();
            return JsonSerializer.SerializeToElement(new
            {
                send = SendOutcome(send.SSDNReply),
                correction = SendOutcome(correction.SSDNReply),
                page1 = ConsultOutcome(page1.SSDNReply),
                page2 = ConsultOutcome(page2.SSDNReply),
                delete = new
                {
                    returnCode = int.Parse(deleted.SSDNReply.ReplyContext.ResultSummary.ReturnCode, System.Globalization.CultureInfo.InvariantCulture),
                    serviceReturnCode = ServiceReturnCode(deleted.SSDNReply),
                    statuses = ((DeletePrestatiesReply)deleted.SSDNReply.ServiceReply.Item!).Resultaat.Select(r => r.Status.ToString()),
                },
                connector = new { returnCodes = new[] { connectorReply.ReplyContext.ResultSummary.ReturnCode, connectorReply.ServiceReply.ResultSummary.ReturnCode }.Select(int.Parse) },
            });
        }
        catch
        {
            ((ICommunicationObject)client).Abort();
            throw;
        }
    }

    private static SSDNRequest Request(ServiceIdType serviceId, object payload) => new()
    {
        RequestContext = new RequestContextType
        {
            AuthorizedUser = new AuthorizedUserType { UserID = "85073003328", Email = "an.peeters@ocmw-gent.be", OrgUnit = "0212344876", MatrixID = "17", MatrixSubID = "1" },
            Message = new RequestMessageType { Reference = "WCF # " + serviceId, TimeRequest = "20261122T101500" },
        },
        ServiceRequest = new ServiceRequestType { ServiceId = serviceId, Version = VersionType.Item20261122, Item = payload },
    };

    private static SendPrestatiesRequest SendOf(params PrestatieType[] prestaties) => new() { Ondernemingsnummer = "0212344876", Erkenningsnummer = 123, Prestatie = prestaties };

    private static PrestatieType Prestatie(string id, int year, int month, int day, string begin, string end) => new()
    {
        PrestatieId = id,
        GebruikerINSZ = "48010145644",
        VrijwilligerINSZ = "79021512333",
        Datum = new DateTime(year, month, day, 0, 0, 0, DateTimeKind.Unspecified),
        Begintijd = begin,
        Eindtijd = end,
        GemeenteNISCode = "44021",
    };

    private static ConsultPrestatiesRequest Consult(string? sleutel, int? max = 1) => new()
    {
        Ondernemingsnummer = "0212344876",
        Erkenningsnummer = 123,
        Periode = new PeriodeType { StartDate = new DateTime(2026, 10, 1, 0, 0, 0, DateTimeKind.Unspecified), EndDate = new DateTime(2026, 11, 30, 0, 0, 0, DateTimeKind.Unspecified) },
        MaxResultaten = max ?? 0,
        MaxResultatenSpecified = max is not null,
        VolgendeSleutel = sleutel,
    };

    private static int ServiceReturnCode(SSDNReply reply) => int.Parse(reply.ServiceReply.ResultSummary.ReturnCode, System.Globalization.CultureInfo.InvariantCulture);

    private static object SendOutcome(SSDNReply reply)
    {
        var results = ((SendPrestatiesReply)reply.ServiceReply.Item!).Resultaat;
        return new { serviceReturnCode = ServiceReturnCode(reply), statuses = results.Select(r => r.Status.ToString()), durations = results.Select(r => r.DuurMinuten) };
    }

    private static object ConsultOutcome(SSDNReply reply)
    {
        var answer = (ConsultPrestatiesReply)reply.ServiceReply.Item!;
        return new { serviceReturnCode = ServiceReturnCode(reply), ids = answer.Prestatie.Select(p => p.PrestatieId), durations = answer.Prestatie.Select(p => p.DuurMinuten), next = answer.VolgendeSleutel };
    }

    private static string Serialize(SSDNRequest request)
    {
        var text = new StringBuilder();
        using (var writer = XmlWriter.Create(text, new XmlWriterSettings { OmitXmlDeclaration = true }))
        {
            new XmlSerializer(typeof(SSDNRequest)).Serialize(writer, request);
        }

        return text.ToString();
    }
}
