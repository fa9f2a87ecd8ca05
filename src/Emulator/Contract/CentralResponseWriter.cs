using System.Xml;
using VrijwilligeOppas.Mapping.Contracts;
using VrijwilligeOppas.Mapping.Central;
using VrijwilligeOppas.Mapping.Exchange;

namespace VrijwilligeOppas.Emulator.Contract;

/// <summary>Writes the central service's answers: status responses and SOAP faults with a <c>soa:SystemError</c>.</summary>
public static class CentralResponseWriter
{
    public static void Write(string operation, CentralStatusResponse response, Stream output)
    {
        using var w = XmlWriter.Create(output, XmlFormats.WriterSettings);
        w.WriteStartElement("soap", "Envelope", Ns.Soap);
        w.WriteAttributeString("xmlns", "vop", null, Ns.Vop);
        w.WriteAttributeString("xmlns", "voc", null, Ns.Voc);
        w.WriteAttributeString("xmlns", "core", null, Ns.Core);
        w.WriteStartElement("soap", "Body", Ns.Soap);
        w.WriteStartElement("vop", operation + "Response", Ns.Vop);
        w.WriteAttributeString("Id", response.Id);
        w.WriteAttributeString("InResponseTo", response.InResponseTo);
        w.WriteAttributeString("IssueInstant", XmlFormats.Instant(response.IssueInstant));

        w.WriteStartElement("Status", Ns.Core);
        w.WriteStartElement("StatusCode", Ns.Core);
        w.WriteAttributeString("Value", response.Status.Code);
        if (response.Status.SubCode is { } sub)
        {
            w.WriteStartElement("StatusCode", Ns.Core);
            w.WriteAttributeString("Value", sub);
            w.WriteEndElement();
        }

        w.WriteEndElement();
        if (response.Status.Message is { } message)
        {
            w.WriteElementString("StatusMessage", Ns.Core, message);
        }

        w.WriteEndElement();

        foreach (var item in response.Items)
        {
            w.WriteStartElement("PrestatieStatus", Ns.Voc);
            w.WriteAttributeString("PrestatieId", item.PrestatieId.Value);
            w.WriteAttributeString("Resultaat", item.Resultaat.ToString());
            if (item.DuurMinuten is { } duur)
            {
                w.WriteElementString("DuurMinuten", Ns.Voc, XmlFormats.Number(duur));
            }

            foreach (var fout in item.Fouten)
            {
                w.WriteStartElement("Fout", Ns.Voc);
                w.WriteAttributeString("Code", fout.Code);
                w.WriteString(fout.Message);
                w.WriteEndElement();
            }

            w.WriteEndElement();
        }

        foreach (var registered in response.Prestaties)
        {
            CentralRequestWriter.WritePrestatie(w, registered.Prestatie, registered);
        }

        if (response.VolgendeSleutel is { } sleutel)
        {
            w.WriteElementString("VolgendeSleutel", Ns.Voc, sleutel);
        }

        w.WriteEndElement();
        w.WriteEndElement();
        w.WriteEndElement();
    }

    public static void WriteFault(CentralFault fault, Stream output) =>
        SoapFaultWriter.Write(output, fault.FaultCode, fault.Message, fault.SoaCode is not { } code ? null : w =>
        {
            w.WriteStartElement("soa", "SystemError", Ns.Soa);
            w.WriteElementString("Origin", Ns.Soa, "Vrijwillige Oppas");
            w.WriteElementString("Code", Ns.Soa, code);
            w.WriteElementString("Message", Ns.Soa, fault.Message);
            w.WriteEndElement();
        });
}
