using System.Security.Cryptography.X509Certificates;
using VrijwilligeOppas.Security;

using VrijwilligeOppas.Gateway.Configuration;

namespace VrijwilligeOppas.Gateway.Trust;

/// <summary>
/// The certificates the gateway works with, loaded once at start-up: its own signing certificate and the pinned
/// certificate of the central service; in sandbox mode also the emulator's signing certificate.
/// </summary>
internal sealed class GatewayCertificates(X509Certificate2 signing, X509Certificate2 central, X509Certificate2? emulatorSigning)
{
    public X509Certificate2 Signing { get; } = signing;

    public X509Certificate2 Central { get; } = central;

    /// <summary>The sandbox emulator's own key; null outside sandbox mode.</summary>
    public X509Certificate2? EmulatorSigning { get; } = emulatorSigning;

    public IEnumerable<(string Role, X509Certificate2 Certificate)> All => [("signing", Signing), ("central", Central)];

    /// <summary>Loads the configured files, falling back to development certificates where the sandbox allows it.</summary>
    /// <exception cref="CertificateFileException">A configured file cannot be used.</exception>
    /// <exception cref="InvalidOperationException">The signing certificate is expired or not yet valid, or a path is missing.</exception>
    public static GatewayCertificates Load(TrustOptions trust, bool sandbox, string dataDirectory, TimeProvider clock, ILogger logger)
    {
        // The sandbox emulator always needs its own key, even when the gateway's certificates are configured.
        var development = sandbox ? DevelopmentCertificates.Ensure(Path.Combine(dataDirectory, "certificates"), clock, logger) : null;

        var signing = string.IsNullOrEmpty(trust.SigningCertificatePath)
            ? development?.Gateway ?? throw Missing(nameof(TrustOptions.SigningCertificatePath))
            : CertificateFiles.LoadWithKey(trust.SigningCertificatePath, NullIfEmpty(trust.SigningKeyPath), NullIfEmpty(trust.SigningCertificatePassword));
        var central = string.IsNullOrEmpty(trust.CentralCertificatePath)
            ? development?.CentralPublic ?? throw Missing(nameof(TrustOptions.CentralCertificatePath))
            : CertificateFiles.LoadPublic(trust.CentralCertificatePath);

        var now = clock.GetUtcNow();
        if (now >= signing.NotAfter || now < signing.NotBefore)
        {
            throw new StartupRefusedException(
                $"The signing certificate {signing.Subject} (thumbprint {signing.GetCertHashString(System.Security.Cryptography.HashAlgorithmName.SHA256)}) is valid from {signing.NotBefore:u} to {signing.NotAfter:u}, not now ({now:u}). The gateway does not start with it: an expired eHealth certificate cannot be renewed, request a new one (see docs/security.md, Certificate rotation).");
        }

        return new GatewayCertificates(signing, central, development?.Central);
    }

    private static StartupRefusedException Missing(string key) =>
        new($"{TrustOptions.Section}:{key} is required outside sandbox mode.");

    private static string? NullIfEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;
}
