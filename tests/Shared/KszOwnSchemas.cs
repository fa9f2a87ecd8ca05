using System.Xml;
using System.Xml.Linq;
using System.Xml.Schema;

namespace VrijwilligeOppas.Tests.Shared;

/// <summary>
/// KSZ's own published interface files, read from <c>../shared/ksz/</c> (never copied into the project), with the
/// project's payload XSD: the SSDN envelope and common types are KSZ's, only the <c>vo:</c> payload is the project's.
/// A message that passes here is what KSZ's schemas say it may be; the gateway's own stricter schemas are checked apart.
/// </summary>
internal static class KszOwnSchemas
{
    public static string Folder { get; } = Path.GetFullPath(Path.Combine(RepoPaths.Root, "..", "shared", "ksz"));

    private static readonly Lazy<XmlSchemaSet> Set = new(Compile);

    /// <summary>Every schema error of the message, including those of the SSDN text inside a connector envelope.</summary>
    public static IReadOnlyList<string> Errors(string xml)
    {
        var errors = new List<string>();
        var settings = new XmlReaderSettings { ValidationType = ValidationType.Schema, Schemas = Set.Value, DtdProcessing = DtdProcessing.Prohibit };
        settings.ValidationFlags |= XmlSchemaValidationFlags.ReportValidationWarnings;
        settings.ValidationEventHandler += (_, e) => errors.Add($"{e.Severity} line {e.Exception.LineNumber}: {e.Message}");
        using (var reader = XmlReader.Create(new StringReader(xml), settings))
        {
            while (reader.Read())
            {
            }
        }

        var inner = XDocument.Parse(xml).Descendants(XName.Get("xmlString", "http://ksz-bcss.fgov.be/connectors/WebServiceConnector")).SingleOrDefault();
        if (inner is not null)
        {
            errors.AddRange(Errors(inner.Value));
        }

        return errors;
    }

    private static XmlSchemaSet Compile()
    {
        var set = new XmlSchemaSet { XmlResolver = new KszCommonInPlaceOfTheProjects(Path.Combine(Folder, "SSDN", "Common", "NamespaceRoot.xsd")) };
        set.Add(null, Path.Combine(Folder, "SSDN", "Service", "NamespaceRoot.xsd"));
        set.Add(null, RepoPaths.Combine("xsd", "soap", "soap-envelope-1.1.xsd"));
        set.Add(null, RepoPaths.Combine("xsd", "ksz", "VrijwilligeOppas.xsd"));
        foreach (var wsdl in new[] { "WebServiceConnector.wsdl", "TestConnectionService.wsdl" })
        {
            // The schemas inside KSZ's WSDLs, read with the WSDL's own address so that their imports resolve beside it.
            using var reader = XmlReader.Create(Path.Combine(Folder, "WSDL", wsdl));
            while (reader.ReadToFollowing("schema", XmlSchema.Namespace))
            {
                using var inline = reader.ReadSubtree();
                set.Add(null, inline);
            }
        }

        set.Compile();
        return set;
    }

    /// <summary>The project's copy of KSZ's common types gives way to KSZ's own; the project's additions stay.</summary>
    private sealed class KszCommonInPlaceOfTheProjects(string kszCommon) : XmlUrlResolver
    {
        public override Uri ResolveUri(Uri? baseUri, string? relativeUri)
        {
            var uri = base.ResolveUri(baseUri, relativeUri);
            return uri.IsFile && uri.AbsolutePath.EndsWith("/xsd/ksz/SSDNCommonTypes.xsd", StringComparison.Ordinal) ? new Uri(kszCommon) : uri;
        }
    }
}
