using System.Net;
using System.Xml;
using System.Xml.Schema;
using VrijwilligeOppas.Xml;

namespace VrijwilligeOppas.Mapping.Contracts;

/// <summary>The compiled schema sets of both sides, built once from <see cref="ContractFiles"/>.</summary>
public static class ContractSchemas
{
    private static readonly Uri Base = new("https://contracts.invalid/");

    private static readonly Lazy<XmlSchemaSet> KszSet = new(() =>
        Compile("soap/soap-envelope-1.1.xsd", "ksz/SSDNService.xsd", "ksz/WebServiceConnector.xsd"));

    private static readonly Lazy<XmlSchemaSet> EHealthSet = new(() =>
        Compile("soap/soap-envelope-1.1.xsd", "ehealth/ehealth-vrijwilligeoppas-protocol-1_0.xsd", "ehealth/ehealth-errors-soa-1_0.xsd", "ehealth/oasis-wss-secext-1_0.xsd"));

    private static readonly Lazy<XmlSchemaSet> TestConnectionSet = new(() =>
        Compile(["soap/soap-envelope-1.1.xsd"], inlineIn: "ksz/TestConnectionService.wsdl"));

    /// <summary>SOAP 1.1 envelope, SSDN service and common, the VO payloads and the connector wrapper.</summary>
    public static XmlSchemaSet Ksz => KszSet.Value;

    /// <summary>SOAP 1.1 envelope, eHealth commons, SOA errors, the VO protocol and core schemas, and the WS-Security header.</summary>
    public static XmlSchemaSet EHealth => EHealthSet.Value;

    /// <summary>SOAP 1.1 envelope and KSZ's TestConnectionService, whose elements are declared inside its WSDL.</summary>
    public static XmlSchemaSet TestConnection => TestConnectionSet.Value;

    private static XmlSchemaSet Compile(params string[] roots) => Compile(roots, inlineIn: null);

    private static XmlSchemaSet Compile(string[] roots, string? inlineIn)
    {
        var resolver = new ContractResolver();
        var set = new XmlSchemaSet { XmlResolver = resolver };
        foreach (var root in roots)
        {
            var uri = new Uri(Base, root);
            using var reader = XmlReader.Create(ContractFiles.Open(root)!, SafeXml.SchemaSettings(resolver), uri.AbsoluteUri);
            set.Add(null, reader);
        }

        if (inlineIn is not null)
        {
            // A WSDL's types section is the one source of its elements; served and enforced from the same bytes.
            using var wsdl = XmlReader.Create(ContractFiles.Open(inlineIn)!, SafeXml.SchemaSettings(resolver), new Uri(Base, inlineIn).AbsoluteUri);
            while (wsdl.ReadToFollowing("schema", XmlSchema.Namespace))
            {
                using var inline = wsdl.ReadSubtree();
                set.Add(null, inline);
            }
        }

        set.Compile();
        return set;
    }

    /// <summary>Resolves schema imports to the embedded contract files only: nothing is ever fetched.</summary>
    private sealed class ContractResolver : XmlResolver
    {
        public override ICredentials Credentials
        {
            set { }
        }

        public override object? GetEntity(Uri absoluteUri, string? role, Type? ofObjectToReturn)
        {
            if (absoluteUri.Host == Base.Host && ContractFiles.Open(absoluteUri.AbsolutePath.TrimStart('/')) is { } stream)
            {
                return stream;
            }

            throw new XmlException($"The contract schemas may only import each other, not '{absoluteUri}'.");
        }
    }
}
