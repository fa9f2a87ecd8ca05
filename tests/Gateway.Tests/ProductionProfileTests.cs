using System.Security.Cryptography;

namespace VrijwilligeOppas.Gateway.Tests;

/// <summary>The production profile refuses, at start-up and naming the key, what only a sandbox may do.</summary>
public class ProductionProfileTests
{
    [Theory]
    [InlineData("ReverseProxy:Clusters:central:Destinations:primary:Address", "http://central-emulator.sandbox/", "is the sandbox emulator's placeholder")]
    [InlineData("Gateway:Instances", "2", "several instances need one shared PostgreSQL audit store")]
    [InlineData("Gateway:CallerAuthentication", "None", "production must authenticate its callers")]
    [InlineData("Trust:CentralCertificatePath", "", "Trust:CentralCertificatePath is required in Production")]
    [InlineData("ReverseProxy:Clusters:central:Destinations:primary:Address", "http://central.example.invalid/", "must be an https:// address in Production")]
    [InlineData("ReverseProxy:Clusters:central:HttpClient:DangerousAcceptAnyServerCertificate", "true", "the central service's TLS certificate must be validated")]
    [InlineData("Audit:CheckpointCertificatePaths:0", "", "does not list the signing certificate")]
    [InlineData("Audit:WitnessDirectory", "", "Audit:WitnessDirectory is required in Production")]
    public void Production_RefusesSandboxOnlySettings(string key, string value, string message)
    {
        var settings = Production();
        settings[key] = value;
        using var gateway = new GatewayFactory(settings: settings);

        var failure = Assert.ThrowsAny<Exception>(() => gateway.CreateClient());

        Assert.Contains(message, failure.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Production_RefusesAWitnessInsideTheDataFolder()
    {
        var settings = Production();
        var data = Path.Combine(Path.GetTempPath(), "vo-witness-inside-" + Guid.NewGuid().ToString("N"));
        (settings["Gateway:DataDirectory"], settings["Audit:WitnessDirectory"]) = (data, Path.Combine(data, "witness"));
        using var gateway = new GatewayFactory(settings: settings);

        var failure = Assert.ThrowsAny<Exception>(() => gateway.CreateClient());

        Assert.Contains("the witness must be on another volume than the database it witnesses", failure.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Production_WithEverythingInPlace_StartsAndServes()
    {
        using var gateway = new GatewayFactory(settings: Production());
        using var client = gateway.CreateClient();

        var live = await client.GetAsync(new Uri("/health/live", UriKind.Relative));
        var wsdl = await client.GetStringAsync(new Uri("/ksz/VrijwilligeOppas?wsdl", UriKind.Relative));

        Assert.Equal(System.Net.HttpStatusCode.OK, live.StatusCode);
        Assert.Contains("/ksz/VrijwilligeOppas\"", wsdl, StringComparison.Ordinal);
    }

    internal static Dictionary<string, string?> Production() => new()
    {
        ["Gateway:Mode"] = "Production",
        ["Gateway:CallerAuthentication"] = "ClientCertificate",
        ["Callers:Clients:0:Thumbprint"] = TestCertificates.OcmwGent.GetCertHashString(HashAlgorithmName.SHA256),
        ["Callers:Clients:0:Ondernemingsnummer"] = "0212344876",
        ["ReverseProxy:Clusters:central:Destinations:primary:Address"] = "https://central.example.invalid/",
        ["ReverseProxy:Clusters:central:HealthCheck:Active:Enabled"] = "false",
        ["Trust:SigningCertificatePath"] = TestCertificates.CertificatePath("gateway"),
        ["Trust:SigningKeyPath"] = TestCertificates.KeyPath("gateway"),
        ["Trust:CentralCertificatePath"] = TestCertificates.CertificatePath("central"),
        ["Audit:CurrentKeyId"] = "k1",
        ["Audit:EncryptionKeys:k1"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
        ["Audit:IndexKey"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
        ["Audit:CheckpointCertificatePaths:0"] = TestCertificates.CertificatePath("gateway"),
        ["Audit:WitnessDirectory"] = Path.Combine(Path.GetTempPath(), "vo-gateway-tests-witness"),
    };
}
