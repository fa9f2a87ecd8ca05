using System.Security.Cryptography;
using System.Text;
using System.Xml;

namespace VrijwilligeOppas.Security.Tests;

/// <summary>
/// The public exclusive C14N interoperability vectors (W3C exc-c14n REC examples; Apache Santuario's, Merlin
/// Hughes's and IAIK's test resources; the C14N 1.0 examples without DTD), read at test time from
/// <c>../shared/c14n-vectors/</c> (never copied into the project), as listed in its <c>cases.tsv</c>: one element of
/// a document, exclusive C14N without comments, an optional PrefixList. Each case is canonicalised both ways the
/// gateway does (streaming, as the Body; from a DOM, as Timestamp and SignedInfo) and must equal, byte for byte,
/// the published output where there is one, and always what xmlsec1 digests for the same element.
/// </summary>
/// <remarks>
/// In scope: every case of <c>cases.tsv</c> (<see cref="InScopeCases"/>): each names a whole element, which is what a
/// <c>#id</c> reference (the only kind the profile allows) signs. Out of scope, and not run
/// (<see cref="OutOfScope"/>): what the vector files describe beyond those cases.
/// </remarks>
public sealed class C14nVectorTests : IDisposable
{
    /// <summary>The cases of cases.tsv when this was written: a vector folder with fewer lost some.</summary>
    private const int InScopeCases = 31;

    /// <summary>Vector variants the gateway does not implement, with why; they are counted, not run.</summary>
    public static readonly IReadOnlyDictionary<string, string> OutOfScope = new Dictionary<string, string>
    {
        ["merlin-exc-one, 2 references with #WithComments"] = "exclusive C14N with comments: the eHealth profile (and the verifier) allow only the transform without comments",
        ["iaik-example1..4, XPath node-set results"] = "document subsets selected by an XPath filter: the profile allows only #id references to whole elements (the cases run the whole element instead)",
        ["c14n-3_3, 3_4, 3_7, 3_8, C14N 1.0 outputs"] = "inclusive C14N 1.0 outputs (3_7 also a document subset): the cases run exclusive C14N of the same elements instead, against xmlsec1",
    };

    /// <summary>
    /// Cases where refusing is the right answer (fail-closed): .NET's XmlReader refuses xml:space values other than
    /// default and preserve (the vectors' README allows this; other bytes would not be allowed), and C14N requires
    /// refusing a relative namespace URI (xmlsec1 refuses it too, which the test checks).
    /// </summary>
    private static readonly Dictionary<string, string> MayRefuse = new Dictionary<string, string>
    {
        ["w3c-exc-ex2"] = "xml:space=\"retain\"",
        ["santuario-2_2_3"] = "xml:space=\"reset\"",
        ["santuario-relative-ns"] = "relative namespace URI",
    };

    private static readonly string Folder = Path.GetFullPath(Path.Combine(RepoPaths.Root, "..", "shared", "c14n-vectors"));

    private readonly string _scratch = Directory.CreateTempSubdirectory("vo-c14n-vectors-").FullName;

    public static TheoryData<string> Cases()
    {
        var names = new TheoryData<string>();
        foreach (var name in ReadCases().Keys)
        {
            names.Add(name);
        }

        return names;
    }

