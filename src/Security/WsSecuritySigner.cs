using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Xml;

namespace VrijwilligeOppas.Security;

/// <summary>
/// Signs a SOAP 1.1 envelope with the X.509 token profile of the eHealth contract: a <c>wsse:Security</c> header
/// (mustUnderstand) holding a Timestamp valid five minutes, the signer's certificate as BinarySecurityToken and a
/// signature (exclusive C14N, RSA-SHA256) over the Body and the Timestamp, keyed by SecurityTokenReference.
/// </summary>
/// <remarks>
/// Streaming, without a DOM: the Body is written in its exclusive canonical form and digested in the same pass, so
/// the bytes sent are the bytes digested; the Timestamp and SignedInfo are written canonical from the start. The
/// cost of signing is then one pass over the Body and one RSA signature. Comments in the unsigned Body are dropped
/// (they are outside the canonical form); prefixes used only inside text (QNames in content) must be declared on an
/// element or attribute that uses them, as exclusive C14N requires anyway.
/// </remarks>
public sealed class WsSecuritySigner
{
    public static readonly TimeSpan TimestampLifetime = TimeSpan.FromMinutes(5);

    private readonly RSA _key;
    private readonly string _token;
    private readonly TimeProvider _clock;

    public WsSecuritySigner(X509Certificate2 certificate, TimeProvider clock)
    {
        Certificate = certificate;
        _key = certificate.GetRSAPrivateKey() ?? throw new ArgumentException($"Certificate {certificate.Subject} has no RSA private key to sign with.", nameof(certificate));
        _token = Convert.ToBase64String(certificate.RawData);
        _clock = clock;
    }

    public X509Certificate2 Certificate { get; }

    /// <summary>Reads the unsigned envelope (the caller's own output) and writes it signed.</summary>
    /// <exception cref="XmlException">The input is not a well-formed SOAP 1.1 envelope with a Body.</exception>
    public void Sign(Stream envelope, Stream output)
    {
        using var reader = XmlReader.Create(envelope, Dom.ReaderSettings);
        reader.MoveToContent();
        if (!reader.IsStartElement("Envelope", WsSecurityNames.Soap) || reader.IsEmptyElement)
        {
            throw new XmlException("Only a SOAP 1.1 envelope with a Body can be signed.");
        }

        var suffix = Guid.NewGuid().ToString("N");
        var (bodyId, timestampId, tokenId) = ("id-body-" + suffix, "id-ts-" + suffix, "id-x509-" + suffix);
        var soap = reader.Prefix.Length > 0 ? reader.Prefix : "soap";
        using var sink = new CanonicalSink(output, digest: false);
        sink.Write("<" + reader.Name + StartTagAttributes(reader) + ">");
        reader.Read();

        using var headerContent = new MemoryStream();
        // Sized from the input once, rather than doubled from 256 bytes: the Body is nearly all of the envelope.
        using var body = new MemoryStream(envelope.CanSeek ? (int)Math.Min(envelope.Length, int.MaxValue / 2) : 0);
        byte[]? bodyDigest = null;
        (string Name, string Attributes)? header = null;
        while (reader.NodeType != XmlNodeType.EndElement)
        {
            if (reader.NodeType != XmlNodeType.Element)
            {
                reader.Read();
            }
            else if (Is(reader, "Header") && header is null && bodyDigest is null)
            {
                header = (reader.Name, StartTagAttributes(reader));
                CopyContent(reader, headerContent);
            }
            else if (Is(reader, "Body") && bodyDigest is null)
            {
                using var bodySink = new CanonicalSink(body, digest: true);
                new ExclusiveCanonicalizer { ApexAttribute = ("wsu", "Id", WsSecurityNames.Wsu, bodyId) }.Write(reader, bodySink);
                bodyDigest = bodySink.Finish();
            }
            else
            {
                throw new XmlException($"Unexpected {reader.Name} in the envelope to sign.");
            }
        }

        if (bodyDigest is null)
        {
            throw new XmlException("The envelope to sign has no Body.");
        }

        // An envelope in the default namespace gets the soap prefix declared where the Security header needs it.
        var declareSoap = reader.Prefix.Length == 0;
        var (headerName, headerAttributes) = header ?? (soap + ":Header", declareSoap ? $" xmlns:soap=\"{WsSecurityNames.Soap}\"" : string.Empty);
        sink.Write("<" + headerName + headerAttributes + ">");
        WriteSecurity(sink, soap, declareSoap, bodyId, bodyDigest, timestampId, tokenId);
        sink.Flush();
        output.Write(headerContent.GetBuffer().AsSpan(0, (int)headerContent.Length));
        sink.Write("</" + headerName + ">");
        sink.Flush();
        output.Write(body.GetBuffer().AsSpan(0, (int)body.Length));
        sink.Write("</" + reader.Name + ">");
        sink.Finish();
    }

