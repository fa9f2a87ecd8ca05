using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using VrijwilligeOppas.Mapping.Identifiers;
using VrijwilligeOppas.Security;

using VrijwilligeOppas.Gateway.Configuration;

namespace VrijwilligeOppas.Gateway.Callers;

/// <summary>
/// Who a client certificate is: the ondernemingsnummer configured for its SHA-256 thumbprint, or for its subject
/// when the configured CA issued it. A certificate outside its validity is nobody.
/// </summary>
internal sealed class CallerDirectory
{
    private readonly Dictionary<string, Ondernemingsnummer> _byThumbprint;
    private readonly Dictionary<string, Ondernemingsnummer> _bySubject;
    private readonly X509Certificate2? _issuer;
    private readonly TimeProvider _clock;

    private CallerDirectory(Dictionary<string, Ondernemingsnummer> byThumbprint, Dictionary<string, Ondernemingsnummer> bySubject, X509Certificate2? issuer, IReadOnlySet<IPAddress> proxies, TimeProvider clock)
    {
        (_byThumbprint, _bySubject, _issuer, Proxies, _clock) = (byThumbprint, bySubject, issuer, proxies, clock);
    }

    public IReadOnlySet<IPAddress> Proxies { get; }

    /// <exception cref="InvalidOperationException">A client entry cannot be used; the message names the key.</exception>
    public static CallerDirectory Create(CallerOptions options, TimeProvider clock)
    {
        var byThumbprint = new Dictionary<string, Ondernemingsnummer>(StringComparer.OrdinalIgnoreCase);
        var bySubject = new Dictionary<string, Ondernemingsnummer>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < options.Clients.Count; i++)
        {
            var (client, key) = (options.Clients[i], $"{CallerOptions.Section}:Clients:{i}");
            if (!Ondernemingsnummer.TryParse(client.Ondernemingsnummer, out var ondernemingsnummer))
            {
                throw new StartupRefusedException($"{key}:Ondernemingsnummer '{client.Ondernemingsnummer}' is not a valid ondernemingsnummer.");
            }

            var added = (client.Thumbprint, client.Subject) switch
            {
                ({ Length: > 0 } thumbprint, null or "") => byThumbprint.TryAdd(NormaliseThumbprint(thumbprint, key), ondernemingsnummer),
                (null or "", { Length: > 0 } subject) when !string.IsNullOrEmpty(options.IssuerCertificatePath) => bySubject.TryAdd(new X500DistinguishedName(subject).Name, ondernemingsnummer),
                (null or "", { Length: > 0 }) => throw new StartupRefusedException($"{key}:Subject needs {CallerOptions.Section}:IssuerCertificatePath: a subject alone can be put in any self-made certificate."),
                _ => throw new StartupRefusedException($"{key} needs exactly one of Thumbprint or Subject."),
            };
            if (!added)
            {
                throw new StartupRefusedException($"{key} names a certificate already configured.");
            }
        }

        var proxies = options.Forwarded.Proxies
            .Select(p => IPAddress.TryParse(p, out var address) ? address : throw new StartupRefusedException($"{CallerOptions.Section}:Forwarded:Proxies: '{p}' is not an IP address."))
            .ToHashSet();
        var issuer = string.IsNullOrEmpty(options.IssuerCertificatePath) ? null : CertificateFiles.LoadPublic(options.IssuerCertificatePath);
        return new CallerDirectory(byThumbprint, bySubject, issuer, proxies, clock);
    }

    public Ondernemingsnummer? Identify(X509Certificate2? certificate) => Recognise(certificate).Caller;

    /// <summary>Who the certificate is, or in plain English why it is nobody (TestConnectionService tells the caller).</summary>
    public CallerRecognition Recognise(X509Certificate2? certificate)
    {
        if (certificate is null)
        {
            return new(null, "no client certificate was presented");
        }

        var now = _clock.GetUtcNow().UtcDateTime;
        if (now < certificate.NotBefore.ToUniversalTime() || now >= certificate.NotAfter.ToUniversalTime())
        {
            return new(null, $"the certificate is not valid now (valid from {certificate.NotBefore.ToUniversalTime():u} to {certificate.NotAfter.ToUniversalTime():u})");
        }

        if (_byThumbprint.TryGetValue(certificate.GetCertHashString(HashAlgorithmName.SHA256), out var pinned))
        {
            return new(pinned, null);
        }

        if (!_bySubject.TryGetValue(certificate.SubjectName.Name, out var named))
        {
            return new(null, "neither the certificate's SHA-256 thumbprint nor its subject is registered with this gateway");
        }

        return IssuedByTrustedCa(certificate, now)
            ? new(named, null)
            : new(null, "the subject is registered, but the certificate was not issued by the certificate authority this gateway trusts for it");
    }

    private bool IssuedByTrustedCa(X509Certificate2 certificate, DateTime now)
    {
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(_issuer!);
        // No CRL or OCSP responder is reachable from the social-security network's DMZ; revocation is handled by removing the entry.
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.VerificationTime = now;
        return chain.Build(certificate);
    }

    private static string NormaliseThumbprint(string thumbprint, string key)
    {
        var hex = thumbprint.Replace(":", string.Empty, StringComparison.Ordinal).Replace(" ", string.Empty, StringComparison.Ordinal).ToUpperInvariant();
        return hex.Length == 64 && hex.All(char.IsAsciiHexDigit)
            ? hex
            : throw new StartupRefusedException($"{key}:Thumbprint must be the certificate's SHA-256 thumbprint (64 hex digits).");
    }
}

/// <summary>The ondernemingsnummer a certificate maps to, or why it maps to none.</summary>
internal sealed record CallerRecognition(Ondernemingsnummer? Caller, string? Refused);
