using System.Xml;
using System.Xml.Schema;
using VrijwilligeOppas.Mapping.Contracts;
using VrijwilligeOppas.Mapping.Exchange;
using VrijwilligeOppas.Mapping.Identifiers;
using VrijwilligeOppas.Mapping.Time;
using VrijwilligeOppas.Xml;

namespace VrijwilligeOppas.Mapping.Central;

/// <summary>Shared reading steps for messages of the eHealth contract.</summary>
public static class EHealthXml
{
    /// <summary>A validating reader for a message of this contract, held to its patterns where System.Xml is lenient (<see cref="PatternLineFeedGuard"/>).</summary>
    public static XmlReader CreateReader(Stream input, long maxBytes) => new PatternLineFeedGuard(XmlReader.Create(input, ValidatingSettings(maxBytes)));

    private static XmlReaderSettings ValidatingSettings(long maxBytes)
    {
        var settings = SafeXml.MessageSettings(ContractSchemas.EHealth, maxBytes);
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

    /// <summary>Reads one <c>voc:Prestatie</c>; identifiers that fail their check are reported, not thrown.</summary>
    public static (GeregistreerdePrestatie Prestatie, (string Code, string Message)? Problem) ReadPrestatie(XmlReader r)
    {
        r.ReadStartElement("Prestatie", Ns.Voc);
        var id = PrestatieId.Parse(r.ReadElementContentAsString("PrestatieId", Ns.Voc));
        var gebruiker = EHealthXml.ReadId(r, "Gebruiker");
        var vrijwilliger = EHealthXml.ReadId(r, "Vrijwilliger");
        r.ReadStartElement("Periode", Ns.Voc);
        var begin = XmlFormats.ParseInstant(r.ReadElementContentAsString("Begin", Ns.Voc));
        var einde = XmlFormats.ParseInstant(r.ReadElementContentAsString("Einde", Ns.Voc));
        r.ReadEndElement();
        var nis = NisCode.TryParse(r.GetAttribute("NISCode"), out var code) ? code : default;
        SafeXml.Skip(r);
        var duur = 0;
        var ontvangen = default(DateTimeOffset);
        if (r.IsStartElement("DuurMinuten", Ns.Voc))
        {
            duur = r.ReadElementContentAsInt();
            ontvangen = XmlFormats.ParseInstant(r.ReadElementContentAsString("Ontvangen", Ns.Voc));
        }

        r.ReadEndElement();

        (string, string)? problem = null;
        Insz g = default;
        Insz v = default;
        if (gebruiker.Type != Ns.SsinType || !Insz.TryParse(gebruiker.Value, out g))
        {
            problem = (Fout.InszOngeldig, "Gebruiker is not a valid ssin.");
        }

        if (vrijwilliger.Type != Ns.SsinType || !Insz.TryParse(vrijwilliger.Value, out v))
        {
            problem ??= (Fout.InszOngeldig, "Vrijwilliger is not a valid ssin.");
        }

        if (nis == default)
        {
            problem ??= (Fout.NisCodeOnbekend, "NISCode is not a NIS code.");
        }

        var prestatie = new Prestatie(id, g, v, PrestatiePeriode.FromInstants(begin, einde), nis);
        return (new GeregistreerdePrestatie(prestatie, duur, ontvangen), problem);
    }
}
