using System.Xml;
using System.Xml.Schema;
using VrijwilligeOppas.Mapping.Contracts;

namespace VrijwilligeOppas.Mapping.Central;

/// <summary>Shared reading steps for messages of the eHealth contract.</summary>
internal static class EHealthXml
{
    public static XmlReader CreateReader(Stream input, long maxCharacters) => XmlReader.Create(input, ValidatingSettings(maxCharacters));

    private static XmlReaderSettings ValidatingSettings(long maxCharacters)
    {
        var settings = SafeXml.MessageSettings(ContractSchemas.EHealth, maxCharacters);
        settings.ValidationEventHandler += static (_, e) =>
        {
            if (e.Severity == XmlSeverityType.Error)
            {
                throw new MalformedMessageException($"Schema violation at line {e.Exception.LineNumber}: {e.Message}", e.Exception);
            }
        };
        return settings;
    }

    /// <summary>Moves past the envelope and header to the first child of soap:Body.</summary>
    public static void ReadToBodyContent(XmlReader r)
    {
        if (r.MoveToContent() != XmlNodeType.Element || !r.IsStartElement("Envelope", Ns.Soap))
        {
            throw new MalformedMessageException("The message is not a SOAP 1.1 envelope.");
        }

        r.Read();
        if (r.IsStartElement("Header", Ns.Soap))
        {
            SafeXml.Skip(r);
        }

        if (!r.IsStartElement("Body", Ns.Soap) || r.IsEmptyElement)
        {
            throw new MalformedMessageException("soap:Body is missing or empty.");
        }

        r.Read();
        if (r.NodeType != XmlNodeType.Element)
        {
            throw new MalformedMessageException("soap:Body is empty.");
        }
    }

    public static void EnsureBodyEnds(XmlReader r)
    {
        if (r.NodeType != XmlNodeType.EndElement || r.LocalName != "Body" || r.NamespaceURI != Ns.Soap)
        {
            throw new MalformedMessageException("soap:Body holds more than one element.");
        }
    }

    /// <summary>Reads <c>&lt;wrapper&gt;&lt;voc:Id Type="…"&gt;value&lt;/voc:Id&gt;&lt;/wrapper&gt;</c>.</summary>
    public static (string Type, string Value) ReadId(XmlReader r, string wrapper)
    {
        r.ReadStartElement(wrapper, Ns.Voc);
        var type = r.GetAttribute("Type") ?? string.Empty;
        var value = r.ReadElementContentAsString("Id", Ns.Voc);
        r.ReadEndElement();
        return (type, value);
    }

    public static T Guard<T>(Func<T> read)
    {
        try
        {
            return read();
        }
        catch (XmlException ex)
        {
            throw new MalformedMessageException($"Not well-formed at line {ex.LineNumber}: {ex.Message}", ex);
        }
    }
}
