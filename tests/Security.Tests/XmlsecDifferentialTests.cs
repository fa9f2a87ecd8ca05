using System.Security.Cryptography;
using System.Text;
using System.Xml;

namespace VrijwilligeOppas.Security.Tests;

/// <summary>
/// Exclusive C14N with InclusiveNamespaces PrefixLists against xmlsec1 (libxml2's canonicalizer), on what is easy
/// to get wrong: <c>xml</c> and <c>xmlns</c> listed, <c>#default</c>, prefixes listed but not declared, prefixes
/// rebound inside the element, default namespaces undeclared (<c>xmlns=""</c>) and declared again, nested. Once
/// as canonical bytes of one element (streamed and from a DOM, as the verifier does both), once as whole answers
/// signed by xmlsec1 with the PrefixList on both references and on SignedInfo, which the gateway must accept, and
/// refuse once changed. xmlsec1 separates a PrefixList on spaces only, so the lists here use spaces.
/// </summary>
public sealed class XmlsecDifferentialTests : IDisposable
{
    private const string Apex = "//*[local-name()='signed']";

    private static readonly string[] Documents =
    [
        """<o:outer xmlns:o="urn:o" xmlns="urn:d" xmlns:p="urn:p" xml:lang="nl"><o:signed xml:space="preserve"><plain xmlns=""><p:in xmlns:p="urn:q"><x xmlns="urn:d"><y xmlns=""/></x></p:in></plain><z/></o:signed></o:outer>""",
        """<r xmlns="urn:a"><signed><n xmlns=""><m xmlns="urn:b"><k xmlns=""><j/></k><l/></m></n></signed></r>""",
        """<r xmlns="urn:a"><signed xmlns=""><n><m xmlns="urn:a"/></n></signed></r>""",
        """<a:r xmlns:a="urn:a" xmlns:b="urn:b" xmlns:c="urn:c"><a:signed xmlns:b="urn:b2"><b:x c:at="1"><a:y xmlns:a="urn:a2" xmlns:b="urn:b"/></b:x><c:w xmlns:c="urn:c"/></a:signed></a:r>""",
    ];

    private static readonly string[] PrefixLists = ["xml", "xmlns", "#default", "p b", "nope", "#default xml xmlns a b c p nope"];

    private readonly string _folder = Directory.CreateTempSubdirectory("vo-c14n-xmlsec-").FullName;

    public static TheoryData<int, string> Elements()
    {
        var data = new TheoryData<int, string>();
        for (var document = 0; document < Documents.Length; document++)
        {
            foreach (var list in PrefixLists)
            {
                data.Add(document, list);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Elements))]
    public void Canonical_bytes_equal_xmlsec1s(int document, string prefixList)
    {
        var xml = Encoding.UTF8.GetBytes(Documents[document]);
        var prefixes = prefixList.Split(' ');
        var xmlsec = XmlsecCanonicalForm.Of(xml, Apex, prefixList, _folder);
        Assert.False(xmlsec.Refused, xmlsec.Log);

        var dom = new XmlDocument { PreserveWhitespace = true };
        dom.LoadXml(Documents[document]);
        var fromDom = ExclusiveCanonicalizer.Canonicalize((XmlElement)dom.SelectSingleNode(Apex)!, prefixes, new Dictionary<string, string>());
        var streamed = Streamed(xml, prefixes);

        Assert.Equal(xmlsec.PreDigest, Encoding.UTF8.GetString(streamed));
        Assert.Equal(SHA256.HashData(streamed), xmlsec.Digest);
        Assert.Equal(streamed, fromDom);
    }

