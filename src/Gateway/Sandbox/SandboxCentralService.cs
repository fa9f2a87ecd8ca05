using Microsoft.Extensions.Options;
using VrijwilligeOppas.Emulator;
using VrijwilligeOppas.Gateway.Configuration;
using VrijwilligeOppas.Gateway.Trust;
using System.Security.Cryptography.X509Certificates;

namespace VrijwilligeOppas.Gateway.Sandbox;

/// <summary>Starts the central-service emulator before the gateway serves, and stops it after.</summary>
internal sealed partial class SandboxCentralService(
    SandboxConnector connector,
    GatewayCertificates certificates,
    IOptions<GatewayOptions> options,
    TimeProvider clock,
    ILoggerFactory loggerFactory,
    ILogger<SandboxCentralService> logger) : IHostedService, IAsyncDisposable
{
    private CentralEmulatorHost? _host;

    public bool IsRunning => _host is not null;

    /// <summary>Where the emulator listens, including its operator API; null until started.</summary>
    public Uri? EmulatorAddress => _host?.Address;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var gateway = options.Value;
        var emulatorOptions = new EmulatorOptions
        {
            DatabasePath = Path.Combine(gateway.DataDirectory, "emulator", "central.db"),
            RegistryPath = gateway.ResolveFromApp("reference/diensten-sandbox.csv"),
            NisTablePath = gateway.ResolveFromApp("reference/nis-municipalities.csv"),
            SigningCertificate = certificates.EmulatorSigning!,
            TrustedGatewayCertificate = X509CertificateLoader.LoadCertificate(certificates.Signing.RawData),
        };
        _host = await CentralEmulatorHost.StartAsync(emulatorOptions, clock, loggerFactory, cancellationToken);
        connector.Started(_host.Address);
        LogSandbox(logger, _host.Address, Path.GetFullPath(gateway.DataDirectory));
    }

    public async Task StopAsync(CancellationToken cancellationToken) => await DisposeAsync();

    public async ValueTask DisposeAsync()
    {
        if (_host is { } host)
        {
            _host = null;
            await host.DisposeAsync();
        }
    }

    [LoggerMessage(EventId = 100, EventName = "SandboxMode", Level = LogLevel.Warning,
        Message = "SANDBOX MODE: the central service is the built-in emulator at {EmulatorAddress} (data in {DataDirectory}). The emulator signs with a development certificate. Never use this mode for real data.")]
    private static partial void LogSandbox(ILogger logger, Uri emulatorAddress, string dataDirectory);
}
