using System.Diagnostics.Metrics;
using VrijwilligeOppas.Gateway.Telemetry;

namespace VrijwilligeOppas.Gateway.Trust;

/// <summary>
/// Watches the certificates' expiry: a warning every day of the last month (the draaiboek's reminder), an error
/// every day once expired, and the days left as the gauge <c>vo.gateway.certificate.days_to_expiry</c>. Being a
/// hosted service, it also loads the certificates before the gateway serves, so a bad one stops the start.
/// </summary>
internal sealed partial class CertificateExpiryMonitor : BackgroundService
{
    private readonly GatewayCertificates _certificates;
    private readonly TimeProvider _clock;
    private readonly ILogger<CertificateExpiryMonitor> _logger;

    public CertificateExpiryMonitor(GatewayCertificates certificates, GatewayTelemetry telemetry, TimeProvider clock, ILogger<CertificateExpiryMonitor> logger)
    {
        (_certificates, _clock, _logger) = (certificates, clock, logger);
        telemetry.Meter.CreateObservableGauge(
            "vo.gateway.certificate.days_to_expiry",
            () => _certificates.All.Select(c => new Measurement<double>(CertificateLifetime.DaysToExpiry(c.Certificate, _clock.GetUtcNow()), new KeyValuePair<string, object?>("certificate", c.Role))),
            unit: "d",
            description: "Days until each certificate (signing, central) expires");
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var daily = new PeriodicTimer(TimeSpan.FromDays(1), _clock);
        do
        {
            Check();
        }
        while (await daily.WaitForNextTickAsync(stoppingToken));
    }

    private void Check()
    {
        var now = _clock.GetUtcNow();
        foreach (var (role, certificate) in _certificates.All)
        {
            var expiry = CertificateLifetime.Expiry(certificate);
            if (CertificateLifetime.IsExpired(certificate, now))
            {
                LogExpired(_logger, role, certificate.Subject, expiry);
            }
            else if (CertificateLifetime.InReminderMonth(certificate, now))
            {
                LogExpiresSoon(_logger, role, certificate.Subject, expiry, CertificateLifetime.DaysToExpiry(certificate, now));
            }
        }
    }

    [LoggerMessage(EventId = 310, EventName = "CertificateExpiresSoon", Level = LogLevel.Warning,
        Message = "The {Role} certificate {Subject} expires on {Expiry:u}, in {Days} days. Renew it now: after expiry a completely new request is needed (docs/security.md, Certificate rotation).")]
    private static partial void LogExpiresSoon(ILogger logger, string role, string subject, DateTimeOffset expiry, double days);

    [LoggerMessage(EventId = 311, EventName = "CertificateExpired", Level = LogLevel.Error,
        Message = "The {Role} certificate {Subject} expired on {Expiry:u}. Messages cannot be exchanged with the central service until it is replaced.")]
    private static partial void LogExpired(ILogger logger, string role, string subject, DateTimeOffset expiry);
}
