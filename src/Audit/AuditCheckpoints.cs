using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace VrijwilligeOppas.Audit;

/// <summary>
/// Signs chain heads and purge markers with the gateway's key, and checks such signatures against the certificates
/// the operator configured, never against the certificate stored beside the signature: whoever can write the
/// database could put any certificate there.
/// </summary>
public static class AuditCheckpoints
{
    public static AuditCheckpoint Sign(string instance, long sequence, byte[] hash, DateTimeOffset created, X509Certificate2 certificate)
    {
        var unsigned = new AuditCheckpoint(instance, sequence, hash, created, certificate.RawData, []);
        return unsigned with { Signature = SignBytes(unsigned.SignedBytes(), certificate) };
    }

    public static AuditPurgeMarker SignPurge(string instance, long sequence, byte[] hash, DateTimeOffset before, DateTimeOffset created, X509Certificate2 certificate)
    {
        var unsigned = new AuditPurgeMarker(instance, sequence, hash, before, created, certificate.RawData, []);
        return unsigned with { Signature = SignBytes(unsigned.SignedBytes(), certificate) };
    }

    public static bool IsValid(AuditCheckpoint checkpoint, IReadOnlyList<X509Certificate2> trusted) => IsSignedByAny(checkpoint.SignedBytes(), checkpoint.Signature, trusted);

    public static bool IsValid(AuditPurgeMarker marker, IReadOnlyList<X509Certificate2> trusted) => IsSignedByAny(marker.SignedBytes(), marker.Signature, trusted);

    private static byte[] SignBytes(byte[] data, X509Certificate2 certificate)
    {
        using var key = certificate.GetRSAPrivateKey() ?? throw new ArgumentException("The checkpoint certificate has no RSA private key.", nameof(certificate));
        return key.SignData(data, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
    }

    private static bool IsSignedByAny(byte[] data, byte[] signature, IReadOnlyList<X509Certificate2> trusted)
    {
        foreach (var certificate in trusted)
        {
            try
            {
                using var key = certificate.GetRSAPublicKey();
                if (key is not null && key.VerifyData(data, signature, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1))
                {
                    return true;
                }
            }
            catch (CryptographicException)
            {
                // A malformed signature is simply not this certificate's.
            }
        }

        return false;
    }
}
