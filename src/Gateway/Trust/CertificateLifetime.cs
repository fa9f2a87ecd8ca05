using System.Security.Cryptography.X509Certificates;

namespace VrijwilligeOppas.Gateway.Trust;

/// <summary>The draaiboek's certificate calendar (§1.2): renewal opens 3 months before expiry, a reminder comes 1 month before.</summary>
internal static class CertificateLifetime
{
    public const int RenewalWindowMonths = 3;
    public const int ReminderMonths = 1;

    public static DateTimeOffset Expiry(X509Certificate2 certificate) => new(certificate.NotAfter.ToUniversalTime(), TimeSpan.Zero);

    public static bool IsExpired(X509Certificate2 certificate, DateTimeOffset now) => now >= Expiry(certificate);

    public static bool InRenewalWindow(X509Certificate2 certificate, DateTimeOffset now) => now >= Expiry(certificate).AddMonths(-RenewalWindowMonths);

    public static bool InReminderMonth(X509Certificate2 certificate, DateTimeOffset now) => now >= Expiry(certificate).AddMonths(-ReminderMonths);

    public static double DaysToExpiry(X509Certificate2 certificate, DateTimeOffset now) => Math.Round((Expiry(certificate) - now).TotalDays, 2);
}
