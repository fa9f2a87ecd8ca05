using System.Security.Cryptography.X509Certificates;
using VrijwilligeOppas.Security;

namespace VrijwilligeOppas.Gateway.Trust;

/// <summary>
/// Self-signed certificates for the sandbox: one the gateway signs with, one the emulated central service signs
/// with. Made on the first sandbox run, kept as PEM under the data folder, and made again only when they are gone
/// or inside the renewal window, so a sandbox never runs into its own expiry warnings.
/// </summary>
internal sealed partial class DevelopmentCertificates
{
    private DevelopmentCertificates(X509Certificate2 gateway, X509Certificate2 central)
    {
        Gateway = gateway;
        Central = central;
        CentralPublic = X509CertificateLoader.LoadCertificate(central.RawData);
    }

    public X509Certificate2 Gateway { get; }

    public X509Certificate2 Central { get; }

    public X509Certificate2 CentralPublic { get; }

    public static DevelopmentCertificates Ensure(string folder, TimeProvider clock, ILogger logger) =>
        new(Ensure(folder, "gateway", "Vrijwillige Oppas gateway (development)", clock, logger),
            Ensure(folder, "central-emulator", "Vrijwillige Oppas central service emulator (development)", clock, logger));

    private static X509Certificate2 Ensure(string folder, string name, string commonName, TimeProvider clock, ILogger logger)
    {
        var (certificatePath, keyPath) = (Path.Combine(folder, name + ".crt.pem"), Path.Combine(folder, name + ".key.pem"));
        var now = clock.GetUtcNow();
        if (File.Exists(certificatePath) && File.Exists(keyPath))
        {
            var existing = CertificateFiles.LoadWithKey(certificatePath, keyPath, password: null);
            if (!CertificateLifetime.InRenewalWindow(existing, now) && now >= existing.NotBefore)
            {
                return existing;
            }
        }

        var created = SelfSignedCertificates.Create(commonName, now.AddDays(-1), now.AddMonths(SelfSignedCertificates.ValidityMonths));
        SelfSignedCertificates.WritePem(created, certificatePath, keyPath);
        LogGenerated(logger, name, Path.GetFullPath(certificatePath), created.NotAfter);
        return created;
    }

    [LoggerMessage(EventId = 300, EventName = "DevelopmentCertificateGenerated", Level = LogLevel.Warning,
        Message = "Generated the development certificate '{Name}' at {Path}, valid until {NotAfter:u}. Development certificates are for the sandbox only.")]
    private static partial void LogGenerated(ILogger logger, string name, string path, DateTime notAfter);
}
