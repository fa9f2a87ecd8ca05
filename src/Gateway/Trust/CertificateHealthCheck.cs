using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace VrijwilligeOppas.Gateway.Trust;

/// <summary>Unhealthy with an expired certificate; Degraded inside the 3-month renewal window, naming which and when.</summary>
internal sealed class CertificateHealthCheck(GatewayCertificates certificates, TimeProvider clock) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var now = clock.GetUtcNow();
        var data = certificates.All.ToDictionary(c => c.Role + "_days_to_expiry", c => (object)CertificateLifetime.DaysToExpiry(c.Certificate, now));
        var expired = certificates.All.Where(c => CertificateLifetime.IsExpired(c.Certificate, now)).ToList();
        if (expired.Count > 0)
        {
            return Task.FromResult(HealthCheckResult.Unhealthy(Describe("expired", expired), data: data));
        }

        var renewing = certificates.All.Where(c => CertificateLifetime.InRenewalWindow(c.Certificate, now)).ToList();
        return Task.FromResult(renewing.Count > 0
            ? HealthCheckResult.Degraded(Describe($"inside the {CertificateLifetime.RenewalWindowMonths}-month renewal window", renewing), data: data)
            : HealthCheckResult.Healthy("Certificates valid and outside the renewal window.", data));
    }

    private static string Describe(string state, IEnumerable<(string Role, System.Security.Cryptography.X509Certificates.X509Certificate2 Certificate)> certificates) =>
        string.Join("; ", certificates.Select(c => $"{c.Role} certificate {c.Certificate.Subject} {state} (expires {CertificateLifetime.Expiry(c.Certificate):u})"));
}
