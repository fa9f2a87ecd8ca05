using System.Net.Http.Headers;
using System.Text;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using Microsoft.Extensions.DependencyInjection;
using VrijwilligeOppas.Audit;
using VrijwilligeOppas.Gateway.Audit;
using VrijwilligeOppas.Mapping.Contracts;

namespace VrijwilligeOppas.Gateway.Tests;

/// <summary>KSZ's TestConnectionService, which CPAS software pings before it sends: an echo and how its certificate is seen.</summary>
public partial class TestConnectionServiceTests
{
    public const string Request = """
        <soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/" xmlns:v1="http://kszbcss.fgov.be/intf/TestConnectionServiceService/v1">
          <soapenv:Header/>
          <soapenv:Body><v1:sendTestMessageRequest><echo>ping &amp; pong — é</echo></v1:sendTestMessageRequest></soapenv:Body>
        </soapenv:Envelope>
        """;

    [Fact]
    public async Task SendTestMessage_EchoesAndSaysHowTheCertificateIsSeen_AndIsAudited()
    {
        using var gateway = new GatewayFactory();

        var (status, body) = await PostAsync(gateway, Request);

        Assert.Equal(200, status);
        Assert.Empty(KszOwnSchemas.Errors(body));
        var response = XDocument.Parse(body).Descendants(XName.Get("sendTestMessageResponse", "http://kszbcss.fgov.be/intf/TestConnectionServiceService/v1")).Single();
        Assert.Equal("ping & pong — é", response.Element("echo")!.Value);
        Assert.Equal("refused=no client certificate was presented; note=caller authentication is off (sandbox): each message's OrgUnit is taken as its sender", response.Element("sslCertificate")!.Value);
        var ticket = response.Element("informationCBSS")!.Element("ticketCBSS")!.Value;
        Assert.Matches(Uuid(), ticket);

        var store = gateway.Services.GetRequiredService<IAuditStore>();
        var records = new List<AuditRecord>();
        await foreach (var record in store.ReadChainAsync(gateway.Services.GetRequiredService<GatewayAudit>().Instance, CancellationToken.None))
        {
            records.Add(record);
        }

        var audited = Assert.Single(records);
        Assert.Equal((Guid.Parse(ticket).ToString("N"), "testconnection", 0), (audited.Ticket, audited.Operation, audited.ReturnCode));
    }

    [Theory]
    [InlineData("an SSDN message", "send")]
    [InlineData("no echo", "<soap:Envelope xmlns:soap=\"http://schemas.xmlsoap.org/soap/envelope/\"><soap:Body><v1:sendTestMessageRequest xmlns:v1=\"http://kszbcss.fgov.be/intf/TestConnectionServiceService/v1\"/></soap:Body></soap:Envelope>")]
    [InlineData("echo in a namespace", "<soap:Envelope xmlns:soap=\"http://schemas.xmlsoap.org/soap/envelope/\"><soap:Body><v1:sendTestMessageRequest xmlns:v1=\"http://kszbcss.fgov.be/intf/TestConnectionServiceService/v1\"><v1:echo>x</v1:echo></v1:sendTestMessageRequest></soap:Body></soap:Envelope>")]
    [InlineData("not XML", "ping")]
    [InlineData("cut off", "<soap:Envelope xmlns:soap=\"http://schemas.xmlsoap.org/soap/envelope/\"><soap:Body><v1:sendTestMessageRequest xmlns:v1=\"http://kszbcss.fgov.be/intf/TestConnectionServiceService/v1\"><echo>x</echo></v1:sendTestMessageRequest>")]
    public async Task AnythingButASendTestMessageRequest_IsAClientFault(string name, string body)
    {
        using var gateway = new GatewayFactory();

        var (status, answer) = await PostAsync(gateway, body == "send" ? KszMessages.Send(new KszMessages.P()) : body);

        Assert.True(status == 500, name);
        Assert.Equal("soap:Client", XDocument.Parse(answer).Descendants(XName.Get("Fault", Ns.Soap)).Single().Element("faultcode")!.Value);
    }

    [Fact]
    public async Task Wsdl_IsKszsOwn_WithTheGatewaysAddress_AndItsXsdIsServed()
    {
        using var gateway = new GatewayFactory();
        using var client = gateway.CreateClient();

        var wsdl = await client.GetStringAsync("/ksz/TestConnectionService?wsdl");
        var xsd = await client.GetStringAsync("/ksz/TestConnectionServiceV1.xsd");

        var kszOwn = await File.ReadAllTextAsync(Path.Combine(KszOwnSchemas.Folder, "WSDL", "TestConnectionService.wsdl"));
        Assert.Equal(kszOwn.Replace("https://bcssksz-services-test.smals.be:443/SOA4520/TestConnectionServiceService/sendTestMessage", $"{client.BaseAddress!.ToString().TrimEnd('/')}/ksz/TestConnectionService", StringComparison.Ordinal), wsdl);
        Assert.Equal(await File.ReadAllTextAsync(Path.Combine(KszOwnSchemas.Folder, "WSDL", "TestConnectionServiceV1.xsd")), xsd);
    }

    internal static async Task<(int Status, string Body)> PostAsync(GatewayFactory gateway, string xml)
    {
        using var client = gateway.CreateClient();
        using var content = new StringContent(xml, Encoding.UTF8);
        content.Headers.ContentType = MediaTypeHeaderValue.Parse("text/xml; charset=utf-8");
        using var request = new HttpRequestMessage(HttpMethod.Post, "/ksz/TestConnectionService") { Content = content };
        request.Headers.TryAddWithoutValidation("SOAPAction", "\"http://kszbcss.fgov.be/TestConnectionServiceService/sendTestMessage\"");
        using var response = await client.SendAsync(request);
        return ((int)response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    [GeneratedRegex("^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")]
    private static partial Regex Uuid();
}
