using System.Security.Cryptography.Xml;
using System.Xml;

namespace VrijwilligeOppas.Security.Tests;

/// <summary>
/// System.Security.Cryptography.Xml's <see cref="SignedXml"/>, the reference the streaming signer, verifier and
/// canonicalizer are held against. It resolves <c>#id</c> only through <c>wsu:Id</c>: the default resolver also
/// matches unqualified <c>Id</c> attributes, which every eHealth payload has.
/// </summary>
internal sealed class ReferenceSignedXml(XmlDocument document, IReadOnlyDictionary<string, XmlElement> ids) : SignedXml(document)
{
    public override XmlElement? GetIdElement(XmlDocument? document, string idValue) => ids.GetValueOrDefault(idValue);

    public static Dictionary<string, XmlElement> CollectIds(XmlDocument document)
    {
        var ids = new Dictionary<string, XmlElement>(StringComparer.Ordinal);
        foreach (XmlElement element in document.GetElementsByTagName("*"))
        {
            if (element.GetAttributeNode("Id", WsSecurityNames.Wsu) is { } id)
            {
                ids.Add(id.Value, element);
            }
        }

        return ids;
    }

    /// <summary>Checks a message's signature the framework's way, with the key of its own token.</summary>
    public static bool Verifies(string message)
    {
        var document = Load(message);
        var names = Signing.Names(document);
        var signed = new ReferenceSignedXml(document, CollectIds(document));
        signed.LoadXml((XmlElement)document.SelectSingleNode("//ds:Signature", names)!);
        var token = Convert.FromBase64String(document.SelectSingleNode("//wsse:BinarySecurityToken", names)!.InnerText);
        using var certificate = System.Security.Cryptography.X509Certificates.X509CertificateLoader.LoadCertificate(token);
        return signed.CheckSignature(certificate, verifySignatureOnly: true);
    }

    /// <summary>
    /// Exclusive C14N of an element by the framework's transform, as <see cref="SignedXml"/> does for a <c>#id</c>
    /// reference: the element alone in a document, with the namespace declarations of its ancestors propagated.
    /// </summary>
    public static string Canonicalize(XmlElement element, string? inclusivePrefixes = null)
    {
        var document = new XmlDocument { PreserveWhitespace = true };
        var apex = (XmlElement)document.AppendChild(document.ImportNode(element, deep: true))!;
        for (var ancestor = element.ParentNode as XmlElement; ancestor is not null; ancestor = ancestor.ParentNode as XmlElement)
        {
            foreach (XmlAttribute attribute in ancestor.Attributes)
            {
                if (attribute.NamespaceURI == WsSecurityNames.Xmlns && !apex.HasAttribute(attribute.Name))
                {
                    apex.SetAttributeNode((XmlAttribute)document.ImportNode(attribute, deep: true));
                }
            }
        }

        var transform = inclusivePrefixes is null ? new XmlDsigExcC14NTransform() : new XmlDsigExcC14NTransform(inclusivePrefixes);
        transform.LoadInput(document);
        using var output = (Stream)transform.GetOutput(typeof(Stream));
        return new StreamReader(output).ReadToEnd();
    }

    /// <summary>A DOM read as every conformant parser reads (attribute values normalised), unlike <c>LoadXml</c>.</summary>
    public static XmlDocument Load(string xml)
    {
        var document = new XmlDocument { PreserveWhitespace = true };
        using var reader = XmlReader.Create(new StringReader(xml), new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit });
        document.Load(reader);
        return document;
    }
}
