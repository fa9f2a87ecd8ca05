using System.Xml;
using VrijwilligeOppas.Mapping.Contracts;

namespace VrijwilligeOppas.Security;

/// <summary>
/// Exclusive XML Canonicalization 1.0 without comments (the transform of the eHealth profile) of one element and its
/// content, read forward from an <see cref="XmlReader"/>: no DOM, so a Body of 10 000 prestaties is digested in one
/// pass over its bytes. A namespace is rendered where it is visibly used (or listed as inclusive) and not already
/// rendered with that value by an output ancestor; attributes in (namespace, local name) order; C14N escaping.
/// </summary>
internal sealed class ExclusiveCanonicalizer
{
    private const string XmlnsNamespace = "http://www.w3.org/2000/xmlns/";
    private const string XmlNamespace = "http://www.w3.org/XML/1998/namespace";
    private const string DefaultPrefixToken = "#default";

    private readonly List<(string Prefix, string Uri, int Depth)> _rendered = [];
    private readonly List<Attribute> _attributes = [];
    private readonly List<(string Prefix, string Uri)> _declarations = [];

    /// <summary>Prefixes of an <c>InclusiveNamespaces PrefixList</c>, rendered as inclusive C14N would.</summary>
    public IReadOnlyCollection<string> InclusivePrefixes { get; init; } = [];

    /// <summary>Namespaces in scope outside the reader's reach (a subtree loaded on its own), for inclusive prefixes.</summary>
    public IReadOnlyDictionary<string, string>? OuterScope { get; init; }

    /// <summary>An attribute added to the apex element, as the signer adds <c>wsu:Id</c> to the Body.</summary>
    public (string Prefix, string LocalName, string Namespace, string Value)? ApexAttribute { get; init; }

    /// <summary>Told of every <c>wsu:Id</c> below the apex, so a verifier sees every id in the message.</summary>
    public Action<string>? OnDescendantWsuId { get; init; }

    /// <summary>Writes the element the reader is on, with its content, and leaves the reader after its end.</summary>
    /// <exception cref="XmlException">Not well-formed, or nested beyond <see cref="SafeXml.MaxDepth"/>.</exception>
    public void Write(XmlReader reader, CanonicalSink sink)
    {
        if (reader.NodeType != XmlNodeType.Element)
        {
            throw new InvalidOperationException("The reader must be on the element to canonicalise.");
        }

        _rendered.Clear();
        _rendered.Add((string.Empty, string.Empty, -1));
        var apexDepth = reader.Depth;
        do
        {
            switch (reader.NodeType)
            {
                case XmlNodeType.Element:
                    SafeXml.EnsureDepth(reader);
                    var name = reader.Name;
                    var depth = reader.Depth;
                    var empty = reader.IsEmptyElement;
                    WriteStartTag(reader, sink, depth == apexDepth);
                    if (empty)
                    {
                        WriteEndTag(sink, name, depth);
                        if (depth == apexDepth)
                        {
                            reader.Read();
                            return;
                        }
                    }

                    break;
                case XmlNodeType.EndElement:
                    WriteEndTag(sink, reader.Name, reader.Depth);
                    if (reader.Depth == apexDepth)
                    {
                        reader.Read();
                        return;
                    }

                    break;
                case XmlNodeType.Text or XmlNodeType.CDATA or XmlNodeType.Whitespace or XmlNodeType.SignificantWhitespace:
                    sink.WriteText(reader.Value);
                    break;
                case XmlNodeType.ProcessingInstruction:
                    sink.WriteAscii("<?"u8);
                    sink.Write(reader.Name);
                    if (reader.Value.Length > 0)
                    {
                        sink.WriteAscii(" "u8);
                        sink.Write(reader.Value);
                    }

                    sink.WriteAscii("?>"u8);
                    break;
            }
        }
        while (reader.Read());

        throw new XmlException("The document ended inside the element being canonicalised.");
    }

