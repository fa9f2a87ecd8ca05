using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Microsoft.AspNetCore.Hosting;
using VrijwilligeOppas.Security;

namespace VrijwilligeOppas.Gateway.Tests;

/// <summary>
/// Callers authenticated by client certificate over real TLS on loopback, or by a configured proxy's header; the
/// ondernemingsnummer in the message must be the caller's and the dienst must be that ondernemingsnummer's.
/// </summary>
public sealed class CallerAuthenticationTests : IDisposable
{
    private const string Gent = "0212344876";
    private const string Brugge = "0207123407";

    private readonly string _folder = Directory.CreateTempSubdirectory("vo-callers-").FullName;

    [Fact]
    public async Task MutualTls_OnlyAConfiguredCertificateGetsThrough_AndOnlyForItsOwnOndernemingsnummerAndDiensten()
    {
        await using var stub = await StubCentral.StartAsync(StubCentral.AcceptAll);
        var (gateway, address) = StartTls(stub.Settings);
        using var _ = gateway;

        var accepted = await PostAsync(address, KszMessages.Send(new KszMessages.P("a")), TestCertificates.OcmwGent);
        var noCertificate = await PostAsync(address, KszMessages.Send(new KszMessages.P("a")), null);
        var unknown = await PostAsync(address, KszMessages.Send(new KszMessages.P("a")), TestCertificates.Stranger);
        var otherOcmw = await PostAsync(address, KszMessages.Send([new KszMessages.P("a")], ondernemingsnummer: Brugge, erkenningsnummer: "456", orgUnit: Brugge), TestCertificates.OcmwGent);
        var otherDienst = await PostAsync(address, KszMessages.Send([new KszMessages.P("a")], erkenningsnummer: "456"), TestCertificates.OcmwGent);

        Assert.Equal(0, accepted.ReturnCode);
        Assert.Equal(["AANVRAGER_NIET_GEAUTHENTICEERD"], noCertificate.ReasonCodes);
        Assert.Equal(["AANVRAGER_NIET_GEAUTHENTICEERD"], unknown.ReasonCodes);
        Assert.Equal(["ONDERNEMINGSNUMMER_NIET_VAN_AANVRAGER"], otherOcmw.ReasonCodes);
        Assert.Equal(["DIENST_NIET_VAN_ONDERNEMING"], otherDienst.ReasonCodes);
        Assert.Equal(1, stub.Requests);
        Assert.Empty(SchemaValidation.KszErrors(noCertificate.Body));
        Assert.Contains(gateway.Logs, line => line.Contains("not authenticated (client certificate none", StringComparison.Ordinal));
    }

    [Fact]
    public async Task TestConnectionService_TellsEachCallerHowItsCertificateIsSeen_AndForwardsNothing()
    {
        await using var stub = await StubCentral.StartAsync(StubCentral.AcceptAll);
        var (gateway, address) = StartTls(stub.Settings);
        using var _ = gateway;

        string Seen(KszAnswer answer) => answer.Document.Descendants("sslCertificate").Single().Value;
        var gent = Seen(await PostAsync(address, TestConnectionServiceTests.Request, TestCertificates.OcmwGent, path: "/ksz/TestConnectionService"));
        var stranger = Seen(await PostAsync(address, TestConnectionServiceTests.Request, TestCertificates.Stranger, path: "/ksz/TestConnectionService"));
        var none = Seen(await PostAsync(address, TestConnectionServiceTests.Request, null, path: "/ksz/TestConnectionService"));

        Assert.Equal($"subject={TestCertificates.OcmwGent.Subject}; thumbprint={TestCertificates.OcmwGent.GetCertHashString(HashAlgorithmName.SHA256)}; ondernemingsnummer={Gent}", gent);
        Assert.Equal($"subject={TestCertificates.Stranger.Subject}; thumbprint={TestCertificates.Stranger.GetCertHashString(HashAlgorithmName.SHA256)}; refused=neither the certificate's SHA-256 thumbprint nor its subject is registered with this gateway", stranger);
        Assert.Equal("refused=no client certificate was presented", none);
        Assert.Equal(0, stub.Requests);
    }

