using System.Text;
using System.Xml;

namespace VrijwilligeOppas.Security.Tests;

/// <summary>The streaming exclusive canonicalizer against the framework's transform, on what makes C14N hard.</summary>
public class CanonicalizerTests
{
    public static TheoryData<string, string?> Documents => new()
    {
        { """<a:root xmlns:a="urn:a" xmlns:b="urn:b" xmlns:unused="urn:u"><a:x/><b:y b:at="1" z="2" a:at="3"/></a:root>""", null },
        { """<root xmlns="urn:d"><child xmlns=""><inner xmlns="urn:e"/></child><x xmlns="urn:d"/></root>""", null },
        { """<p:r xmlns:p="urn:p"><p:s xmlns:p="urn:other"><p:t xmlns:p="urn:p"/></p:s></p:r>""", null },
        { "<r a=\"tab\t&#9;nl&#10;cr&#13;&amp;&lt;&quot;'>\" xml:lang=\"nl\">text &amp; &lt; &gt; &#13; \"' <![CDATA[<cdata & more>]]><!-- gone --><?pi data?>\n  é€😀</r>", null },
        { """<o:outer xmlns:o="urn:o" xmlns:k="urn:k" xmlns:q="urn:q"><o:signed><o:in q:at="x">k:QName</o:in></o:signed></o:outer>""", "k" },
        { """<o:outer xmlns:o="urn:o" xmlns="urn:dflt"><o:signed><plain/></o:signed></o:outer>""", "#default" },
        { """<a:r xmlns:a="urn:a"><a:e/>   <a:e>  </a:e><a:e b="  spaced  "/></a:r>""", null },
        { """<o:outer xmlns:o="urn:o" xml:lang="nl"><o:signed xml:space="preserve"><o:in xml:lang="fr"/></o:signed></o:outer>""", "xml xmlns" },
        { """<outer xmlns="urn:d" xmlns:p="urn:p"><signed xmlns=""><p:in xmlns:p="urn:q"><x xmlns="urn:d"><y xmlns=""/></x></p:in></signed></outer>""", "#default p xml" },
    };

    /// <summary>The DOM path (Timestamp, SignedInfo): an <see cref="XmlNodeReader"/> and the scope above the element.</summary>
    [Theory]
    [MemberData(nameof(Documents))]
    public void Canonical_form_of_a_DOM_element_equals_the_framework_transform(string xml, string? inclusivePrefixes)
    {
        var document = ReferenceSignedXml.Load(xml);
        var apex = (XmlElement)(document.DocumentElement!.SelectSingleNode("*[local-name()='signed']") ?? document.DocumentElement);
        var expected = ReferenceSignedXml.Canonicalize(apex, inclusivePrefixes);
        var prefixes = inclusivePrefixes?.Split(' ') ?? [];

        Assert.Equal(expected, Encoding.UTF8.GetString(ExclusiveCanonicalizer.Canonicalize(apex, prefixes, new Dictionary<string, string>())));
    }

    [Theory]
    [InlineData("""<r xmlns:rel="../cheating#away"><rel:x/></r>""")]
    [InlineData("""<r><x xmlns="relative/path"/></r>""")]
    [InlineData("""<r><x xmlns:p="p/q:r"/></r>""")]
    public void A_relative_namespace_URI_is_refused_as_C14N_requires(string xml)
    {
        using var sink = new CanonicalSink(Stream.Null, digest: true);

        Assert.Throws<XmlException>(() => new ExclusiveCanonicalizer().Write(Positioned(xml, "r"), sink));
    }

    [Theory]
    [MemberData(nameof(Documents))]
    public void Canonical_form_equals_the_framework_transform(string xml, string? inclusivePrefixes)
    {
        var document = ReferenceSignedXml.Load(xml);
        var apex = (XmlElement)(document.DocumentElement!.SelectSingleNode("*[local-name()='signed']") ?? document.DocumentElement);
        var expected = ReferenceSignedXml.Canonicalize(apex, inclusivePrefixes);

        Assert.Equal(expected, Streamed(xml, apex.LocalName, inclusivePrefixes));
    }

    [Fact]
    public void The_digest_is_of_exactly_the_bytes_written()
    {
        var output = new MemoryStream();
        using var sink = new CanonicalSink(output, digest: true);
        var reader = Positioned("""<a xmlns="urn:a"><b c="1">x</b></a>""", "a");
        new ExclusiveCanonicalizer().Write(reader, sink);

        var digest = sink.Finish();

        Assert.Equal(System.Security.Cryptography.SHA256.HashData(output.ToArray()), digest);
    }

    [Fact]
    public void Nesting_beyond_the_limit_is_refused_without_overflowing_the_stack()
    {
        var deep = string.Concat(Enumerable.Repeat("<a>", 10_000)) + string.Concat(Enumerable.Repeat("</a>", 10_000));
        using var sink = new CanonicalSink(Stream.Null, digest: true);

        Assert.Throws<XmlException>(() => new ExclusiveCanonicalizer().Write(Positioned(deep, "a"), sink));
    }

    [Fact]
    public void A_document_that_ends_inside_the_element_is_refused()
    {
        using var sink = new CanonicalSink(Stream.Null, digest: true);

        Assert.Throws<XmlException>(() => new ExclusiveCanonicalizer().Write(Positioned("<a><b>text", "a"), sink));
    }

    private static string Streamed(string xml, string apex, string? inclusivePrefixes)
    {
        var output = new MemoryStream();
        using (var sink = new CanonicalSink(output, digest: false))
        {
            new ExclusiveCanonicalizer { InclusivePrefixes = inclusivePrefixes?.Split(' ') ?? [] }.Write(Positioned(xml, apex), sink);
            sink.Finish();
        }

        return Encoding.UTF8.GetString(output.ToArray());
    }

    private static XmlReader Positioned(string xml, string localName)
    {
        var reader = XmlReader.Create(new StringReader(xml), new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, IgnoreComments = true });
        while (reader.Read() && !(reader.NodeType == XmlNodeType.Element && reader.LocalName == localName))
        {
        }

        return reader;
    }
}
