using System.Net;
using Microsoft.Extensions.DependencyInjection;
using VrijwilligeOppas.Gateway.Management;

namespace VrijwilligeOppas.Gateway.Tests.Console;

/// <summary>
/// A real gateway on Kestrel with its management listener, its central service down (every attempt a 503, so the
/// circuit opens and stays open), and the messages the console tests look for already exchanged: two that found
/// the central service down, and one refused as a whole whose Reference is script and markup.
/// </summary>
public sealed class ConsoleGateway : IAsyncLifetime
{
    public const string HostileReference = "<script>alert('x')</script><b>vet</b>&amp;\"'";

    private StubCentral _central = null!;

    internal ConsoleCertificates Certificates { get; } = new();

    internal GatewayFactory Gateway { get; private set; } = null!;

    public Uri Ocmw { get; private set; } = null!;

    public Uri Management { get; private set; } = null!;

    public KszAnswer Refused { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        _central = await StubCentral.StartAsync((context, _) =>
        {
            context.Response.StatusCode = 503;
            return Task.CompletedTask;
        }, TimeProvider.System);
        var settings = _central.Settings;
        settings["ReverseProxy:Clusters:central:HealthCheck:Passive:ReactivationPeriod"] = "01:00:00";
        foreach (var (key, value) in Settings(Certificates))
        {
            settings[key] = value;
        }

        Gateway = new GatewayFactory(realClock: true, settings: settings);
        Gateway.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        Gateway.StartServer();
        Management = Gateway.Services.GetRequiredService<ManagementListeners>().Addresses.Single();
        Ocmw = Gateway.Services.GetRequiredService<Microsoft.AspNetCore.Hosting.Server.IServer>().Features
            .Get<Microsoft.AspNetCore.Hosting.Server.Features.IServerAddressesFeature>()!.Addresses.Select(a => new Uri(a)).Single(a => a.Port != Management.Port);

        // Five attempts that find the central service down open the circuit: three for the first message, two for the second.
        await Gateway.PostAsync(KszMessages.Send(new KszMessages.P("a")));
        await Gateway.PostAsync(KszMessages.Send(new KszMessages.P("b")));
        var escaped = System.Security.SecurityElement.Escape(HostileReference);
        Refused = await Gateway.PostAsync(KszMessages.Send([new KszMessages.P("c")], ondernemingsnummer: "0212344877", reference: escaped));
    }

    internal static Dictionary<string, string?> Settings(ConsoleCertificates certificates) => new()
    {
        ["Management:Urls:0"] = "https://127.0.0.1:0",
        ["Management:CertificatePath"] = certificates.CertificatePath("server"),
        ["Management:CertificateKeyPath"] = certificates.KeyPath("server"),
        ["Management:TrustedIssuerPaths:0"] = certificates.CaPath,
        ["Management:Users:0:Name"] = "Olga Operator",
        ["Management:Users:0:Role"] = "Operator",
        ["Management:Users:0:Thumbprint"] = certificates.Thumbprint("operator"),
        ["Management:Users:1:Name"] = "Hans Helpdesk",
        ["Management:Users:1:Role"] = "Helpdesk",
        ["Management:Users:1:Thumbprint"] = certificates.Thumbprint("helpdesk"),
        ["Management:Users:2:Name"] = "Clara Consultant",
        ["Management:Users:2:Role"] = "Consultant",
        ["Management:Users:2:SerialNumber"] = ConsoleCertificates.ConsultantNationalNumber,
    };

    public async Task DisposeAsync()
    {
        Gateway?.Dispose();
        await _central.DisposeAsync();
    }
}
