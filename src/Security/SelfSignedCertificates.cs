using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace VrijwilligeOppas.Security;

/// <summary>RSA-2048 self-signed certificates for the sandbox and for tests; never for production.</summary>
public static class SelfSignedCertificates
{
    /// <summary>An eHealth certificate's validity (draaiboek §1.2).</summary>
    public static readonly int ValidityMonths = 39;

    public static X509Certificate2 Create(string commonName, DateTimeOffset notBefore, DateTimeOffset notAfter, bool serverAuth = false)
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest($"CN={commonName}, O=Vrijwillige Oppas sandbox", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyEncipherment, critical: true));
        if (serverAuth)
        {
            var names = new SubjectAlternativeNameBuilder();
            names.AddDnsName("localhost");
            names.AddIpAddress(System.Net.IPAddress.Loopback);
            request.CertificateExtensions.Add(names.Build());
            request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1"), new Oid("1.3.6.1.5.5.7.3.2")], critical: false));
        }

        return request.CreateSelfSigned(notBefore, notAfter);
    }

    /// <summary>Writes the certificate and its unencrypted key as PEM files readable only by the owner.</summary>
    public static void WritePem(X509Certificate2 certificate, string certificatePath, string keyPath)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(certificatePath))!);
        File.WriteAllText(certificatePath, certificate.ExportCertificatePem());
        using var key = certificate.GetRSAPrivateKey()!;
        File.WriteAllText(keyPath, key.ExportPkcs8PrivateKeyPem());
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(keyPath, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }
    }
}
