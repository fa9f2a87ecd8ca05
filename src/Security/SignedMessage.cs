using System.Xml;
using VrijwilligeOppas.Xml;

namespace VrijwilligeOppas.Security;

/// <summary>
/// What a verifier needs of a signed SOAP message, gathered in one forward pass: the envelope's shape, the first
/// <c>wsse:Security</c> header as a (small) DOM, every <c>wsu:Id</c> and what it names, and the digest of the
/// Body's canonical form, taken while the Body streams by. The Body is never held.
/// </summary>
internal sealed class SignedMessage
{
    private readonly List<string> _envelopeChildren = [];

    private SignedMessage()
    {
    }

    public bool IsEnvelope { get; private set; }

    /// <summary>An optional Header followed by one Body, nothing else.</summary>
    public bool HasSoapShape => _envelopeChildren is ["Body"] or ["Header", "Body"];

    public int SecurityHeaders { get; private set; }

    /// <summary>The first Security header, loaded on its own.</summary>
    public XmlElement? Security { get; private set; }

    /// <summary>The namespaces in scope at the Security header, which a loaded subtree no longer sees.</summary>
    public IReadOnlyDictionary<string, string> SecurityScope { get; private set; } = new Dictionary<string, string>();

    public Dictionary<string, IdTarget> Ids { get; } = new(StringComparer.Ordinal);

    public bool DuplicateId { get; private set; }

    public byte[]? BodyDigest { get; private set; }

    /// <exception cref="XmlException">Not well-formed, a DTD, too large or nested too deep.</exception>
    public static SignedMessage Read(Stream input, long maxBytes)
    {
        var settings = Dom.ReaderSettings.Clone();
        settings.MaxCharactersInDocument = maxBytes == long.MaxValue ? 0 : maxBytes;
        using var reader = XmlReader.Create(input, settings);
        var message = new SignedMessage();
        reader.MoveToContent();
        message.IsEnvelope = reader.NodeType == XmlNodeType.Element && reader.LocalName == "Envelope" && reader.NamespaceURI == WsSecurityNames.Soap;
        if (!message.IsEnvelope || reader.IsEmptyElement)
        {
            return message;
        }

        reader.Read();
        while (reader.NodeType != XmlNodeType.EndElement)
        {
            if (reader.NodeType != XmlNodeType.Element)
            {
                reader.Read();
                continue;
            }

            var part = reader.NamespaceURI == WsSecurityNames.Soap ? reader.LocalName : "{" + reader.NamespaceURI + "}" + reader.LocalName;
            message._envelopeChildren.Add(part);
            switch (part)
            {
                case "Header" when message._envelopeChildren.Count == 1:
                    message.ReadHeader(reader);
                    break;
                case "Body":
                    message.ReadBody(reader);
                    break;
                default:
                    message.SkipUnsigned(reader);
                    break;
            }
        }

        // Whatever follows the envelope must still be well-formed.
        while (reader.Read())
        {
        }

        return message;
    }

    /// <summary>The references' inclusive prefixes for the element with this id (rarely any: it is an option of the transform).</summary>
    public IReadOnlyCollection<string> InclusivePrefixesFor(string id)
    {
        var signedInfo = Security is null ? null : Dom.Child(Dom.Child(Security, "Signature", WsSecurityNames.Ds), "SignedInfo", WsSecurityNames.Ds);
        var reference = signedInfo is null ? null : Dom.Children(signedInfo).FirstOrDefault(r => r.LocalName == "Reference" && r.GetAttribute("URI") == "#" + id);
        return Dom.InclusivePrefixes(Dom.Child(Dom.Child(reference, "Transforms", WsSecurityNames.Ds), "Transform", WsSecurityNames.Ds));
    }

    private void ReadHeader(XmlReader reader)
    {
        if (reader.IsEmptyElement)
        {
            reader.Read();
            return;
        }

        reader.Read();
        while (reader.NodeType != XmlNodeType.EndElement)
        {
            if (reader.NodeType != XmlNodeType.Element)
            {
                reader.Read();
                continue;
            }

            if (reader.LocalName != "Security" || reader.NamespaceURI != WsSecurityNames.Wsse)
            {
                SkipUnsigned(reader);
                continue;
            }

            if (++SecurityHeaders > 1)
            {
                SkipUnsigned(reader);
                continue;
            }

            SecurityScope = new Dictionary<string, string>(((IXmlNamespaceResolver)reader).GetNamespacesInScope(XmlNamespaceScope.All));
            var document = new XmlDocument { PreserveWhitespace = true, XmlResolver = null };
            using (var subtree = reader.ReadSubtree())
            {
                document.Load(new DepthLimitedReader(subtree));
            }

            reader.Read();
            Security = document.DocumentElement;
            var children = Dom.Children(Security!).ToList();
            foreach (XmlElement element in document.GetElementsByTagName("*"))
            {
                if (element.GetAttributeNode("Id", WsSecurityNames.Wsu) is { } id)
                {
                    Register(id.Value, children.Contains(element) && element.NamespaceURI == WsSecurityNames.Wsu && element.LocalName == "Timestamp" ? IdTarget.Timestamp
                        : children.Contains(element) && element.LocalName == "BinarySecurityToken" && element.NamespaceURI == WsSecurityNames.Wsse ? IdTarget.Token
                        : IdTarget.Other);
                }
            }
        }

        reader.Read();
    }

    private void ReadBody(XmlReader reader)
    {
        var id = reader.GetAttribute("Id", WsSecurityNames.Wsu);
        if (id is not null)
        {
            Register(id, IdTarget.Body);
        }

        using var sink = new CanonicalSink(Stream.Null, digest: true);
        new ExclusiveCanonicalizer
        {
            InclusivePrefixes = id is null ? [] : InclusivePrefixesFor(id),
            OnDescendantWsuId = other => Register(other, IdTarget.Other),
        }.Write(reader, sink);
        BodyDigest = sink.Finish();
    }

    /// <summary>Passes over an element that is not signed, noting its ids.</summary>
    private void SkipUnsigned(XmlReader reader)
    {
        var depth = reader.Depth;
        do
        {
            if (reader.NodeType == XmlNodeType.Element)
            {
                SafeXml.EnsureDepth(reader);
                if (reader.GetAttribute("Id", WsSecurityNames.Wsu) is { } id)
                {
                    Register(id, IdTarget.Other);
                }

                if (reader.Depth == depth && reader.IsEmptyElement)
                {
                    break;
                }
            }
        }
        while (reader.Read() && !(reader.NodeType == XmlNodeType.EndElement && reader.Depth == depth));

        reader.Read();
    }

    private void Register(string id, IdTarget target) => DuplicateId |= !Ids.TryAdd(id, target);
}

/// <summary>What a <c>wsu:Id</c> in a signed message names.</summary>
internal enum IdTarget
{
    Body,
    Timestamp,
    Token,
    Other,
}
