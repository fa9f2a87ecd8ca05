using System.Xml;
using VrijwilligeOppas.Xml;

namespace VrijwilligeOppas.Security;

/// <summary>How signed messages are read, and navigation in the small DOM of their Security header by local name and namespace only.</summary>
internal static class Dom
{
    /// <summary>
    /// How signed messages are read: no DTDs, entities or resolver, and whitespace kept, because it is part of what
    /// is digested. Comments are dropped: exclusive C14N without comments leaves them out anyway.
    /// </summary>
    public static readonly XmlReaderSettings ReaderSettings = new()
    {
        DtdProcessing = DtdProcessing.Prohibit,
        XmlResolver = null,
        MaxCharactersFromEntities = 0,
        IgnoreComments = true,
        CloseInput = false,
    };

    public static IEnumerable<XmlElement> Children(XmlElement? parent) => parent is null ? [] : parent.ChildNodes.OfType<XmlElement>();

    public static XmlElement? Child(XmlElement? parent, string localName, string ns) => Children(parent).FirstOrDefault(e => Is(e, localName, ns));

    public static bool Is(XmlElement? element, string localName, string ns) => element is not null && element.LocalName == localName && element.NamespaceURI == ns;

    /// <summary>XML's white space (XML 1.0 production S), which separates the prefixes of a PrefixList (an NMTOKENS).</summary>
    private static readonly char[] XmlWhitespace = [' ', '\t', '\r', '\n'];

    /// <summary>The <c>InclusiveNamespaces PrefixList</c> of an exclusive C14N transform or canonicalization method.</summary>
    public static IReadOnlyCollection<string> InclusivePrefixes(XmlElement? algorithm) =>
        Child(algorithm, "InclusiveNamespaces", WsSecurityNames.ExcC14N)?.GetAttribute("PrefixList").Split(XmlWhitespace, StringSplitOptions.RemoveEmptyEntries) ?? [];
}

/// <summary>Refuses nesting beyond <see cref="SafeXml.MaxDepth"/> while a DOM is built.</summary>
internal sealed class DepthLimitedReader(XmlReader inner) : DelegatingXmlReader(inner)
{
    public override bool Read()
    {
        var more = Inner.Read();
        SafeXml.EnsureDepth(Inner);
        return more;
    }
}
