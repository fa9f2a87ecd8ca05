using System.Text;
using System.Xml;
using System.Xml.Linq;
using System.Xml.Schema;
using BenchmarkDotNet.Attributes;
using VrijwilligeOppas.Mapping.Contracts;
using VrijwilligeOppas.Tests.Shared;
using VrijwilligeOppas.Xml;

namespace VrijwilligeOppas.Benchmarks;

/// <summary>
/// Where the validating reader's time goes (issue 20): the same pass over a KSZ send with the real compiled schema set
/// and with variants of it, each built in memory from the contract files with one kind of work taken out. Only an
/// attribution: no variant is a contract the gateway could enforce, since each accepts messages the XSDs refuse.
/// </summary>
[MemoryDiagnoser]
public class ValidationCostBenchmarks
{
    private static readonly XNamespace Xs = XmlSchema.Namespace;
    private static readonly string[] KszRoots = ["soap/soap-envelope-1.1.xsd", "ksz/SSDNService.xsd", "ksz/WebServiceConnector.xsd"];

    private static readonly XmlSchemaSet AsIs = Variant(_ => { });
    private static readonly XmlSchemaSet NoPatterns = Variant(d => d.Descendants(Xs + "pattern").Remove());
    private static readonly XmlSchemaSet NoEnumerations = Variant(d => d.Descendants(Xs + "enumeration").Remove());
    private static readonly XmlSchemaSet AllStrings = Variant(StringsOnly);
    private static readonly XmlSchemaSet Unbounded = Variant(UnboundedRanges);
    private static readonly XmlSchemaSet StructureOnly = Variant(d => { StringsOnly(d); UnboundedRanges(d); });
    private static readonly XmlSchemaSet BodySkipped = Variant(SkipBody);

    private static readonly XmlReaderSettings Reused = SafeXml.MessageSettings(ContractSchemas.Ksz, long.MaxValue);

    private byte[] _request = [];

    [Params(1, 100, 10_000)]
    public int Prestaties { get; set; }

    [GlobalSetup]
    public void Setup() =>
        _request = Encoding.UTF8.GetBytes(KszMessages.Send([.. Enumerable.Range(0, Prestaties).Select(i =>
            new KszMessages.P($"P-{i:D6}", Datum: $"2026-10-{1 + (i % 28):D2}", Begin: "22:00:00", Eind: "07:00:00"))]));

