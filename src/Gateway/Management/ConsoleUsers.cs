using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using VrijwilligeOppas.Gateway.Configuration;
using VrijwilligeOppas.Security;

namespace VrijwilligeOppas.Gateway.Management;

/// <summary>A person the access manager granted a role, as recognised from their client certificate.</summary>
internal sealed record ConsoleUser(string Name, ConsoleRole Role, string? Thumbprint, string? NationalNumber)
{
    /// <summary>The sandbox's unauthenticated reader on loopback: an operator, never a consultant.</summary>
    public static readonly ConsoleUser Sandbox = new("sandbox (not authenticated)", ConsoleRole.Operator, null, null);

    /// <summary>Personal data about one person (INSZ search, export) is for the security consultant only (seed 004, art. 6).</summary>
    public bool MaySearchPersons => Role == ConsoleRole.Consultant;

    /// <summary>How the audit record names the reader: never the certificate's subject, which on an eID holds the national number.</summary>
    public string AuditName => Thumbprint is null ? $"console:{Name}" : $"console:{Name} sha256:{Thumbprint}";
}

/// <summary>Who a management client certificate is: by SHA-256 thumbprint, or by subject serialNumber on a certificate from a trusted issuer (the eID).</summary>
internal sealed class ConsoleUsers
{
    private const string SerialNumberOid = "2.5.4.5";

    private readonly Dictionary<string, ManagementUser> _byThumbprint = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, ManagementUser> _bySerialNumber = new(StringComparer.Ordinal);
    private readonly List<X509Certificate2> _issuers;
    private readonly TimeProvider _clock;

    public ConsoleUsers(ManagementOptions options, TimeProvider clock)
    {
        _clock = clock;
        _issuers = [.. options.TrustedIssuerPaths.Select(CertificateFiles.LoadPublic)];
        for (var i = 0; i < options.Users.Count; i++)
        {
            var (user, key) = (options.Users[i], $"{ManagementOptions.Section}:Users:{i}");
            var added = (user.Thumbprint, user.SerialNumber) switch
            {
                ({ Length: > 0 } thumbprint, null or "") => _byThumbprint.TryAdd(Thumbprint(thumbprint, key), user),
                (null or "", { Length: > 0 }) when _issuers.Count == 0 => throw new StartupRefusedException(
                    $"{key}:SerialNumber needs {ManagementOptions.Section}:TrustedIssuerPaths: a serial number alone can be put in any self-made certificate."),
                (null or "", { Length: > 0 } serial) => _bySerialNumber.TryAdd(serial.Trim(), user),
                _ => throw new StartupRefusedException($"{key} needs exactly one of Thumbprint or SerialNumber."),
            };
            if (!added)
            {
                throw new StartupRefusedException($"{key} names a certificate already configured.");
            }
        }
    }

    /// <summary>The user, or in plain words (shown to the person, in English and Dutch) why there is none.</summary>
    public (ConsoleUser? User, string? Refused) Recognise(X509Certificate2? certificate)
    {
        if (certificate is null)
        {
            return (null, "Geen clientcertificaat voorgelegd. Meld u aan met uw eID of het certificaat dat de toegangsbeheerder voor u registreerde. (No client certificate was presented.)");
        }

        var now = _clock.GetUtcNow().UtcDateTime;
        if (now < certificate.NotBefore.ToUniversalTime() || now >= certificate.NotAfter.ToUniversalTime())
        {
            return (null, "Het certificaat is nu niet geldig. (The certificate is not valid now.)");
        }

        var thumbprint = certificate.GetCertHashString(HashAlgorithmName.SHA256);
        if (_byThumbprint.TryGetValue(thumbprint, out var pinned))
        {
            return (new ConsoleUser(pinned.Name, pinned.Role!.Value, thumbprint, null), null);
        }

        var serial = certificate.SubjectName.EnumerateRelativeDistinguishedNames()
            .Where(rdn => rdn.GetSingleElementType().Value == SerialNumberOid)
            .Select(rdn => rdn.GetSingleElementValue())
            .FirstOrDefault();
        if (serial is not null && _bySerialNumber.TryGetValue(serial, out var person) && IssuedByTrustedIssuer(certificate, now))
        {
            return (new ConsoleUser(person.Name, person.Role!.Value, thumbprint, serial), null);
        }

        return (null, "Dit certificaat heeft geen rol in de beheerconsole; vraag de toegangsbeheerder om een rol. (This certificate has been granted no role.)");
    }

    private bool IssuedByTrustedIssuer(X509Certificate2 certificate, DateTime now)
    {
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        foreach (var issuer in _issuers)
        {
            (issuer.SubjectName.RawData.AsSpan().SequenceEqual(issuer.IssuerName.RawData) ? chain.ChainPolicy.CustomTrustStore : chain.ChainPolicy.ExtraStore).Add(issuer);
        }

        // The eID's OCSP responder is outside the management network; a lost card is handled by removing its entry.
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.VerificationTime = now;
        return chain.Build(certificate);
    }

    private static string Thumbprint(string thumbprint, string key)
    {
        var hex = thumbprint.Replace(":", string.Empty, StringComparison.Ordinal).Replace(" ", string.Empty, StringComparison.Ordinal).ToUpperInvariant();
        return hex.Length == 64 && hex.All(char.IsAsciiHexDigit)
            ? hex
            : throw new StartupRefusedException($"{key}:Thumbprint must be the certificate's SHA-256 thumbprint (64 hex digits).");
    }
}
