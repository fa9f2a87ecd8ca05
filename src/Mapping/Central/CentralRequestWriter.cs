using System.Xml;
using VrijwilligeOppas.Mapping.Contracts;
using VrijwilligeOppas.Mapping.Exchange;

namespace VrijwilligeOppas.Mapping.Central;

/// <summary>Writes a <see cref="CentralRequest"/> as the SOAP 1.1 message of the eHealth contract, streaming.</summary>
public static class CentralRequestWriter
{
    public static string SoapAction(CentralRequest request) => Ns.Vop + ":" + OperationName(request);

    public static void Write(CentralRequest request, Stream output)
    {
        using var w = XmlWriter.Create(output, XmlFormats.WriterSettings);
        w.WriteStartElement("soap", "Envelope", Ns.Soap);
        w.WriteAttributeString("xmlns", "vop", null, Ns.Vop);
        w.WriteAttributeString("xmlns", "voc", null, Ns.Voc);
        w.WriteStartElement("soap", "Body", Ns.Soap);
        w.WriteStartElement("vop", OperationName(request) + "Request", Ns.Vop);
        w.WriteAttributeString("Id", request.Id);
        w.WriteAttributeString("IssueInstant", XmlFormats.Instant(request.IssueInstant));

        w.WriteStartElement("Afzender", Ns.Voc);
        WriteId(w, "Organisatie", Ns.CbeType, request.Afzender.Organisatie.Value);
        WriteId(w, "Gebruiker", Ns.SsinType, request.Afzender.Gebruiker.Value);
        if (request.Afzender.Referentie is { } referentie)
        {
            w.WriteElementString("Referentie", Ns.Voc, referentie);
        }
        w.WriteEndElement();
        w.WriteStartElement("Dienst", Ns.Voc);
        w.WriteAttributeString("Erkenningsnummer", request.Dienst.ToString());
        w.WriteEndElement();

        switch (request)
        {
            case SendPrestatiesRequest send:
                foreach (var prestatie in send.Prestaties)
                {
                    WritePrestatie(w, prestatie, registered: null);
                }

                break;
            case DeletePrestatiesRequest delete:
                foreach (var id in delete.PrestatieIds)
                {
                    w.WriteElementString("PrestatieId", Ns.Voc, id.Value);
                }

                break;
            case ConsultPrestatiesRequest consult:
                w.WriteStartElement("Periode", Ns.Voc);
                w.WriteElementString("VanDatum", Ns.Voc, XmlFormats.Date(consult.VanDatum));
                w.WriteElementString("TotDatum", Ns.Voc, XmlFormats.Date(consult.TotDatum));
                w.WriteEndElement();
                if (consult.Gebruiker is { } gebruiker)
                {
                    WriteId(w, "Gebruiker", Ns.SsinType, gebruiker.Value);
                }

                if (consult.Vrijwilliger is { } vrijwilliger)
                {
                    WriteId(w, "Vrijwilliger", Ns.SsinType, vrijwilliger.Value);
                }

                if (consult.MaxResultaten is not null || consult.Sleutel is not null)
                {
                    w.WriteStartElement("Paginering", Ns.Voc);
                    if (consult.MaxResultaten is { } max)
                    {
                        w.WriteAttributeString("MaxResultaten", XmlFormats.Number(max));
                    }

                    if (consult.Sleutel is { } sleutel)
                    {
                        w.WriteAttributeString("Sleutel", sleutel);
                    }

                    w.WriteEndElement();
                }

                break;
        }

        w.WriteEndElement();
        w.WriteEndElement();
        w.WriteEndElement();
    }

    /// <summary>A <c>voc:Prestatie</c>; with <paramref name="registered"/> the central service's own fields follow.</summary>
    public static void WritePrestatie(XmlWriter w, Prestatie prestatie, GeregistreerdePrestatie? registered)
    {
        w.WriteStartElement("Prestatie", Ns.Voc);
        w.WriteElementString("PrestatieId", Ns.Voc, prestatie.Id.Value);
        WriteId(w, "Gebruiker", Ns.SsinType, prestatie.Gebruiker.Value);
        WriteId(w, "Vrijwilliger", Ns.SsinType, prestatie.Vrijwilliger.Value);
        w.WriteStartElement("Periode", Ns.Voc);
        w.WriteElementString("Begin", Ns.Voc, XmlFormats.WholeSeconds(prestatie.Periode.Begin));
        w.WriteElementString("Einde", Ns.Voc, XmlFormats.WholeSeconds(prestatie.Periode.Einde));
        w.WriteEndElement();
        w.WriteStartElement("Locatie", Ns.Voc);
        w.WriteAttributeString("NISCode", prestatie.Gemeente.Value);
        w.WriteEndElement();
        if (registered is not null)
        {
            w.WriteElementString("DuurMinuten", Ns.Voc, XmlFormats.Number(registered.DuurMinuten));
            w.WriteElementString("Ontvangen", Ns.Voc, XmlFormats.Instant(registered.Ontvangen));
        }

        w.WriteEndElement();
    }

    private static void WriteId(XmlWriter w, string wrapper, string type, string value)
    {
        w.WriteStartElement(wrapper, Ns.Voc);
        w.WriteStartElement("Id", Ns.Voc);
        w.WriteAttributeString("Type", type);
        w.WriteString(value);
        w.WriteEndElement();
        w.WriteEndElement();
    }

    private static string OperationName(CentralRequest request) => request switch
    {
        SendPrestatiesRequest => "SendPrestaties",
        DeletePrestatiesRequest => "DeletePrestaties",
        ConsultPrestatiesRequest => "ConsultPrestaties",
        _ => throw new ArgumentOutOfRangeException(nameof(request)),
    };
}
