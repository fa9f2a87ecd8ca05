using System.Text;
using System.Xml;

namespace VrijwilligeOppas.Security.Tests;

/// <summary>
/// The signature profile against an independent implementation: xmlsec1 (libxmlsec1, OpenSSL) verifies what the
/// gateway signs, and the gateway verifies what xmlsec1 signs; one changed byte fails both.
/// </summary>
public sealed class XmlsecInteropTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("vo-xmlsec-").FullName;

    [XmlsecFact]
    public void Xmlsec1_VerifiesWhatTheGatewaySigns()
    {
        var signed = Signing.Sign(Signing.Sample("send-request.xml"), signer: TestCertificates.Gateway);

        var (exitCode, output) = Xmlsec.Verify(Write("signed.xml", signed), TestCertificates.CertificatePath("gateway"));

        Assert.True(exitCode == 0, output);
        Assert.Contains("OK", output, StringComparison.Ordinal);
    }

    [XmlsecFact]
    public void Xmlsec1_RefusesWhatTheGatewaySigned_WithOneByteChanged()
    {
        var signed = Signing.Sign(Signing.Sample("send-request.xml"), signer: TestCertificates.Gateway);
        var tampered = ChangeOneByte(signed, "A-2026-000123");

        var (exitCode, output) = Xmlsec.Verify(Write("tampered.xml", tampered), TestCertificates.CertificatePath("gateway"));

        Assert.NotEqual(0, exitCode);
        Assert.Contains("FAIL", output, StringComparison.Ordinal);
    }

    [XmlsecFact]
    public void Gateway_VerifiesWhatXmlsec1Signs()
    {
        var signed = SignedByXmlsec();

        var check = Signing.Verify(signed);

        Assert.True(check.IsValid, check.Explanation);
        Assert.Empty(SchemaValidation.EHealthErrors(signed));
    }

    [XmlsecFact]
    public void Gateway_RefusesWhatXmlsec1Signed_WithOneByteChanged()
    {
        var tampered = ChangeOneByte(SignedByXmlsec(), "Aanvaard");

        Assert.Equal(SignatureFailure.Invalid, Signing.Verify(tampered).Failure);
    }

    /// <summary>
    /// An answer signed by xmlsec1: the gateway's signature structure is the template, its digests and signature
    /// value are emptied, and xmlsec1 computes them afresh with the central service's key.
    /// </summary>
    private string SignedByXmlsec()
    {
        var template = Signing.Dom(Signing.Sign(Signing.Sample("send-response.xml")));
        var names = Signing.Names(template);
        foreach (XmlNode value in template.SelectNodes("//ds:DigestValue | //ds:SignatureValue", names)!)
        {
            value.InnerText = string.Empty;
        }

        var output = Path.Combine(_folder, "xmlsec-signed.xml");
        var (exitCode, log) = Xmlsec.Sign(Write("template.xml", template.OuterXml), TestCertificates.KeyPath("central"), TestCertificates.CertificatePath("central"), output);
        Assert.True(exitCode == 0, log);
        var signed = File.ReadAllText(output);
        Assert.DoesNotContain("<ds:SignatureValue></ds:SignatureValue>", signed, StringComparison.Ordinal);
        return signed;
    }

    private static string ChangeOneByte(string xml, string text)
    {
        var at = xml.IndexOf(text, StringComparison.Ordinal);
        Assert.True(at > 0, $"'{text}' not found");
        var bytes = Encoding.UTF8.GetBytes(xml);
        var offset = Encoding.UTF8.GetByteCount(xml.AsSpan(0, at));
        bytes[offset] = (byte)(bytes[offset] == 'A' ? 'B' : 'A');
        return Encoding.UTF8.GetString(bytes);
    }

    private string Write(string name, string content)
    {
        var path = Path.Combine(_folder, name);
        File.WriteAllText(path, content);
        return path;
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);
}