    private void WriteSecurity(CanonicalSink sink, string soap, bool declareSoap, string bodyId, byte[] bodyDigest, string timestampId, string tokenId)
    {
        var now = _clock.GetUtcNow();
        var timestamp = Utf8Text.Encoding.GetBytes(
            $"""<wsu:Timestamp xmlns:wsu="{WsSecurityNames.Wsu}" wsu:Id="{timestampId}"><wsu:Created>{WsTimestamp.Format(now)}</wsu:Created><wsu:Expires>{WsTimestamp.Format(now + TimestampLifetime)}</wsu:Expires></wsu:Timestamp>""");
        var signedInfo = Utf8Text.Encoding.GetBytes(
            $"""<ds:SignedInfo xmlns:ds="{WsSecurityNames.Ds}"><ds:CanonicalizationMethod Algorithm="{WsSecurityNames.ExcC14N}"></ds:CanonicalizationMethod><ds:SignatureMethod Algorithm="{WsSecurityNames.RsaSha256}"></ds:SignatureMethod>{Reference(bodyId, bodyDigest)}{Reference(timestampId, SHA256.HashData(timestamp))}</ds:SignedInfo>""");
        var signature = _key.SignData(signedInfo, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);

        var soapDeclaration = declareSoap ? $" xmlns:{soap}=\"{WsSecurityNames.Soap}\"" : string.Empty;
        sink.Write($"""<wsse:Security xmlns:wsse="{WsSecurityNames.Wsse}" xmlns:wsu="{WsSecurityNames.Wsu}"{soapDeclaration} {soap}:mustUnderstand="1">""");
        sink.WriteAscii(timestamp);
        sink.Write($"""<wsse:BinarySecurityToken EncodingType="{WsSecurityNames.Base64Binary}" ValueType="{WsSecurityNames.X509v3}" wsu:Id="{tokenId}">{_token}</wsse:BinarySecurityToken>""");
        sink.Write($"""<ds:Signature xmlns:ds="{WsSecurityNames.Ds}">""");
        sink.WriteAscii(signedInfo);
        sink.Write($"""<ds:SignatureValue>{Convert.ToBase64String(signature)}</ds:SignatureValue><ds:KeyInfo><wsse:SecurityTokenReference><wsse:Reference URI="#{tokenId}" ValueType="{WsSecurityNames.X509v3}"/></wsse:SecurityTokenReference></ds:KeyInfo></ds:Signature></wsse:Security>""");
    }

    private static bool Is(XmlReader reader, string localName) => reader.LocalName == localName && reader.NamespaceURI == WsSecurityNames.Soap;

    private static string Reference(string id, byte[] digest) =>
        $"""<ds:Reference URI="#{id}"><ds:Transforms><ds:Transform Algorithm="{WsSecurityNames.ExcC14N}"></ds:Transform></ds:Transforms><ds:DigestMethod Algorithm="{WsSecurityNames.Sha256}"></ds:DigestMethod><ds:DigestValue>{Convert.ToBase64String(digest)}</ds:DigestValue></ds:Reference>""";

    private static string StartTagAttributes(XmlReader reader)
    {
        var attributes = new System.Text.StringBuilder();
        for (var more = reader.MoveToFirstAttribute(); more; more = reader.MoveToNextAttribute())
        {
            attributes.Append(' ').Append(reader.Name).Append("=\"").Append(System.Security.SecurityElement.Escape(reader.Value)).Append('"');
        }

        reader.MoveToElement();
        return attributes.ToString();
    }

    /// <summary>Existing header blocks, each in its self-contained canonical form, after the Security header.</summary>
    private static void CopyContent(XmlReader reader, Stream output)
    {
        if (reader.IsEmptyElement)
        {
            reader.Read();
            return;
        }

        using var sink = new CanonicalSink(output, digest: false);
        reader.Read();
        while (reader.NodeType != XmlNodeType.EndElement)
        {
            if (reader.NodeType == XmlNodeType.Element)
            {
                new ExclusiveCanonicalizer().Write(reader, sink);
            }
            else
            {
                reader.Read();
            }
        }

        reader.Read();
        sink.Finish();
    }
}
