using System.Xml;
using System.Xml.Schema;

namespace VrijwilligeOppas.Xml;

/// <summary>An <see cref="XmlReader"/> that passes everything to another, for wrappers that change only how it moves.</summary>
public abstract class DelegatingXmlReader(XmlReader inner) : XmlReader, IXmlLineInfo
{
    protected XmlReader Inner { get; } = inner;

    public override XmlNodeType NodeType => Inner.NodeType;
    public override string LocalName => Inner.LocalName;
    public override string NamespaceURI => Inner.NamespaceURI;
    public override string Prefix => Inner.Prefix;
    public override string Value => Inner.Value;
    public override int Depth => Inner.Depth;
    public override string BaseURI => Inner.BaseURI;
    public override bool IsEmptyElement => Inner.IsEmptyElement;
    public override int AttributeCount => Inner.AttributeCount;
    public override bool EOF => Inner.EOF;
    public override ReadState ReadState => Inner.ReadState;
    public override XmlNameTable NameTable => Inner.NameTable;
    public override IXmlSchemaInfo? SchemaInfo => Inner.SchemaInfo;
    public override XmlReaderSettings? Settings => Inner.Settings;
    public int LineNumber => (Inner as IXmlLineInfo)?.LineNumber ?? 0;
    public int LinePosition => (Inner as IXmlLineInfo)?.LinePosition ?? 0;

    public override bool Read() => Inner.Read();
    public override string GetAttribute(string name) => Inner.GetAttribute(name)!;
    public override string? GetAttribute(string name, string? namespaceURI) => Inner.GetAttribute(name, namespaceURI);
    public override string GetAttribute(int i) => Inner.GetAttribute(i);
    public override string? LookupNamespace(string prefix) => Inner.LookupNamespace(prefix);
    public override bool MoveToAttribute(string name) => Inner.MoveToAttribute(name);
    public override bool MoveToAttribute(string name, string? ns) => Inner.MoveToAttribute(name, ns);
    public override bool MoveToElement() => Inner.MoveToElement();
    public override bool MoveToFirstAttribute() => Inner.MoveToFirstAttribute();
    public override bool MoveToNextAttribute() => Inner.MoveToNextAttribute();
    public override bool ReadAttributeValue() => Inner.ReadAttributeValue();
    public override void ResolveEntity() => Inner.ResolveEntity();
    public bool HasLineInfo() => Inner is IXmlLineInfo info && info.HasLineInfo();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            Inner.Dispose();
        }

        base.Dispose(disposing);
    }
}
