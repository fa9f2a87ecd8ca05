using System.Xml;
using VrijwilligeOppas.Mapping.Contracts;
using VrijwilligeOppas.Mapping.Exchange;
using VrijwilligeOppas.Mapping.Identifiers;
using VrijwilligeOppas.Xml;

namespace VrijwilligeOppas.Mapping.Central;

/// <summary>Reads the central service's answer (what the gateway receives), validating it against the schemas.</summary>
public static class CentralResponseReader
{
    /// <exception cref="MalformedMessageException">Not well-formed, not SOAP 1.1, or not valid against the schemas.</exception>
    public static CentralResponse Read(Stream input, long maxBytes) => EHealthXml.Guard<CentralResponse>(() =>
    {
        using var r = EHealthXml.CreateReader(input, maxBytes);
        EHealthXml.ReadToBodyContent(r);
        CentralResponse response = r.IsStartElement("Fault", Ns.Soap) ? ReadFault(r) : ReadStatusResponse(r);
        EHealthXml.EnsureBodyEnds(r);
        return response;
    });

    private static CentralStatusResponse ReadStatusResponse(XmlReader r)
    {
        if (r.NamespaceURI != Ns.Vop || !r.LocalName.EndsWith("Response", StringComparison.Ordinal))
        {
            throw new MalformedMessageException($"soap:Body holds {{{r.NamespaceURI}}}{r.LocalName}, not a Vrijwillige Oppas response.");
        }

        var id = r.GetAttribute("Id")!;
        var inResponseTo = r.GetAttribute("InResponseTo")!;
        var issueInstant = XmlFormats.ParseInstant(r.GetAttribute("IssueInstant")!);
        r.ReadStartElement();
        var status = ReadStatus(r);

        var items = new List<PrestatieStatus>();
        while (r.IsStartElement("PrestatieStatus", Ns.Voc))
        {
            items.Add(ReadItem(r));
        }

        var prestaties = new List<GeregistreerdePrestatie>();
        while (r.IsStartElement("Prestatie", Ns.Voc))
        {
            var (prestatie, problem) = EHealthXml.ReadPrestatie(r);
            if (problem is not null)
            {
                throw new MalformedMessageException($"A consulted prestatie is invalid: {problem.Value.Message}");
            }

            prestaties.Add(prestatie);
        }

        var sleutel = r.IsStartElement("VolgendeSleutel", Ns.Voc) ? r.ReadElementContentAsString() : null;
        r.ReadEndElement();
        return new CentralStatusResponse(id, inResponseTo, issueInstant, status, items, prestaties, sleutel);
    }

    private static CentralStatus ReadStatus(XmlReader r)
    {
        r.ReadStartElement("Status", Ns.Core);
        var code = r.GetAttribute("Value")!;
        string? subCode = null;
        if (r.IsEmptyElement)
        {
            r.Read();
        }
        else
        {
            r.ReadStartElement("StatusCode", Ns.Core);
            if (r.IsStartElement("StatusCode", Ns.Core))
            {
                subCode = r.GetAttribute("Value");
                SafeXml.Skip(r);
            }

            r.ReadEndElement();
        }

        var message = r.IsStartElement("StatusMessage", Ns.Core) ? r.ReadElementContentAsString() : null;
        if (r.IsStartElement("StatusDetail", Ns.Core))
        {
            SafeXml.Skip(r);
        }

        r.ReadEndElement();
        return new CentralStatus(code, subCode, message);
    }

    private static PrestatieStatus ReadItem(XmlReader r)
    {
        var id = PrestatieId.Parse(r.GetAttribute("PrestatieId")!);
        var resultaat = Enum.Parse<Resultaat>(r.GetAttribute("Resultaat")!);
        int? duur = null;
        var fouten = new List<Fout>();
        if (r.IsEmptyElement)
        {
            r.Read();
            return new PrestatieStatus(id, resultaat, duur, fouten);
        }

        r.ReadStartElement();
        if (r.IsStartElement("DuurMinuten", Ns.Voc))
        {
            duur = r.ReadElementContentAsInt();
        }

        while (r.IsStartElement("Fout", Ns.Voc))
        {
            var code = r.GetAttribute("Code")!;
            fouten.Add(new Fout(code, r.ReadElementContentAsString()));
        }

        r.ReadEndElement();
        return new PrestatieStatus(id, resultaat, duur, fouten);
    }

    private static CentralFault ReadFault(XmlReader r)
    {
        r.ReadStartElement("Fault", Ns.Soap);
        var faultCode = r.ReadElementContentAsString("faultcode", string.Empty);
        var faultString = r.ReadElementContentAsString("faultstring", string.Empty);
        if (r.IsStartElement("faultactor", string.Empty))
        {
            SafeXml.Skip(r);
        }

        string? soaCode = null;
        if (r.IsStartElement("detail", string.Empty) && !r.IsEmptyElement)
        {
            r.ReadStartElement();
            while (r.NodeType == XmlNodeType.Element)
            {
                if (soaCode is null && r.NamespaceURI == Ns.Soa && r.LocalName is "SystemError" or "BusinessError")
                {
                    r.ReadStartElement();
                    r.ReadElementContentAsString("Origin", Ns.Soa);
                    soaCode = r.ReadElementContentAsString("Code", Ns.Soa);
                    while (r.NodeType == XmlNodeType.Element)
                    {
                        SafeXml.Skip(r);
                    }

                    r.ReadEndElement();
                }
                else
                {
                    SafeXml.Skip(r);
                }
            }

            r.ReadEndElement();
        }
        else if (r.IsStartElement("detail", string.Empty))
        {
            r.Read();
        }

        r.ReadEndElement();
        var localCode = faultCode.Contains(':', StringComparison.Ordinal) ? faultCode[(faultCode.IndexOf(':', StringComparison.Ordinal) + 1)..] : faultCode;
        return new CentralFault(localCode, soaCode, faultString);
    }
}