    [Theory]
    [InlineData("xml xmlns")]
    [InlineData("#default")]
    [InlineData("#default soap wsu vop")]
    [InlineData("nope #default xml")]
    [InlineData("vop core voc wsse")]
    public void An_answer_xmlsec1_signs_with_this_PrefixList_is_accepted_and_refused_once_changed(string prefixList)
    {
        var signed = SignedByXmlsec(prefixList);

        var check = Signing.Verify(signed);

        Assert.True(check.IsValid, check.Explanation + "\n" + signed);
        Assert.Equal(SignatureFailure.Invalid, Signing.Verify(signed.Replace("Resultaat=\"Aanvaard\"", "Resultaat=\"Geweigerd\"", StringComparison.Ordinal)).Failure);
        Assert.Equal(SignatureFailure.Invalid, Signing.Verify(signed.Replace("<deep xmlns=\"\"", "<deep xmlns=\"urn:x\"", StringComparison.Ordinal)).Failure);
        Assert.Equal(SignatureFailure.Invalid, Signing.Verify(signed.Replace(":20:00", ":21:00", StringComparison.Ordinal)).Failure);
    }

    /// <summary>
    /// An answer with namespaces that make the PrefixList matter (a default namespace on the envelope, undeclared
    /// and declared again in the Body and the Timestamp, a prefix rebound in the Body), signed by xmlsec1 with the
    /// central service's key: the gateway's signature structure is the template, with the PrefixList added to
    /// both transforms and to SignedInfo's canonicalization method, and its digests and signature value emptied.
    /// </summary>
    private string SignedByXmlsec(string prefixList)
    {
        Xmlsec.Require();
        var template = Signing.Dom(Signing.Sign(Signing.Sample("send-response.xml")));
        var names = Signing.Names(template);
        template.DocumentElement!.SetAttribute("xmlns", "urn:example:outer-default");
        var answer = (XmlElement)template.SelectSingleNode("/soap:Envelope/soap:Body/*", names)!;
        var extra = new XmlDocument();
        extra.LoadXml("""<x xmlns:vop="urn:be:fgov:ehealth:vrijwilligeoppas:protocol:v1"><plain xmlns=""><inner xmlns="urn:example:inner"><deep xmlns=""/></inner><vop:Note xmlns:vop="urn:example:rebound">n</vop:Note></plain></x>""");
        answer.AppendChild(template.ImportNode(extra.DocumentElement!.FirstChild!, deep: true));
        var timestamp = (XmlElement)template.SelectSingleNode("//wsu:Timestamp", names)!;
        timestamp.SetAttribute("xmlns", string.Empty);
        ((XmlElement)timestamp.SelectSingleNode("wsu:Created", names)!).SetAttribute("xmlns", "urn:example:created");

        foreach (XmlElement method in template.SelectNodes("//ds:Transform | //ds:CanonicalizationMethod", names)!)
        {
            var inclusive = template.CreateElement("ec", "InclusiveNamespaces", WsSecurityNames.ExcC14N);
            inclusive.SetAttribute("PrefixList", prefixList);
            method.AppendChild(inclusive);
        }

        foreach (XmlNode value in template.SelectNodes("//ds:DigestValue | //ds:SignatureValue", names)!)
        {
            value.InnerText = string.Empty;
        }

        var path = Path.Combine(_folder, Guid.NewGuid().ToString("N"));
        File.WriteAllText(path + ".template.xml", template.OuterXml);
        var (exitCode, log) = Xmlsec.Sign(path + ".template.xml", TestCertificates.KeyPath("central"), TestCertificates.CertificatePath("central"), path + ".signed.xml");
        Assert.True(exitCode == 0, log);
        var signed = File.ReadAllText(path + ".signed.xml");
        Assert.Contains("<deep xmlns=\"\"", signed, StringComparison.Ordinal);
        Assert.Equal(3, signed.Split("PrefixList=\"" + prefixList + "\"").Length - 1);
        return signed;
    }

    private static byte[] Streamed(byte[] xml, string[] prefixes)
    {
        using var reader = XmlReader.Create(new MemoryStream(xml), Dom.ReaderSettings);
        while (reader.Read() && !(reader.NodeType == XmlNodeType.Element && reader.LocalName == "signed"))
        {
        }

        var output = new MemoryStream();
        using (var sink = new CanonicalSink(output, digest: false))
        {
            new ExclusiveCanonicalizer { InclusivePrefixes = prefixes }.Write(reader, sink);
            sink.Finish();
        }

        return output.ToArray();
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);
}
