using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace VrijwilligeOppas.Audit;

/// <summary>Signs chain heads with the gateway's key, and checks such signatures.</summary>
public static class AuditCheckpoints
{
    public static AuditCheckpoint Sign(string instance, long sequence, byte[] hash, DateTimeOffset created, X509Certificate2 certificate)
    {
        var unsigned = new AuditCheckpoint(instance, sequence, hash, created, certificate.RawData, []);
        using var key = certificate.GetRSAPrivateKey() ?? throw new ArgumentException("The checkpoint certificate has no RSA private key.", nameof(certificate));
        return unsigned with { Signature = key.SignData(unsigned.SignedBytes(), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1) };
    }

    public static bool IsValid(AuditCheckpoint checkpoint)
    {
        try
        {
            using var certificate = X509CertificateLoader.LoadCertificate(checkpoint.Certificate);
            using var key = certificate.GetRSAPublicKey();
            return key is not null && key.VerifyData(checkpoint.SignedBytes(), checkpoint.Signature, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        }
        catch (CryptographicException)
        {
            return false;
        }
    }
}
