using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Security.Cryptography.Xml;
using System.Xml;
using VrijwilligeOppas.Mapping.Contracts;

namespace VrijwilligeOppas.Security;

/// <summary>
/// Signs a SOAP 1.1 envelope with the X.509 token profile of the eHealth contract: a <c>wsse:Security</c> header
/// (mustUnderstand) holding a Timestamp valid five minutes, the signer's certificate as BinarySecurityToken and a
/// signature (exclusive C14N, RSA-SHA256) over the Body and the Timestamp, keyed by SecurityTokenReference.
/// </summary>
public sealed class WsSecuritySigner
{
    public static readonly TimeSpan TimestampLifetime = TimeSpan.FromMinutes(5);

    private readonly X509Certificate2 _certificate;
    private readonly RSA _key;
    private readonly string _token;
    private readonly TimeProvider _clock;

    public WsSecuritySigner(X509Certificate2 certificate, TimeProvider clock)
    {
        _certificate = certificate;
        _key = certificate.GetRSAPrivateKey() ?? throw new ArgumentException($"Certificate {certificate.Subject} has no RSA private key to sign with.", nameof(certificate));
        _token = Convert.ToBase64String(certificate.RawData);
        _clock = clock;
    }

    public X509Certificate2 Certificate => _certificate;

    /// <summary>Reads the unsigned envelope (the caller's own output) and writes it signed.</summary>
    public void Sign(Stream envelope, Stream output)
    {
        var document = SecureDocument.Load(envelope, long.MaxValue);
        var root = document.DocumentElement!;
        var body = SecureDocument.ChildElements(root).Single(e => e.LocalName == "Body" && e.NamespaceURI == Ns.Soap);
        var header = SecureDocument.ChildElements(root).SingleOrDefault(e => e.LocalName == "Header" && e.NamespaceURI == Ns.Soap)
            ?? (XmlElement)root.InsertBefore(document.CreateElement("soap", "Header", Ns.Soap), body)!;

        // Declared on the envelope so that every canonicalised fragment finds them in its context.
        foreach (var (prefix, ns) in new[] { ("wsse", WsSecurityNames.Wsse), ("wsu", WsSecurityNames.Wsu) })
        {
            var declaration = document.CreateAttribute("xmlns", prefix, WsSecurityNames.Xmlns);
            declaration.Value = ns;
            root.Attributes.Append(declaration);
        }

        var suffix = Guid.NewGuid().ToString("N");
        var (bodyId, timestampId, tokenId) = ("id-body-" + suffix, "id-ts-" + suffix, "id-x509-" + suffix);
        SetWsuId(body, bodyId);

        var security = (XmlElement)header.PrependChild(document.CreateElement("wsse", "Security", WsSecurityNames.Wsse))!;
        var mustUnderstand = document.CreateAttribute("soap", "mustUnderstand", Ns.Soap);
        mustUnderstand.Value = "1";
        security.Attributes.Append(mustUnderstand);

        var now = _clock.GetUtcNow();
        var timestamp = Append(security, "wsu", "Timestamp", WsSecurityNames.Wsu);
        SetWsuId(timestamp, timestampId);
        Append(timestamp, "wsu", "Created", WsSecurityNames.Wsu).InnerText = WsTimestamp.Format(now);
        Append(timestamp, "wsu", "Expires", WsSecurityNames.Wsu).InnerText = WsTimestamp.Format(now + TimestampLifetime);

        var token = Append(security, "wsse", "BinarySecurityToken", WsSecurityNames.Wsse);
        token.SetAttribute("EncodingType", WsSecurityNames.Base64Binary);
        token.SetAttribute("ValueType", WsSecurityNames.X509v3);
        SetWsuId(token, tokenId);
        token.InnerText = _token;

        var signed = new WsuSignedXml(document, new Dictionary<string, XmlElement> { [bodyId] = body, [timestampId] = timestamp }) { SigningKey = _key };
        signed.SignedInfo!.CanonicalizationMethod = WsSecurityNames.ExcC14N;
        signed.SignedInfo.SignatureMethod = WsSecurityNames.RsaSha256;
        foreach (var id in new[] { bodyId, timestampId })
        {
            var reference = new Reference("#" + id) { DigestMethod = WsSecurityNames.Sha256 };
            reference.AddTransform(new XmlDsigExcC14NTransform());
            signed.AddReference(reference);
        }

        var keyInfo = new KeyInfo();
        keyInfo.AddClause(new KeyInfoNode(TokenReference(document, tokenId)));
        signed.KeyInfo = keyInfo;
        signed.ComputeSignature();
        security.AppendChild(document.ImportNode(signed.GetXml(), deep: true));

        using var writer = XmlWriter.Create(output, XmlFormats.WriterSettings);
        document.Save(writer);
    }

    private static XmlElement TokenReference(XmlDocument document, string tokenId)
    {
        var str = document.CreateElement("wsse", "SecurityTokenReference", WsSecurityNames.Wsse);
        var reference = Append(str, "wsse", "Reference", WsSecurityNames.Wsse);
        reference.SetAttribute("URI", "#" + tokenId);
        reference.SetAttribute("ValueType", WsSecurityNames.X509v3);
        return str;
    }

    private static XmlElement Append(XmlElement parent, string prefix, string localName, string ns) =>
        (XmlElement)parent.AppendChild(parent.OwnerDocument.CreateElement(prefix, localName, ns))!;

    private static void SetWsuId(XmlElement element, string id)
    {
        var attribute = element.OwnerDocument.CreateAttribute("wsu", "Id", WsSecurityNames.Wsu);
        attribute.Value = id;
        element.Attributes.Append(attribute);
    }
}
