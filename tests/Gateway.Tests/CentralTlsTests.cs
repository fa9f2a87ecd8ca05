using System.Security.Cryptography;
using VrijwilligeOppas.Security;

namespace VrijwilligeOppas.Gateway.Tests;

/// <summary>
/// The production gateway talks to the central service over real TLS on loopback: a certificate it cannot validate
/// (not from the configured CA, or not the pinned one, or untrusted by the system) ends the connection in the
/// handshake, the OCMW is told CENTRALE_DIENST_ONBEREIKBAAR, and the central service receives nothing.
/// </summary>
public sealed class CentralTlsTests : IDisposable
{
    private static readonly DateTimeOffset Now = GatewayFactory.DefaultNow;
    private readonly string _folder = Directory.CreateTempSubdirectory("vo-central-tls-").FullName;

    [Fact]
    public async Task Production_CentralCertificateFromTheConfiguredCa_IsUsed()
    {
        var (answer, requests) = await SendThroughTlsAsync(TestCertificates.Server, ("Trust:CentralTlsCaPath", Pem(TestCertificates.Server)));

        Assert.Equal(0, answer.ReturnCode);
        Assert.Equal(1, requests);
    }

    [Fact]
    public async Task Production_CentralCertificateFromAnotherCa_IsRefusedInTheHandshake_AndNothingIsSent()
    {
        using var impostor = SelfSignedCertificates.Create("localhost", Now.AddYears(-1), Now.AddYears(1), serverAuth: true);

        var (answer, requests) = await SendThroughTlsAsync(impostor, ("Trust:CentralTlsCaPath", Pem(TestCertificates.Server)));

        Assert.Equal(["CENTRALE_DIENST_ONBEREIKBAAR"], answer.ReasonCodes);
        Assert.Equal(0, requests);
    }

    [Fact]
    public async Task Production_WithoutAConfiguredCa_ASelfSignedCentralCertificate_IsNotTrusted_AndNothingIsSent()
    {
        var (answer, requests) = await SendThroughTlsAsync(TestCertificates.Server);

        Assert.Equal(["CENTRALE_DIENST_ONBEREIKBAAR"], answer.ReasonCodes);
        Assert.Equal(0, requests);
    }

    [Fact]
    public async Task Production_APinThatTheCentralChainDoesNotMatch_IsRefused_AndTheRightPinPasses()
    {
        var ca = ("Trust:CentralTlsCaPath", Pem(TestCertificates.Server));

        var (wrong, wrongRequests) = await SendThroughTlsAsync(TestCertificates.Server, ca, ("Trust:CentralTlsPins:0", TestCertificates.Stranger.GetCertHashString(HashAlgorithmName.SHA256)));
        var (right, rightRequests) = await SendThroughTlsAsync(TestCertificates.Server, ca, ("Trust:CentralTlsPins:0", TestCertificates.Server.GetCertHashString(HashAlgorithmName.SHA256)));

        Assert.Equal(["CENTRALE_DIENST_ONBEREIKBAAR"], wrong.ReasonCodes);
        Assert.Equal(0, wrongRequests);
        Assert.Equal(0, right.ReturnCode);
        Assert.Equal(1, rightRequests);
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    /// <summary>A production gateway (callers by mutual TLS) in front of a stub central service that speaks TLS with <paramref name="serverCertificate"/>.</summary>
    private static async Task<(KszAnswer Answer, int Requests)> SendThroughTlsAsync(System.Security.Cryptography.X509Certificates.X509Certificate2 serverCertificate, params (string Key, string Value)[] settings)
    {
        await using var stub = await StubCentral.StartAsync(StubCentral.AcceptAll, tls: serverCertificate);
        var production = ProductionProfileTests.Production();
        production["ReverseProxy:Clusters:central:Destinations:primary:Address"] = stub.Address.ToString();
        foreach (var (key, value) in settings)
        {
            production[key] = value;
        }

        Assert.StartsWith("https://", stub.Address.ToString(), StringComparison.Ordinal);
        var (gateway, address) = CallerAuthenticationTests.StartTls(production);
        using var _ = gateway;
        var answer = await CallerAuthenticationTests.PostAsync(address, KszMessages.Send(new KszMessages.P("a")), TestCertificates.OcmwGent);
        return (answer, stub.Requests);
    }

    private string Pem(System.Security.Cryptography.X509Certificates.X509Certificate2 certificate)
    {
        var path = Path.Combine(_folder, Guid.NewGuid().ToString("N") + ".pem");
        File.WriteAllText(path, certificate.ExportCertificatePem());
        return path;
    }
}