    [Fact]
    public void The_vector_folder_holds_every_in_scope_case()
    {
        Assert.True(File.Exists(Path.Combine(Folder, "cases.tsv")), $"{Folder}/cases.tsv is missing: the vectors are read from ../shared/c14n-vectors");
        Assert.Equal(InScopeCases, ReadCases().Count);
        Assert.Equal(3, OutOfScope.Count);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Vector_canonicalises_as_published_and_as_xmlsec1(string name)
    {
        var vector = ReadCases()[name];
        var document = File.ReadAllBytes(Path.Combine(Folder, vector.File));
        var xmlsec = XmlsecCanonicalForm.Of(document, vector.Apex, vector.PrefixList, _scratch);

        byte[] streamed, fromDom;
        try
        {
            streamed = Streamed(document, vector);
            fromDom = FromDom(document, vector);
        }
        catch (XmlException refused) when (MayRefuse.ContainsKey(name))
        {
            // Refusing is fail-closed. Where C14N itself requires it, the independent implementation must agree.
            Assert.True(!name.Contains("relative", StringComparison.Ordinal) || xmlsec.Refused, $"{name}: refused ({refused.Message}) but xmlsec1 canonicalised it:\n{xmlsec.PreDigest}");
            return;
        }

        Assert.Equal(Encoding.UTF8.GetString(streamed), Encoding.UTF8.GetString(fromDom));
        if (vector.Expected is { } expectedFile)
        {
            Assert.Equal(Encoding.UTF8.GetString(File.ReadAllBytes(Path.Combine(Folder, expectedFile))), Encoding.UTF8.GetString(streamed));
            Assert.Equal(File.ReadAllBytes(Path.Combine(Folder, expectedFile)), streamed);
        }

        Assert.False(xmlsec.Refused, $"{name}: xmlsec1 refused what the gateway canonicalised:\n{xmlsec.Log}");
        Assert.True(SHA256.HashData(streamed).AsSpan().SequenceEqual(xmlsec.Digest), $"{name}: xmlsec1 digested\n{xmlsec.PreDigest}\nthe gateway\n{Encoding.UTF8.GetString(streamed)}");
    }

    /// <summary>As the Body: read forward, the canonicalizer started on the apex (the n-th element in document order).</summary>
    private static byte[] Streamed(byte[] document, Vector vector)
    {
        var dom = Load(document);
        var index = Elements(dom).IndexOf(Apex(dom, vector));
        using var reader = XmlReader.Create(new MemoryStream(document), Dom.ReaderSettings);
        for (var seen = -1; seen < index;)
        {
            Assert.True(reader.Read(), "the apex was not found by the streaming reader");
            seen += reader.NodeType == XmlNodeType.Element ? 1 : 0;
        }

        var output = new MemoryStream();
        using (var sink = new CanonicalSink(output, digest: false))
        {
            new ExclusiveCanonicalizer { InclusivePrefixes = vector.Prefixes }.Write(reader, sink);
            sink.Finish();
        }

        return output.ToArray();
    }

    /// <summary>As the Timestamp and SignedInfo: an element of a DOM, through an XmlNodeReader.</summary>
    private static byte[] FromDom(byte[] document, Vector vector)
    {
        var dom = Load(document);
        return ExclusiveCanonicalizer.Canonicalize(Apex(dom, vector), vector.Prefixes, new Dictionary<string, string>());
    }

    private static XmlDocument Load(byte[] document)
    {
        var dom = new XmlDocument { PreserveWhitespace = true, XmlResolver = null };
        using var reader = XmlReader.Create(new MemoryStream(document), Dom.ReaderSettings);
        dom.Load(reader);
        return dom;
    }

    private static XmlElement Apex(XmlDocument dom, Vector vector) =>
        dom.SelectSingleNode(vector.Apex) as XmlElement ?? throw new InvalidOperationException($"{vector.Apex} selects no element");

    private static List<XmlElement> Elements(XmlDocument dom) => [.. dom.SelectNodes("//*")!.Cast<XmlElement>()];

    private static Dictionary<string, Vector> ReadCases()
    {
        var cases = new Dictionary<string, Vector>(StringComparer.Ordinal);
        var list = Path.Combine(Folder, "cases.tsv");
        if (!File.Exists(list))
        {
            return cases;
        }

        foreach (var line in File.ReadAllLines(list).Where(l => l.Length > 0 && !l.StartsWith('#')))
        {
            var fields = line.Split('\t');
            Assert.True(fields.Length == 5, $"cases.tsv: '{line}' does not have 5 fields");
            cases.Add(fields[0], new Vector(fields[1], fields[2], fields[3] == "-" ? null : fields[3], fields[4] == "-" ? null : fields[4]));
        }

        return cases;
    }

    public void Dispose() => Directory.Delete(_scratch, recursive: true);

    private sealed record Vector(string File, string Apex, string? PrefixList, string? Expected)
    {
        public string[] Prefixes => PrefixList?.Split(' ', StringSplitOptions.RemoveEmptyEntries) ?? [];
    }
}
