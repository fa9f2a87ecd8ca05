using System.Diagnostics.Metrics;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using VrijwilligeOppas.Gateway.Trust;
using VrijwilligeOppas.Security;

namespace VrijwilligeOppas.Gateway.Tests;

/// <summary>The draaiboek's certificate rules as behaviour: files, expiry at start-up, the renewal window, the reminder.</summary>
public sealed class CertificateTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("vo-certificates-").FullName;

    [Fact]
    public void Start_WithAnExpiredSigningCertificate_IsRefusedNamingTheCertificate()
    {
        using var gateway = new GatewayFactory(settings: SigningWith(ValidFor(TimeSpan.FromDays(-1))));

        var failure = Assert.ThrowsAny<Exception>(() => gateway.CreateClient());

        Assert.Contains("signing certificate CN=signing", Flatten(failure), StringComparison.Ordinal);
        Assert.Contains("request a new one", Flatten(failure), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(400, "Healthy")]
    [InlineData(60, "Degraded")]
    public async Task Ready_ReportsTheRenewalWindow(int daysLeft, string status)
    {
        using var gateway = new GatewayFactory(settings: SigningWith(ValidFor(TimeSpan.FromDays(daysLeft))));
        using var client = gateway.CreateClient();

        var response = await client.GetAsync(new Uri("/health/ready", UriKind.Relative));

        Assert.Equal(200, (int)response.StatusCode);
        Assert.Equal(status, await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task LastMonth_WarnsOnStartAndEveryDay_AndTheGaugeCountsDown()
    {
        using var gateway = new GatewayFactory(settings: SigningWith(ValidFor(TimeSpan.FromDays(20))));
        using var client = gateway.CreateClient();
        var clock = (FakeTimeProvider)gateway.Clock;

        await WaitForAsync(() => Warnings(gateway) == 1);
        var before = DaysToExpiry(gateway, "signing");
        clock.Advance(TimeSpan.FromDays(1));
        await WaitForAsync(() => Warnings(gateway) == 2);

        Assert.Equal(20, before, precision: 1);
        Assert.Equal(19, DaysToExpiry(gateway, "signing"), precision: 1);
        Assert.Contains(gateway.Logs, line => line.Contains("Renew it now", StringComparison.Ordinal));
    }

    [Fact]
    public async Task OutsideTheLastMonth_NoReminder()
    {
        using var gateway = new GatewayFactory(settings: SigningWith(ValidFor(TimeSpan.FromDays(45))));
        using var client = gateway.CreateClient();

        await client.GetAsync(new Uri("/health/live", UriKind.Relative));

        Assert.Equal(0, Warnings(gateway));
    }

    [Fact]
    public async Task Pkcs12WithPassword_IsLoadedAndUsedToSign()
    {
        var path = Path.Combine(_folder, "signing.p12");
        File.WriteAllBytes(path, TestCertificates.Gateway.Export(X509ContentType.Pkcs12, "s3cret"));
        await using var stub = await StubCentral.StartAsync((context, request) => StubCentral.Respond(context, request, new Mapping.Exchange.CentralStatus(Mapping.Exchange.CentralStatus.Success, null, null), [new(Mapping.Identifiers.PrestatieId.Parse("a"), Mapping.Exchange.Resultaat.Aanvaard, 60, [])]));
        var settings = stub.Settings;
        settings["Trust:SigningCertificatePath"] = path;
        settings["Trust:SigningCertificatePassword"] = "s3cret";
        using var gateway = new GatewayFactory(settings: settings);

        var answer = await gateway.PostAsync(KszMessages.Send(new KszMessages.P("a")));

        Assert.Equal(0, answer.ReturnCode);
        var check = new WsSecurityVerifier(TestCertificates.PublicOnly(TestCertificates.Gateway), TimeSpan.FromMinutes(5), gateway.Clock).Verify(new MemoryStream(stub.LastRequest!), 1 << 24);
        Assert.True(check.IsValid, check.Explanation);
    }

    [Theory]
    [InlineData("wrong password")]
    [InlineData("missing file")]
    [InlineData("no key")]
    public void Start_WithAnUnusableSigningCertificate_IsRefusedNamingTheFile(string problem)
    {
        var path = Path.Combine(_folder, "signing.p12");
        File.WriteAllBytes(path, TestCertificates.Gateway.Export(X509ContentType.Pkcs12, "s3cret"));
        var settings = problem switch
        {
            "wrong password" => new Dictionary<string, string?> { ["Trust:SigningCertificatePath"] = path, ["Trust:SigningCertificatePassword"] = "guess" },
            "missing file" => new Dictionary<string, string?> { ["Trust:SigningCertificatePath"] = Path.Combine(_folder, "nothing.pem") },
            _ => new Dictionary<string, string?> { ["Trust:SigningCertificatePath"] = TestCertificates.CertificatePath("gateway") },
        };
        using var gateway = new GatewayFactory(settings: settings);

        var failure = Assert.ThrowsAny<Exception>(() => gateway.CreateClient());

        Assert.Contains("Cannot load certificate", Flatten(failure), StringComparison.Ordinal);
    }

    [Fact]
    public void Production_WithoutCertificates_RefusesToStartNamingTheKeys()
    {
        using var gateway = new GatewayFactory(settings: new()
        {
            ["Gateway:Mode"] = "Production",
            ["Gateway:CallerAuthentication"] = "ClientCertificate",
            ["Callers:Clients:0:Thumbprint"] = TestCertificates.Gateway.GetCertHashString(System.Security.Cryptography.HashAlgorithmName.SHA256),
            ["Callers:Clients:0:Ondernemingsnummer"] = "0212344876",
            ["ReverseProxy:Clusters:central:Destinations:primary:Address"] = "https://central.invalid/",
        });

        var failure = Assert.ThrowsAny<Exception>(() => gateway.CreateClient());

        Assert.Contains("Trust:SigningCertificatePath is required in Production", Flatten(failure), StringComparison.Ordinal);
        Assert.Contains("Trust:CentralCertificatePath is required in Production", Flatten(failure), StringComparison.Ordinal);
    }

    [Fact]
    public void Sandbox_GeneratesDevelopmentCertificatesOnTheFirstRunOnly()
    {
        string firstThumbprint;
        var dataDirectory = Path.Combine(_folder, "data");
        using (var first = new GatewayFactory(settings: new() { ["Gateway:DataDirectory"] = dataDirectory }))
        {
            firstThumbprint = first.Services.GetRequiredService<GatewayCertificates>().Signing.Thumbprint;
        }

        using var second = new GatewayFactory(settings: new() { ["Gateway:DataDirectory"] = dataDirectory });
        var secondThumbprint = second.Services.GetRequiredService<GatewayCertificates>().Signing.Thumbprint;

        Assert.Equal(firstThumbprint, secondThumbprint);
        Assert.True(File.Exists(Path.Combine(dataDirectory, "certificates", "gateway.crt.pem")));
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(dataDirectory, "certificates", "gateway.key.pem")));
        }

        Assert.Contains(second.Logs, line => line.Contains("Callers are NOT authenticated", StringComparison.Ordinal));
        Assert.DoesNotContain(second.Logs, line => line.Contains("Generated the development certificate", StringComparison.Ordinal));
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private static X509Certificate2 ValidFor(TimeSpan left) =>
        SelfSignedCertificates.Create("signing", GatewayFactory.DefaultNow.AddYears(-3), GatewayFactory.DefaultNow + left);

    private Dictionary<string, string?> SigningWith(X509Certificate2 certificate)
    {
        var (certificatePath, keyPath) = (Path.Combine(_folder, "signing.crt.pem"), Path.Combine(_folder, "signing.key.pem"));
        SelfSignedCertificates.WritePem(certificate, certificatePath, keyPath);
        return new() { ["Trust:SigningCertificatePath"] = certificatePath, ["Trust:SigningKeyPath"] = keyPath };
    }

    private static int Warnings(GatewayFactory gateway) => gateway.Logs.Count(line => line.Contains("certificate CN=signing", StringComparison.Ordinal) && line.Contains("Renew it now", StringComparison.Ordinal));

    private static double DaysToExpiry(GatewayFactory gateway, string role)
    {
        double? value = null;
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Name == "vo.gateway.certificate.days_to_expiry" && instrument.Meter.Scope == gateway.Services.GetRequiredService<Telemetry.GatewayTelemetry>().Meter.Scope)
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<double>((_, measurement, tags, _) =>
        {
            if (tags.ToArray().Any(t => t.Key == "certificate" && (string?)t.Value == role))
            {
                value = measurement;
            }
        });
        listener.Start();
        listener.RecordObservableInstruments();
        return value ?? throw new InvalidOperationException("no measurement");
    }

    private static async Task WaitForAsync(Func<bool> condition)
    {
        for (var i = 0; i < 100 && !condition(); i++)
        {
            await Task.Delay(20);
        }

        Assert.True(condition());
    }

    private static string Flatten(Exception exception) => exception is AggregateException aggregate
        ? string.Join(" | ", aggregate.Flatten().InnerExceptions.Select(Flatten))
        : exception.Message + (exception.InnerException is { } inner ? " | " + Flatten(inner) : string.Empty);
}
