using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Yarp.ReverseProxy.Forwarder;
using VrijwilligeOppas.Gateway.Trust;
using VrijwilligeOppas.Security;

namespace VrijwilligeOppas.Gateway.Central;

/// <summary>
/// How the central service's TLS certificate is judged. By default the system's trust store and host-name check
/// (the handler's own validation); with <see cref="TrustOptions.CentralTlsCaPath"/> the certificate must chain to that
/// CA instead, and with <see cref="TrustOptions.CentralTlsPins"/> a certificate of the chain must also have one of
/// those SHA-256 thumbprints. A certificate that fails is refused during the handshake, before a byte of the
/// message is sent (CENTRALE_DIENST_ONBEREIKBAAR).
/// </summary>
internal sealed class CentralTls
{
    private readonly X509Certificate2Collection? _roots;
    private readonly HashSet<string> _pins;

    private CentralTls(X509Certificate2Collection? roots, IEnumerable<string> pins)
    {
        _roots = roots;
        _pins = pins.Select(p => p.Replace(":", string.Empty, StringComparison.Ordinal).Trim().ToUpperInvariant()).ToHashSet(StringComparer.Ordinal);
    }

    /// <summary>Null when neither a CA nor pins are configured: the handler's default validation then applies unchanged.</summary>
    /// <exception cref="CertificateFileException">The configured CA file cannot be read.</exception>
    public static CentralTls? From(IConfiguration configuration)
    {
        var trust = configuration.GetSection(TrustOptions.Section).Get<TrustOptions>() ?? new TrustOptions();
        var pins = trust.CentralTlsPins.Where(p => !string.IsNullOrWhiteSpace(p)).ToList();
        if (string.IsNullOrWhiteSpace(trust.CentralTlsCaPath) && pins.Count == 0)
        {
            return null;
        }

        X509Certificate2Collection? roots = null;
        if (!string.IsNullOrWhiteSpace(trust.CentralTlsCaPath))
        {
            roots = [];
            try
            {
                roots.ImportFromPemFile(trust.CentralTlsCaPath);
            }
            catch (Exception ex) when (ex is IOException or CryptographicException or UnauthorizedAccessException)
            {
                throw new CertificateFileException(trust.CentralTlsCaPath, ex.Message, ex);
            }

            if (roots.Count == 0)
            {
                throw new CertificateFileException(trust.CentralTlsCaPath, "it holds no PEM certificate");
            }
        }

        return new CentralTls(roots, pins);
    }

    /// <summary>For YARP's <c>ConfigureHttpClient</c>: the central cluster's connections use this validation.</summary>
    public void Apply(ForwarderHttpClientContext context, SocketsHttpHandler handler)
    {
        if (context.ClusterId == CentralService.ClusterId)
        {
            handler.SslOptions.RemoteCertificateValidationCallback = Validate;
        }
    }

    private bool Validate(object sender, X509Certificate? certificate, X509Chain? chain, SslPolicyErrors errors)
    {
        if (certificate is null || errors.HasFlag(SslPolicyErrors.RemoteCertificateNameMismatch) || errors.HasFlag(SslPolicyErrors.RemoteCertificateNotAvailable))
        {
            return false;
        }

        using var leaf = X509CertificateLoader.LoadCertificate(certificate.GetRawCertData());
        List<X509Certificate2> path;
        if (_roots is null)
        {
            if (errors != SslPolicyErrors.None || chain is null)
            {
                return false;
            }

            path = [.. chain.ChainElements.Select(e => e.Certificate)];
        }
        else
        {
            using var own = new X509Chain();
            own.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
            own.ChainPolicy.CustomTrustStore.AddRange(_roots);
            own.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck; // no CRL/OCSP responder is reachable (docs/security.md)
            own.ChainPolicy.ApplicationPolicy.Add(new Oid("1.3.6.1.5.5.7.3.1")); // serverAuth
            if (chain is not null)
            {
                own.ChainPolicy.ExtraStore.AddRange(chain.ChainElements.Select(e => e.Certificate).ToArray());
            }

            if (!own.Build(leaf))
            {
                return false;
            }

            path = [.. own.ChainElements.Select(e => e.Certificate)];
        }

        return _pins.Count == 0 || path.Any(c => _pins.Contains(c.GetCertHashString(HashAlgorithmName.SHA256)));
    }
}
