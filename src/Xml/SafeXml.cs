using System.Xml;
using System.Xml.Schema;

namespace VrijwilligeOppas.Xml;

/// <summary>
/// The one place that configures how untrusted XML is read: no DTD of any kind (so no entity expansion, no
/// XXE), no external resolution, bounded size and depth. Every reader of a message is made here.
/// </summary>
public static class SafeXml
{
    /// <summary>Deep enough for every message of both contracts with room for foreign SOAP headers.</summary>
    public const int MaxDepth = 64;

    /// <summary>
    /// A validating reader's settings for a message of at most <paramref name="maxBytes"/> bytes. The reader counts
    /// characters, and a message has no more characters than bytes, so the byte limit serves as its character limit.
    /// </summary>
    public static XmlReaderSettings MessageSettings(XmlSchemaSet schemas, long maxBytes) => new()
    {
        DtdProcessing = DtdProcessing.Prohibit,
        XmlResolver = null,
        MaxCharactersFromEntities = 0,
        MaxCharactersInDocument = maxBytes,
        IgnoreComments = true,
        IgnoreProcessingInstructions = true,
        IgnoreWhitespace = true,
        CloseInput = false,
        ValidationType = ValidationType.Schema,
        Schemas = schemas,
        // No warnings (nothing reads them), no identity constraints (the schemas declare none), and never a schema
        // named by the message itself (xsi:schemaLocation, inline schemas): a sender cannot bring its own contract.
        ValidationFlags = XmlSchemaValidationFlags.None,
    };

    public static XmlReaderSettings SchemaSettings(XmlResolver resolver) => new()
    {
        DtdProcessing = DtdProcessing.Prohibit,
        XmlResolver = resolver,
        CloseInput = true,
    };

    /// <summary>Skips the current element and its content, refusing anything nested beyond <see cref="MaxDepth"/>.</summary>
    public static void Skip(XmlReader reader)
    {
        if (reader.NodeType != XmlNodeType.Element || reader.IsEmptyElement)
        {
            reader.Read();
            return;
        }

        var depth = reader.Depth;
        while (reader.Read() && reader.Depth > depth)
        {
            EnsureDepth(reader);
        }

        reader.Read();
    }

    /// <summary>The body as an XML reader should read it: a byte that is not ASCII in the XML declaration is an <see cref="XmlException"/>.</summary>
    public static Stream GuardDeclaration(Stream body) => new DeclarationGuardStream(body);

    /// <summary>
    /// System.Xml reads the XML declaration before any encoding applies and checks only that its version starts with
    /// "1.0": "1.0x", or a byte that is no character at all, came through. XML 1.0 (VersionNum) allows "1." and digits.
    /// </summary>
    public static void EnsureXml10Declaration(XmlReader reader)
    {
        if (reader.NodeType != XmlNodeType.XmlDeclaration)
        {
            return;
        }

        var version = reader.GetAttribute("version") ?? string.Empty;
        if (version.Length <= 2 || !version.StartsWith("1.", StringComparison.Ordinal) || version.AsSpan(2).ContainsAnyExceptInRange('0', '9'))
        {
            var at = reader as IXmlLineInfo;
            throw new XmlException("The version in the XML declaration is not an XML 1.0 version (\"1.\" and digits).", null, at?.LineNumber ?? 0, at?.LinePosition ?? 0);
        }
    }

    public static void EnsureDepth(XmlReader reader)
    {
        if (reader.Depth > MaxDepth)
        {
            var at = reader as IXmlLineInfo;
            throw new XmlException($"The message is nested deeper than {MaxDepth} levels.", null, at?.LineNumber ?? 0, at?.LinePosition ?? 0);
        }
    }
}
