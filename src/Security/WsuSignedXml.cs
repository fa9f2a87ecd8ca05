using System.Security.Cryptography.Xml;
using System.Xml;

namespace VrijwilligeOppas.Security;

/// <summary>
/// <see cref="SignedXml"/> that resolves <c>#id</c> references only through <c>wsu:Id</c>, from a map the caller
/// built and checked for duplicates. The default resolver also matches unqualified <c>Id</c> attributes (every
/// eHealth payload has one) and would let a message choose which element a reference means.
/// </summary>
internal sealed class WsuSignedXml(XmlDocument document, IReadOnlyDictionary<string, XmlElement> ids) : SignedXml(document)
{
    public override XmlElement? GetIdElement(XmlDocument? document, string idValue) => ids.GetValueOrDefault(idValue);

    /// <summary>Every element carrying a <c>wsu:Id</c>; null when a value occurs twice (a wrapping attempt or a broken sender).</summary>
    public static Dictionary<string, XmlElement>? CollectIds(XmlDocument document)
    {
        var ids = new Dictionary<string, XmlElement>(StringComparer.Ordinal);
        foreach (XmlElement element in document.GetElementsByTagName("*"))
        {
            if (element.GetAttributeNode("Id", WsSecurityNames.Wsu) is { } id && !ids.TryAdd(id.Value, element))
            {
                return null;
            }
        }

        return ids;
    }
}