    private void WriteStartTag(XmlReader reader, CanonicalSink sink, bool apex)
    {
        _attributes.Clear();
        _declarations.Clear();
        var depth = reader.Depth;
        if (reader.MoveToFirstAttribute())
        {
            do
            {
                if (reader.NamespaceURI == XmlnsNamespace)
                {
                    continue;
                }

                _attributes.Add(new Attribute(reader.Name, reader.Prefix, reader.LocalName, reader.NamespaceURI, reader.Value));
                if (!apex && OnDescendantWsuId is { } onId && reader.LocalName == "Id" && reader.NamespaceURI == WsSecurityNames.Wsu)
                {
                    onId(reader.Value);
                }
            }
            while (reader.MoveToNextAttribute());
            reader.MoveToElement();
        }

        if (apex && ApexAttribute is { } extra)
        {
            _attributes.Add(new Attribute(extra.Prefix + ":" + extra.LocalName, extra.Prefix, extra.LocalName, extra.Namespace, extra.Value));
        }

        Use(reader.Prefix, reader.NamespaceURI, depth);
        foreach (var attribute in _attributes)
        {
            if (attribute.Prefix.Length > 0 && attribute.Namespace != XmlNamespace)
            {
                Use(attribute.Prefix, attribute.Namespace, depth);
            }
        }

        foreach (var listed in InclusivePrefixes)
        {
            var prefix = listed == DefaultPrefixToken ? string.Empty : listed;
            if ((reader.LookupNamespace(prefix) ?? OuterScope?.GetValueOrDefault(prefix)) is { } uri)
            {
                Use(prefix, uri, depth);
            }
        }

        _declarations.Sort(static (a, b) => string.CompareOrdinal(a.Prefix, b.Prefix));
        _attributes.Sort(static (a, b) => string.CompareOrdinal(a.Namespace, b.Namespace) is var byNamespace and not 0 ? byNamespace : string.CompareOrdinal(a.LocalName, b.LocalName));

        sink.WriteAscii("<"u8);
        sink.Write(reader.Name);
        foreach (var (prefix, uri) in _declarations)
        {
            sink.WriteAscii(prefix.Length == 0 ? " xmlns=\""u8 : " xmlns:"u8);
            if (prefix.Length > 0)
            {
                sink.Write(prefix);
                sink.WriteAscii("=\""u8);
            }

            sink.WriteAttributeValue(uri);
            sink.WriteAscii("\""u8);
        }

        foreach (var attribute in _attributes)
        {
            sink.WriteAscii(" "u8);
            sink.Write(attribute.Name);
            sink.WriteAscii("=\""u8);
            sink.WriteAttributeValue(attribute.Value);
            sink.WriteAscii("\""u8);
        }

        sink.WriteAscii(">"u8);
    }

    /// <summary>Renders the namespace unless the nearest output ancestor already rendered it with this value.</summary>
    private void Use(string prefix, string uri, int depth)
    {
        foreach (var (declared, _) in _declarations)
        {
            if (declared == prefix)
            {
                return;
            }
        }

        for (var i = _rendered.Count - 1; i >= 0; i--)
        {
            if (_rendered[i].Prefix == prefix)
            {
                if (_rendered[i].Uri == uri)
                {
                    return;
                }

                break;
            }
        }

        if (prefix.Length > 0 && uri.Length == 0)
        {
            return;
        }

        _declarations.Add((prefix, uri));
        _rendered.Add((prefix, uri, depth));
    }

    private void WriteEndTag(CanonicalSink sink, string name, int depth)
    {
        sink.WriteAscii("</"u8);
        sink.Write(name);
        sink.WriteAscii(">"u8);
        while (_rendered.Count > 1 && _rendered[^1].Depth == depth)
        {
            _rendered.RemoveAt(_rendered.Count - 1);
        }
    }

    private readonly record struct Attribute(string Name, string Prefix, string LocalName, string Namespace, string Value);
}
