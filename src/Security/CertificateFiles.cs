using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace VrijwilligeOppas.Security;

/// <summary>Loads certificates from the files operators are given: PKCS#12 bundles, or PEM certificate and key.</summary>
public static class CertificateFiles
{
    /// <summary>
    /// A certificate with its private key: a PKCS#12 file (<c>.p12</c>/<c>.pfx</c>, <paramref name="password"/> opens
    /// it), or a PEM certificate whose key is in <paramref name="keyPath"/> or in the same file (an encrypted PEM key
    /// is opened with <paramref name="password"/>).
    /// </summary>
    /// <exception cref="CertificateFileException">The file is missing, unreadable, or holds no usable RSA key.</exception>
    public static X509Certificate2 LoadWithKey(string path, string? keyPath, string? password)
    {
        var certificate = Guard(path, () =>
        {
            if (IsPkcs12(path))
            {
                return X509CertificateLoader.LoadPkcs12FromFile(path, password, X509KeyStorageFlags.EphemeralKeySet);
            }

            return string.IsNullOrEmpty(password)
                ? X509Certificate2.CreateFromPemFile(path, keyPath)
                : X509Certificate2.CreateFromEncryptedPemFile(path, password, keyPath);
        });
        if (certificate.GetRSAPrivateKey() is null)
        {
            throw new CertificateFileException(path, "it holds no RSA private key (RSA-SHA256 signing needs one)");
        }

        return certificate;
    }

    /// <summary>A certificate without key (a pinned peer): PEM or DER.</summary>
    public static X509Certificate2 LoadPublic(string path) => Guard(path, () =>
    {
        var certificate = X509CertificateLoader.LoadCertificateFromFile(path);
        return certificate.GetRSAPublicKey() is null
            ? throw new CertificateFileException(path, "it holds no RSA public key")
            : certificate;
    });

    private static bool IsPkcs12(string path) =>
        path.EndsWith(".p12", StringComparison.OrdinalIgnoreCase) || path.EndsWith(".pfx", StringComparison.OrdinalIgnoreCase);

    private static X509Certificate2 Guard(string path, Func<X509Certificate2> load)
    {
        if (!File.Exists(path))
        {
            throw new CertificateFileException(path, "the file does not exist");
        }

        try
        {
            return load();
        }
        catch (Exception ex) when (ex is CryptographicException or ArgumentException or IOException or UnauthorizedAccessException)
        {
            throw new CertificateFileException(path, ex.Message, ex);
        }
    }
}

public sealed class CertificateFileException(string path, string reason, Exception? inner = null)
    : Exception($"Cannot load certificate '{path}': {reason}.", inner)
{
    public string Path { get; } = path;
}
