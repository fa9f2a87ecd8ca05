using System.Xml;
using VrijwilligeOppas.Xml;

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

    /// <summary>Namespace declarations met inside the apex, nearest last: kept only for inclusive prefixes.</summary>
    private readonly List<(string Prefix, string Uri, int Depth)> _declared = [];

    private readonly string[] _inclusive = [];
    private string?[] _outside = [];

    /// <summary>
    /// Prefixes of an <c>InclusiveNamespaces PrefixList</c> (<c>#default</c> for the default namespace), rendered as
    /// inclusive C14N would. <c>xml</c> and <c>xmlns</c> are left out: they are always in scope and never declared,
    /// so xmlsec1, Apache Santuario and .NET's SignedXml render nothing for them.
    /// </summary>
    public IReadOnlyCollection<string> InclusivePrefixes
    {
        get => _inclusive;
        init => _inclusive = [.. value.Where(p => p is not ("xml" or "xmlns")).Select(p => p == DefaultPrefixToken ? string.Empty : p).Distinct(StringComparer.Ordinal)];
    }

    /// <summary>
    /// Every namespace in scope at the apex's parent, for a subtree loaded on its own (a DOM): when given, the
    /// reader is not asked, because an <see cref="XmlNodeReader"/> cannot tell an undeclared default namespace
    /// (<c>xmlns=""</c>) from one declared outside its tree. No entry for the empty prefix means no default namespace.
    /// </summary>
    public IReadOnlyDictionary<string, string>? OuterScope { get; init; }

    /// <summary>An attribute added to the apex element, as the signer adds <c>wsu:Id</c> to the Body.</summary>
    public (string Prefix, string LocalName, string Namespace, string Value)? ApexAttribute { get; init; }

    /// <summary>Told of every <c>wsu:Id</c> below the apex, so a verifier sees every id in the message.</summary>
    public Action<string>? OnDescendantWsuId { get; init; }

    /// <summary>
    /// The canonical form of an element of a DOM that was loaded on its own (the Security header), given the
    /// namespaces in scope where that DOM was cut out of the message.
    /// </summary>
    public static byte[] Canonicalize(XmlElement element, IReadOnlyCollection<string> inclusivePrefixes, IReadOnlyDictionary<string, string> outside)
    {
        using var output = new MemoryStream();
        using var reader = new XmlNodeReader(element);
        reader.Read();
        using (var sink = new CanonicalSink(output, digest: false))
        {
            new ExclusiveCanonicalizer
            {
                InclusivePrefixes = inclusivePrefixes,
                OuterScope = inclusivePrefixes.Count == 0 ? null : ScopeAbove(element, outside),
            }.Write(reader, sink);
            sink.Finish();
        }

        return output.ToArray();
    }

    /// <summary>The namespaces in scope at the element's parent: the DOM's own declarations over those outside it.</summary>
    private static Dictionary<string, string> ScopeAbove(XmlElement element, IReadOnlyDictionary<string, string> outside)
    {
        var scope = new Dictionary<string, string>(outside, StringComparer.Ordinal);
        var ancestors = new Stack<XmlElement>();
        for (var ancestor = element.ParentNode as XmlElement; ancestor is not null; ancestor = ancestor.ParentNode as XmlElement)
        {
            ancestors.Push(ancestor);
        }

        foreach (var ancestor in ancestors)
        {
            foreach (XmlAttribute attribute in ancestor.Attributes)
            {
                if (attribute.NamespaceURI == XmlnsNamespace)
                {
                    scope[attribute.Prefix.Length == 0 ? string.Empty : attribute.LocalName] = attribute.Value;
                }
            }
        }

        return scope;
    }

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
        _declared.Clear();
        if (_inclusive.Length > 0)
        {
            // Outside the apex only the reader (or the given scope) knows; inside it, _declared does.
            _outside = new string?[_inclusive.Length];
            for (var i = 0; i < _inclusive.Length; i++)
            {
                _outside[i] = OuterScope is { } outer ? outer.GetValueOrDefault(_inclusive[i]) : reader.LookupNamespace(_inclusive[i]);
            }
        }

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
                    Declared(reader, depth);
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

        for (var i = 0; i < _inclusive.Length; i++)
        {
            if (InScope(i) is { } uri)
            {
                Use(_inclusive[i], uri, depth);
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

    /// <summary>
    /// Notes a namespace declaration inside the apex. C14N 1.0, which exclusive C14N builds on, requires refusing a
    /// document with a relative namespace URI (xmlsec1 does): a signature over one cannot be checked.
    /// </summary>
    private void Declared(XmlReader reader, int depth)
    {
        var uri = reader.Value;
        if (uri.Length > 0 && !HasScheme(uri))
        {
            throw new XmlException($"The namespace URI '{uri}' is relative; exclusive C14N refuses it.");
        }

        if (_inclusive.Length > 0)
        {
            _declared.Add((reader.Prefix.Length == 0 ? string.Empty : reader.LocalName, uri, depth));
        }
    }

    /// <summary>The namespace an inclusive prefix names at the current element: null where it is not declared.</summary>
    private string? InScope(int inclusive)
    {
        var prefix = _inclusive[inclusive];
        for (var i = _declared.Count - 1; i >= 0; i--)
        {
            if (_declared[i].Prefix == prefix)
            {
                return _declared[i].Uri;
            }
        }

        return _outside[inclusive] ?? (prefix.Length == 0 ? string.Empty : null);
    }

    /// <summary>An RFC 3986 scheme (letter, then letters, digits, '+', '-' or '.') before the first colon.</summary>
    private static bool HasScheme(string uri)
    {
        var colon = uri.IndexOf(':', StringComparison.Ordinal);
        if (colon < 1 || !char.IsAsciiLetter(uri[0]))
        {
            return false;
        }

        foreach (var c in uri.AsSpan(1, colon - 1))
        {
            if (!char.IsAsciiLetterOrDigit(c) && c is not ('+' or '-' or '.'))
            {
                return false;
            }
        }

        return true;
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

        while (_declared.Count > 0 && _declared[^1].Depth == depth)
        {
            _declared.RemoveAt(_declared.Count - 1);
        }
    }

    private readonly record struct Attribute(string Name, string Prefix, string LocalName, string Namespace, string Value);
}
