using System.Xml;
using VrijwilligeOppas.Mapping.Contracts;

namespace VrijwilligeOppas.Security;

/// <summary>
/// Loads a message into a DOM for signing or verification with the same refusals as every other reader (no DTD,
/// no resolver, bounded size and depth) but keeping whitespace, because the signature covers it.
/// </summary>
public static class SecureDocument
{
    /// <exception cref="XmlException">Not well-formed, a DTD, too large or too deep.</exception>
    public static XmlDocument Load(Stream input, long maxCharacters)
    {
        var settings = new XmlReaderSettings
        {
            DtdProcessing = DtdProcessing.Prohibit,
            XmlResolver = null,
            MaxCharactersFromEntities = 0,
            MaxCharactersInDocument = maxCharacters == long.MaxValue ? 0 : maxCharacters,
            CloseInput = false,
        };
        using var reader = XmlReader.Create(input, settings);
        var document = new XmlDocument { PreserveWhitespace = true, XmlResolver = null };
        document.Load(new DepthLimitedReader(reader));
        return document;
    }

    public static IEnumerable<XmlElement> ChildElements(XmlElement parent) => parent.ChildNodes.OfType<XmlElement>();

    /// <summary>Refuses nesting beyond <see cref="SafeXml.MaxDepth"/> while the DOM is built.</summary>
    private sealed class DepthLimitedReader(XmlReader inner) : XmlReader
    {
        public override bool Read()
        {
            var more = inner.Read();
            SafeXml.EnsureDepth(inner);
            return more;
        }

        public override XmlNodeType NodeType => inner.NodeType;
        public override string LocalName => inner.LocalName;
        public override string NamespaceURI => inner.NamespaceURI;
        public override string Prefix => inner.Prefix;
        public override string Value => inner.Value;
        public override int Depth => inner.Depth;
        public override string BaseURI => inner.BaseURI;
        public override bool IsEmptyElement => inner.IsEmptyElement;
        public override int AttributeCount => inner.AttributeCount;
        public override bool EOF => inner.EOF;
        public override ReadState ReadState => inner.ReadState;
        public override XmlNameTable NameTable => inner.NameTable;
        public override string GetAttribute(string name) => inner.GetAttribute(name)!;
        public override string? GetAttribute(string name, string? namespaceURI) => inner.GetAttribute(name, namespaceURI);
        public override string GetAttribute(int i) => inner.GetAttribute(i);
        public override string? LookupNamespace(string prefix) => inner.LookupNamespace(prefix);
        public override bool MoveToAttribute(string name) => inner.MoveToAttribute(name);
        public override bool MoveToAttribute(string name, string? ns) => inner.MoveToAttribute(name, ns);
        public override bool MoveToElement() => inner.MoveToElement();
        public override bool MoveToFirstAttribute() => inner.MoveToFirstAttribute();
        public override bool MoveToNextAttribute() => inner.MoveToNextAttribute();
        public override bool ReadAttributeValue() => inner.ReadAttributeValue();
        public override void ResolveEntity() => inner.ResolveEntity();
    }
}
