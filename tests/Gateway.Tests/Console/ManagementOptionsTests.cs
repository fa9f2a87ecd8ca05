using System.Net;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using VrijwilligeOppas.Gateway.Configuration;
using VrijwilligeOppas.Gateway.Management;

namespace VrijwilligeOppas.Gateway.Tests.Console;

/// <summary>
/// Who may run the console how: unauthenticated only in the sandbox (and then it says so on every page), client
/// certificates need the listener's own certificate and at least one user, and never on the OCMW-facing port.
/// </summary>
public sealed class ManagementOptionsTests
{
    [Fact]
    public void Unauthenticated_IsRefusedOutsideTheSandbox()
    {
        var result = Validate(GatewayMode.Production, new ManagementOptions { Urls = ["http://127.0.0.1:9090"], Authentication = ManagementAuthentication.None });

        Assert.True(result.Failed);
        Assert.Contains("sandbox only", result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void ClientCertificates_NeedHttpsTheListenersCertificateAndUsers()
    {
        var result = Validate(GatewayMode.Production, new ManagementOptions { Urls = ["http://+:9443"] });

        Assert.True(result.Failed);
        Assert.Contains("must be https", result.FailureMessage, StringComparison.Ordinal);
        Assert.Contains("Management:CertificatePath is required", result.FailureMessage, StringComparison.Ordinal);
        Assert.Contains("Management:Users is empty", result.FailureMessage, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("urls", "http://+:8080")]
    [InlineData("http_ports", "8080")]
    [InlineData("Kestrel:Endpoints:Https:Url", "https://+:8080")]
    public void TheOcmwFacingPort_IsRefused(string key, string value)
    {
        var result = Validate(GatewayMode.Sandbox, new ManagementOptions { Urls = ["http://+:8080"], Authentication = ManagementAuthentication.None }, (key, value));

        Assert.True(result.Failed);
        Assert.Contains("OCMW-facing port 8080", result.FailureMessage, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("AA:BB")]
    [InlineData("not hex at all, but sixty-four characters long for the thumbprint check!!")]
    public void ABadThumbprint_OrASerialNumberWithoutTrustedIssuer_StopsTheStart(string thumbprint)
    {
        var options = new ManagementOptions { Users = [new ManagementUser { Name = "x", Role = ConsoleRole.Operator, Thumbprint = thumbprint }] };
        var serialOnly = new ManagementOptions { Users = [new ManagementUser { Name = "x", Role = ConsoleRole.Consultant, SerialNumber = "90010100123" }] };

        Assert.Throws<StartupRefusedException>(() => new ConsoleUsers(options, TimeProvider.System));
        var refused = Assert.Throws<StartupRefusedException>(() => new ConsoleUsers(serialOnly, TimeProvider.System));
        Assert.Contains("TrustedIssuerPaths", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheSandboxConsole_WithoutAuthentication_SaysSoOnEveryPage_AndServesLoopbackOnly()
    {
        using var gateway = new GatewayFactory(settings: new() { ["Management:Urls:0"] = "http://127.0.0.1:0", ["Management:Authentication"] = "None" });
        gateway.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        gateway.StartServer();
        using var client = new HttpClient { BaseAddress = gateway.Services.GetRequiredService<ManagementListeners>().Addresses.Single() };

        foreach (var path in new[] { "/console", "/console/messages" })
        {
            var page = await client.GetStringAsync(new Uri(path, UriKind.Relative));

            Assert.Contains("SANDBOX: this console is NOT authenticated", page, StringComparison.Ordinal);
        }

        using var person = await client.GetAsync(new Uri("/console/person", UriKind.Relative));
        Assert.Equal(HttpStatusCode.Forbidden, person.StatusCode); // the sandbox reader is an operator, never a consultant
    }

    private static ValidateOptionsResult Validate(GatewayMode mode, ManagementOptions options, params (string Key, string Value)[] settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings.Select(s => new KeyValuePair<string, string?>(s.Key, s.Value))).Build();
        return new ManagementModeValidator(Options.Create(new GatewayOptions { Mode = mode }), configuration).Validate(null, options);
    }
}
