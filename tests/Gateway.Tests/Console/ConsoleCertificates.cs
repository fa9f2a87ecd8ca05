using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using VrijwilligeOppas.Security;

namespace VrijwilligeOppas.Gateway.Tests.Console;

/// <summary>
/// The people of the console tests, each with a certificate written as PEM: an operator and a helpdesk member pinned
/// by thumbprint, a consultant with an eID-like authentication certificate (SERIALNUMBER = national number) from a
/// test "Citizen CA", a stranger nobody granted a role, and a forged "eID" with the consultant's serial number that
/// no trusted CA issued.
/// </summary>
internal sealed class ConsoleCertificates
{
    public const string ConsultantNationalNumber = "90010100123";

    private static readonly DateTimeOffset NotBefore = new(2024, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset NotAfter = new(2029, 12, 31, 0, 0, 0, TimeSpan.Zero);

    public ConsoleCertificates()
    {
        Folder = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "vo-console-certificates", Guid.NewGuid().ToString("N"));
        using var caKey = RSA.Create(2048);
        var caRequest = new CertificateRequest("CN=Test Citizen CA, C=BE", caKey, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        caRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        caRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        var ca = caRequest.CreateSelfSigned(NotBefore, NotAfter);
        Directory.CreateDirectory(Folder);
        File.WriteAllText(Path("citizen-ca.crt.pem"), ca.ExportCertificatePem());
        Write("server", SelfSignedCertificates.Create("localhost", NotBefore, NotAfter, serverAuth: true));
        Write("operator", Client("Olga Operator", null, null));
        Write("helpdesk", Client("Hans Helpdesk", null, null));
        Write("stranger", Client("Stan Stranger", null, null));
        Write("consultant", Client("Clara Consultant (Authentication)", ConsultantNationalNumber, ca));
        Write("forged", Client("Clara Consultant (Authentication)", ConsultantNationalNumber, null));
    }

    public string Folder { get; }

    public string CaPath => Path("citizen-ca.crt.pem");

    public string CertificatePath(string name) => Path(name + ".crt.pem");

    public string KeyPath(string name) => Path(name + ".key.pem");

    public string Thumbprint(string name) => X509CertificateLoader.LoadCertificateFromFile(CertificatePath(name)).GetCertHashString(HashAlgorithmName.SHA256);

    private string Path(string file) => System.IO.Path.Combine(Folder, file);

    private void Write(string name, X509Certificate2 certificate) => SelfSignedCertificates.WritePem(certificate, CertificatePath(name), KeyPath(name));

    private static X509Certificate2 Client(string commonName, string? serialNumber, X509Certificate2? issuer)
    {
        var name = new X500DistinguishedNameBuilder();
        name.AddCountryOrRegion("BE");
        if (serialNumber is not null)
        {
            name.Add("2.5.4.5", serialNumber, UniversalTagNumber.PrintableString);
        }

        name.AddCommonName(commonName);
        var key = RSA.Create(2048); // not disposed: the certificate returned keeps using it
        var request = new CertificateRequest(name.Build(), key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.2")], false));
        if (issuer is null)
        {
            return request.CreateSelfSigned(NotBefore, NotAfter);
        }

        using var signed = request.Create(issuer, NotBefore, NotAfter, RandomNumberGenerator.GetBytes(12));
        return signed.CopyWithPrivateKey(key);
    }
}
