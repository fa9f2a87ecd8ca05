using System.Security.Cryptography.X509Certificates;
using System.Security.Cryptography.Xml;
using System.Text;
using System.Xml;

namespace VrijwilligeOppas.Security.Tests;

/// <summary>
/// <c>InclusiveNamespaces PrefixList</c>s the central service may legitimately send: answers signed by the
/// framework's <see cref="SignedXml"/> with such lists must be accepted (refusing them refuses valid answers), and
/// the same answer with its Body or Timestamp changed must still be refused.
/// </summary>
public class InclusiveNamespacesTests
{
    private const string OuterDefault = "urn:example:outer-default";

    public static TheoryData<string, string> PrefixLists => new()
    {
        // xml and xmlns are always in scope; no implementation renders a declaration for them.
        { "xml", "xml" },
        { "xmlns", "xmlns" },
        { "xml xmlns soap wsu #default", "xml xmlns soap wsu #default" },
        // XML whitespace separates the prefixes, not only the space.
        { "tab", "soap\twsu" },
        { "line feed", "soap\nwsu" },
        { "carriage return and line feed", "soap\r\nwsu  \t#default" },
    };

    [Theory]
    [MemberData(nameof(PrefixLists))]
    public void An_answer_signed_with_this_PrefixList_on_every_reference_and_SignedInfo_is_accepted(string name, string prefixList)
    {
        var signed = SignedByTheFramework(Signing.Dom(Signing.Sign(Signing.Sample("send-response.xml"))), prefixList);

        var check = Signing.Verify(signed);

        Assert.True(check.IsValid, $"{name}: {check.Explanation}");
        Assert.Equal(SignatureFailure.Invalid, Signing.Verify(signed.Replace("Aanvaard", "Geweigerd", StringComparison.Ordinal)).Failure);
    }

    /// <summary>
    /// The Timestamp and SignedInfo are canonicalised from a DOM of the Security header: there an undeclared default
    /// namespace (<c>xmlns=""</c>) must stay undeclared and not take the envelope's default namespace.
    /// </summary>
    [Theory]
    [InlineData("#default")]
    [InlineData("#default wsu")]
    public void A_default_namespace_undeclared_inside_the_Timestamp_stays_undeclared(string prefixList)
    {
        var document = Signing.Dom(Signing.Sign(Signing.Sample("send-response.xml")));
        var names = Signing.Names(document);
        document.DocumentElement!.SetAttribute("xmlns", OuterDefault);
        var timestamp = (XmlElement)document.SelectSingleNode("//wsu:Timestamp", names)!;
        timestamp.SetAttribute("xmlns", string.Empty);
        ((XmlElement)timestamp.SelectSingleNode("wsu:Created", names)!).SetAttribute("xmlns", "urn:example:created");
        ((XmlElement)timestamp.SelectSingleNode("wsu:Expires", names)!).SetAttribute("xmlns", string.Empty);
        var signed = SignedByTheFramework(document, prefixList);

        var check = Signing.Verify(signed);

        Assert.True(check.IsValid, check.Explanation);
        Assert.Equal(SignatureFailure.Invalid, Signing.Verify(signed.Replace(":20:00", ":21:00", StringComparison.Ordinal)).Failure);
    }

    [Fact]
    public void A_default_namespace_undeclared_on_the_Security_header_is_not_replaced_by_the_envelopes()
    {
        var document = Signing.Dom(Signing.Sign(Signing.Sample("send-response.xml")));
        var names = Signing.Names(document);
        document.DocumentElement!.SetAttribute("xmlns", OuterDefault);
        ((XmlElement)document.SelectSingleNode("//wsse:Security", names)!).SetAttribute("xmlns", string.Empty);
        var signed = SignedByTheFramework(document, "#default");

        var check = Signing.Verify(signed);

        Assert.True(check.IsValid, check.Explanation);
    }

    /// <summary>
    /// Signs the message anew with the pinned key, by the framework: <see cref="SignedXml"/> computes the Body and
    /// Timestamp digests (exclusive C14N with this PrefixList); the signature value is then computed over SignedInfo
    /// as the framework's <see cref="XmlDsigExcC14NTransform"/> canonicalises it in place, in the finished message.
    /// SignedXml's own signature value cannot serve: it canonicalises SignedInfo before the Signature is in the
    /// document (a listed prefix declared on the envelope counts as absent) and from a re-parsed copy (a tab in the
    /// PrefixList becomes a space). Written so that a tab or line break in the list stays one (a character reference).
    /// </summary>
    internal static string SignedByTheFramework(XmlDocument document, string prefixList)
    {
        var names = Signing.Names(document);
        var signature = document.SelectSingleNode("//ds:Signature", names)!;
        var keyInfo = (XmlElement)signature.SelectSingleNode("ds:KeyInfo", names)!.CloneNode(true);
        signature.ParentNode!.RemoveChild(signature);

        var ids = ReferenceSignedXml.CollectIds(document);
        var signed = new ReferenceSignedXml(document, ids) { SigningKey = TestCertificates.Central.GetRSAPrivateKey() };
        signed.SignedInfo!.CanonicalizationMethod = WsSecurityNames.ExcC14N;
        ((XmlDsigExcC14NTransform)signed.SignedInfo.CanonicalizationMethodObject).InclusiveNamespacesPrefixList = prefixList;
        signed.SignedInfo.SignatureMethod = WsSecurityNames.RsaSha256;
        foreach (var (id, _) in ids.Where(p => p.Value.LocalName is "Body" or "Timestamp"))
        {
            var reference = new Reference("#" + id) { DigestMethod = WsSecurityNames.Sha256 };
            reference.AddTransform(new XmlDsigExcC14NTransform(prefixList));
            signed.AddReference(reference);
        }

        var info = new KeyInfo();
        info.AddClause(new KeyInfoNode((XmlElement)keyInfo.FirstChild!));
        signed.KeyInfo = info;
        signed.ComputeSignature();
        document.SelectSingleNode("//wsse:Security", names)!.AppendChild(document.ImportNode(signed.GetXml(), true));

        var message = ReferenceSignedXml.Load(Serialized(document));
        var signedInfo = (XmlElement)message.SelectSingleNode("//ds:SignedInfo", Signing.Names(message))!;
        var canonical = Encoding.UTF8.GetBytes(ReferenceSignedXml.Canonicalize(signedInfo, prefixList));
        var value = TestCertificates.Central.GetRSAPrivateKey()!.SignData(canonical, System.Security.Cryptography.HashAlgorithmName.SHA256, System.Security.Cryptography.RSASignaturePadding.Pkcs1);
        message.SelectSingleNode("//ds:SignatureValue", Signing.Names(message))!.InnerText = Convert.ToBase64String(value);
        return Serialized(message);
    }

    private static string Serialized(XmlDocument document)
    {
        var text = new StringBuilder();
        using (var writer = XmlWriter.Create(text, new XmlWriterSettings { OmitXmlDeclaration = true, NewLineHandling = NewLineHandling.Entitize }))
        {
            document.DocumentElement!.WriteTo(writer);
        }

        return text.ToString();
    }
}