    [Benchmark(Baseline = true, Description = "bare XmlReader pass")]
    public int Bare() => Pass(new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null, IgnoreWhitespace = true });

    [Benchmark(Description = "validating: ContractSchemas.Ksz (as shipped)")]
    public int Shipped() => Pass(Settings(ContractSchemas.Ksz));

    [Benchmark(Description = "validating: in-memory copy, unchanged (control)")]
    public int Control() => Pass(Settings(AsIs));

    [Benchmark(Description = "(a) no xs:pattern facets")]
    public int WithoutPatterns() => Pass(Settings(NoPatterns));

    [Benchmark(Description = "(b) no xs:enumeration facets")]
    public int WithoutEnumerations() => Pass(Settings(NoEnumerations));

    [Benchmark(Description = "(c) every simple type xs:string, no facets")]
    public int Strings() => Pass(Settings(AllStrings));

    [Benchmark(Description = "(f) maxOccurs ranges unbounded (no range validator)")]
    public int RangesUnbounded() => Pass(Settings(Unbounded));

    [Benchmark(Description = "(c)+(f) structure only")]
    public int Structure() => Pass(Settings(StructureOnly));

    [Benchmark(Description = "(g) soap:Body content skipped: the wrapper alone")]
    public int Wrapper() => Pass(Settings(BodySkipped));

    [Benchmark(Description = "(d) flags: framework default (identity constraints on)")]
    public int DefaultFlags()
    {
        var settings = Settings(ContractSchemas.Ksz);
        settings.ValidationFlags = XmlSchemaValidationFlags.ProcessIdentityConstraints | XmlSchemaValidationFlags.AllowXmlAttributes;
        return Pass(settings);
    }

    [Benchmark(Description = "(d) flags: + ReportValidationWarnings, a handler attached")]
    public int Warnings()
    {
        var settings = Settings(ContractSchemas.Ksz);
        settings.ValidationFlags = XmlSchemaValidationFlags.ReportValidationWarnings;
        settings.ValidationEventHandler += (_, _) => { };
        return Pass(settings);
    }

    [Benchmark(Description = "(e) one XmlReaderSettings reused")]
    public int ReusedSettings() => Pass(Reused);

    /// <summary>The schema set's own name table: element names arrive as the very strings the schemas hold. Not thread-safe: a measurement only.</summary>
    [Benchmark(Description = "(e) reader on the schema set's NameTable")]
    public int SharedNameTable()
    {
        var settings = Settings(ContractSchemas.Ksz);
        settings.NameTable = ContractSchemas.Ksz.NameTable;
        return Pass(settings);
    }

    private static XmlReaderSettings Settings(XmlSchemaSet schemas) => SafeXml.MessageSettings(schemas, long.MaxValue);

    private int Pass(XmlReaderSettings settings)
    {
        using var reader = XmlReader.Create(new MemoryStream(_request), settings);
        var nodes = 0;
        while (reader.Read())
        {
            nodes++;
        }

        return nodes;
    }

    /// <summary>Every simple type a facet-free restriction of xs:string, every built-in type xs:string.</summary>
    private static void StringsOnly(XDocument schema)
    {
        foreach (var restriction in schema.Descendants(Xs + "restriction").Where(r => r.Parent?.Name == Xs + "simpleType"))
        {
            restriction.RemoveNodes();
            restriction.SetAttributeValue("base", Builtin(restriction, "string"));
        }

        foreach (var typed in schema.Descendants().Where(e => e.Name == Xs + "element" || e.Name == Xs + "attribute"))
        {
            if (typed.Attribute("type") is { } type && IsBuiltinSimple(typed, type.Value))
            {
                type.Value = Builtin(typed, "string");
            }
        }
    }

    private static void UnboundedRanges(XDocument schema)
    {
        foreach (var max in schema.Descendants().Attributes("maxOccurs").Where(a => a.Value is not ("0" or "1" or "unbounded")))
        {
            max.Value = "unbounded";
        }
    }

    private static void SkipBody(XDocument schema)
    {
        foreach (var any in schema.Descendants(Xs + "element").Where(e => (string?)e.Attribute("name") == "Body").Descendants(Xs + "any"))
        {
            any.SetAttributeValue("processContents", "skip");
        }
    }

    private static bool IsBuiltinSimple(XElement at, string qname)
    {
        var colon = qname.IndexOf(':', StringComparison.Ordinal);
        var ns = colon < 0 ? at.GetDefaultNamespace() : at.GetNamespaceOfPrefix(qname[..colon]);
        return ns == Xs && qname[(colon + 1)..] is not ("string" or "anyType" or "anySimpleType");
    }

    private static string Builtin(XElement at, string local) => $"{at.GetPrefixOfNamespace(Xs)}:{local}";

    /// <summary>The KSZ set compiled as <see cref="ContractSchemas"/> compiles it, every file first passed through <paramref name="edit"/>.</summary>
    private static XmlSchemaSet Variant(Action<XDocument> edit)
    {
        var resolver = new EditingResolver(edit);
        var set = new XmlSchemaSet { XmlResolver = resolver };
        foreach (var root in KszRoots)
        {
            using var reader = XmlReader.Create((Stream)resolver.GetEntity(new Uri(EditingResolver.Base, root), null, null), SafeXml.SchemaSettings(resolver), new Uri(EditingResolver.Base, root).AbsoluteUri);
            set.Add(null, reader);
        }

        set.Compile();
        return set;
    }

    private sealed class EditingResolver(Action<XDocument> edit) : XmlResolver
    {
        public static readonly Uri Base = new("https://contracts.invalid/");

        public override object GetEntity(Uri absoluteUri, string? role, Type? ofObjectToReturn)
        {
            var document = XDocument.Load(new MemoryStream(ContractFiles.Read(absoluteUri.AbsolutePath.TrimStart('/'))));
            edit(document);
            return new MemoryStream(Encoding.UTF8.GetBytes(document.ToString()));
        }
    }
}