    [Fact]
    public async Task MutualTls_BySubject_OnlyWhenTheConfiguredCaIssuedTheCertificate()
    {
        var now = GatewayFactory.DefaultNow;
        using var caKey = RSA.Create(2048);
        var caRequest = new CertificateRequest("CN=Test CA", caKey, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        caRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        caRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign, true));
        using var ca = caRequest.CreateSelfSigned(now.AddYears(-1), now.AddYears(3));
        using var clientKey = RSA.Create(2048);
        var clientRequest = new CertificateRequest("CN=OCMW Brugge", clientKey, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        using var issued = clientRequest.Create(ca, now.AddDays(-1), now.AddYears(1), [1, 2, 3, 4]).CopyWithPrivateKey(clientKey);
        using var forged = SelfSignedCertificates.Create("OCMW Brugge", now.AddDays(-1), now.AddYears(1));
        Assert.Equal(issued.Subject, forged.Subject.Replace(", O=Vrijwillige Oppas sandbox", string.Empty, StringComparison.Ordinal));
        var caPath = Path.Combine(_folder, "ca.pem");
        File.WriteAllText(caPath, ca.ExportCertificatePem());

        await using var stub = await StubCentral.StartAsync(StubCentral.AcceptAll);
        var settings = stub.Settings;
        settings["Callers:Clients:1:Subject"] = "CN=OCMW Brugge";
        settings["Callers:Clients:1:Ondernemingsnummer"] = Brugge;
        settings["Callers:IssuerCertificatePath"] = caPath;
        var (gateway, address) = StartTls(settings);
        using var _ = gateway;
        var brugge = KszMessages.Send([new KszMessages.P("a")], ondernemingsnummer: Brugge, erkenningsnummer: "456", orgUnit: Brugge);

        Assert.Equal(0, (await PostAsync(address, brugge, issued)).ReturnCode);
        Assert.Equal(["AANVRAGER_NIET_GEAUTHENTICEERD"], (await PostAsync(address, brugge, forged)).ReasonCodes);
    }

    [Fact]
    public async Task MutualTls_APinnedCertificateOutsideItsValidity_IsNobody()
    {
        using var expired = SelfSignedCertificates.Create("OCMW Gent old", GatewayFactory.DefaultNow.AddYears(-3), GatewayFactory.DefaultNow.AddDays(-1));
        await using var stub = await StubCentral.StartAsync(StubCentral.AcceptAll);
        var settings = stub.Settings;
        settings["Callers:Clients:1:Thumbprint"] = expired.GetCertHashString(HashAlgorithmName.SHA256);
        settings["Callers:Clients:1:Ondernemingsnummer"] = Gent;
        var (gateway, address) = StartTls(settings);
        using var _ = gateway;

        Assert.Equal(["AANVRAGER_NIET_GEAUTHENTICEERD"], (await PostAsync(address, KszMessages.Send(new KszMessages.P("a")), expired)).ReasonCodes);
    }

    [Theory]
    [InlineData("base64")]
    [InlineData("nginx")]
    public async Task ForwardedCertificate_FromAConfiguredProxy_Authenticates(string format)
    {
        await using var stub = await StubCentral.StartAsync(StubCentral.AcceptAll);
        var settings = stub.Settings;
        settings["Callers:Forwarded:Proxies:0"] = "127.0.0.1";
        var (gateway, address) = StartPlain(settings);
        using var _ = gateway;
        var header = format == "base64"
            ? Convert.ToBase64String(TestCertificates.OcmwGent.RawData)
            : Uri.EscapeDataString(TestCertificates.OcmwGent.ExportCertificatePem());

        var answer = await PostAsync(address, KszMessages.Send(new KszMessages.P("a")), null, ("X-Client-Cert", header));

        Assert.Equal(0, answer.ReturnCode);
    }

    [Theory]
    [InlineData("192.0.2.10")]
    [InlineData(null)]
    public async Task ForwardedCertificate_FromAnyOtherAddress_IsIgnored(string? proxy)
    {
        await using var stub = await StubCentral.StartAsync(StubCentral.AcceptAll);
        var settings = stub.Settings;
        if (proxy is not null)
        {
            settings["Callers:Forwarded:Proxies:0"] = proxy;
        }

        var (gateway, address) = StartPlain(settings);
        using var _ = gateway;

        var answer = await PostAsync(address, KszMessages.Send(new KszMessages.P("a")), null, ("X-Client-Cert", Convert.ToBase64String(TestCertificates.OcmwGent.RawData)));

        Assert.Equal(["AANVRAGER_NIET_GEAUTHENTICEERD"], answer.ReasonCodes);
        Assert.Equal(0, stub.Requests);
    }

