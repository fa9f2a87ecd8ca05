using System.Security.Cryptography.X509Certificates;
using VrijwilligeOppas.Security;

namespace VrijwilligeOppas.Tests.Shared;

/// <summary>
/// Certificates made once per test process, valid across every clock the tests set (2024–2029), and written as
/// PEM files for tests that configure paths.
/// </summary>
internal static class TestCertificates
{
    private static readonly DateTimeOffset NotBefore = new(2024, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset NotAfter = new(2029, 12, 31, 0, 0, 0, TimeSpan.Zero);

    public static X509Certificate2 Gateway { get; } = SelfSignedCertificates.Create("test gateway", NotBefore, NotAfter);

    public static X509Certificate2 Central { get; } = SelfSignedCertificates.Create("test central service", NotBefore, NotAfter);

    public static X509Certificate2 Stranger { get; } = SelfSignedCertificates.Create("someone else", NotBefore, NotAfter);

    /// <summary>A TLS server certificate for localhost and 127.0.0.1.</summary>
    public static X509Certificate2 Server { get; } = SelfSignedCertificates.Create("localhost", NotBefore, NotAfter, serverAuth: true);

    /// <summary>The client certificate of OCMW Gent (ondernemingsnummer 0212344876) in caller-authentication tests.</summary>
    public static X509Certificate2 OcmwGent { get; } = SelfSignedCertificates.Create("OCMW Gent", NotBefore, NotAfter, serverAuth: true);

    public static string Folder { get; } = WriteAll();

    public static string CertificatePath(string name) => Path.Combine(Folder, name + ".crt.pem");

    public static string KeyPath(string name) => Path.Combine(Folder, name + ".key.pem");

    /// <summary>Public copy of a certificate: what a pinning peer holds.</summary>
    public static X509Certificate2 PublicOnly(X509Certificate2 certificate) => X509CertificateLoader.LoadCertificate(certificate.RawData);

    private static string WriteAll()
    {
        var folder = Path.Combine(Path.GetTempPath(), "vo-test-certificates", Guid.NewGuid().ToString("N"));
        foreach (var (name, certificate) in new[] { ("gateway", Gateway), ("central", Central), ("stranger", Stranger) })
        {
            SelfSignedCertificates.WritePem(certificate, Path.Combine(folder, name + ".crt.pem"), Path.Combine(folder, name + ".key.pem"));
        }

        return folder;
    }
}