    [Fact]
    public async Task Production_WithEverythingConfigured_ServesOverMutualTls()
    {
        await using var stub = await StubCentral.StartAsync(StubCentral.AcceptAll, tls: TestCertificates.Server);
        var settings = stub.Settings;
        var centralCa = Path.Combine(_folder, "central-ca.pem");
        File.WriteAllText(centralCa, TestCertificates.Server.ExportCertificatePem());
        settings["Gateway:Mode"] = "Production";
        settings["Trust:CentralTlsCaPath"] = centralCa;
        settings["Audit:CheckpointCertificatePaths:0"] = TestCertificates.CertificatePath("gateway");
        settings["Audit:WitnessDirectory"] = Path.Combine(_folder, "witness");
        settings["Trust:SigningCertificatePath"] = TestCertificates.CertificatePath("gateway");
        settings["Trust:SigningKeyPath"] = TestCertificates.KeyPath("gateway");
        settings["Audit:CurrentKeyId"] = "k1";
        settings["Audit:EncryptionKeys:k1"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
        settings["Audit:IndexKey"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
        var (gateway, address) = StartTls(settings);
        using var _ = gateway;

        var answer = await PostAsync(address, KszMessages.Send(new KszMessages.P("a")), TestCertificates.OcmwGent);

        Assert.Equal(0, answer.ReturnCode);
        Assert.False(File.Exists(Path.Combine(gateway.DataDirectory, "audit", "sandbox-keys.json")), "production generates no audit keys");
        Assert.False(Directory.Exists(Path.Combine(gateway.DataDirectory, "certificates")), "production generates no certificates");
        Assert.DoesNotContain(gateway.Logs, line => line.Contains("SANDBOX MODE", StringComparison.Ordinal) || line.Contains("NOT authenticated", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("Callers:Clients:0:Thumbprint", "not-hex", "64 hex digits")]
    [InlineData("Callers:Clients:0:Ondernemingsnummer", "0212344877", "is not a valid ondernemingsnummer")]
    [InlineData("Callers:Clients:0:Subject", "CN=OCMW Gent", "exactly one of Thumbprint or Subject")]
    [InlineData("Callers:Forwarded:Proxies:0", "proxy.example", "is not an IP address")]
    public void Start_WithABadCallersSection_IsRefusedNamingTheKey(string key, string value, string message)
    {
        var settings = ClientCertificateSettings(new());
        settings[key] = value;
        using var gateway = new GatewayFactory(settings: settings);

        var failure = Assert.ThrowsAny<Exception>(() => gateway.CreateClient());

        Assert.Contains(message, failure.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Start_ClientCertificatesWithoutClients_IsRefused()
    {
        using var gateway = new GatewayFactory(settings: new() { ["Gateway:CallerAuthentication"] = "ClientCertificate" });

        var failure = Assert.ThrowsAny<Exception>(() => gateway.CreateClient());

        Assert.Contains("Callers:Clients is empty", failure.ToString(), StringComparison.Ordinal);
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private static Dictionary<string, string?> ClientCertificateSettings(Dictionary<string, string?> settings)
    {
        settings["Gateway:CallerAuthentication"] = "ClientCertificate";
        settings["Callers:Clients:0:Thumbprint"] = TestCertificates.OcmwGent.GetCertHashString(HashAlgorithmName.SHA256);
        settings["Callers:Clients:0:Ondernemingsnummer"] = Gent;
        return settings;
    }

    internal static (GatewayFactory Gateway, Uri Address) StartTls(Dictionary<string, string?> settings) =>
        Start(settings, listen => listen.UseHttps(TestCertificates.Server));

    private static (GatewayFactory Gateway, Uri Address) StartPlain(Dictionary<string, string?> settings) => Start(settings, _ => { });

    private static (GatewayFactory Gateway, Uri Address) Start(Dictionary<string, string?> settings, Action<Microsoft.AspNetCore.Server.Kestrel.Core.ListenOptions> listen)
    {
        var gateway = new GatewayFactory(settings: ClientCertificateSettings(settings));
        gateway.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0, listen));
        gateway.StartServer();
        return (gateway, gateway.ServerAddress!);
    }

    internal static async Task<KszAnswer> PostAsync(Uri address, string xml, X509Certificate2? clientCertificate, (string Name, string Value)? header = null, string path = "/ksz/VrijwilligeOppas")
    {
        using var handler = new SocketsHttpHandler();
        handler.SslOptions.RemoteCertificateValidationCallback = (_, certificate, _, _) => certificate?.GetRawCertData().AsSpan().SequenceEqual(TestCertificates.Server.RawData) == true;
        if (clientCertificate is not null)
        {
            handler.SslOptions.LocalCertificateSelectionCallback = (_, _, _, _, _) => clientCertificate;
        }

        using var client = new HttpClient(handler) { BaseAddress = address };
        using var content = new StringContent(xml, Encoding.UTF8);
        content.Headers.ContentType = MediaTypeHeaderValue.Parse("text/xml; charset=utf-8");
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = content };
        if (header is { } h)
        {
            request.Headers.TryAddWithoutValidation(h.Name, h.Value);
        }

        using var response = await client.SendAsync(request);
        return new KszAnswer((int)response.StatusCode, await response.Content.ReadAsStringAsync());
    }
}
