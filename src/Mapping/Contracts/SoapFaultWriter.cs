using System.Xml;

namespace VrijwilligeOppas.Mapping.Contracts;

/// <summary>Writes a SOAP 1.1 fault envelope; both the gateway and the emulator answer platform failures with one.</summary>
public static class SoapFaultWriter
{
    /// <param name="output">Where the envelope goes.</param>
    /// <param name="code">Local name of the fault code in the envelope namespace, e.g. <c>Client</c>.</param>
    /// <param name="reason">The <c>faultstring</c>.</param>
    /// <param name="detail">Writes the children of <c>detail</c>; null for no detail element.</param>
    public static void Write(Stream output, string code, string reason, Action<XmlWriter>? detail = null)
    {
        using var w = XmlWriter.Create(output, XmlFormats.WriterSettings);
        w.WriteStartElement("soap", "Envelope", Ns.Soap);
        w.WriteStartElement("soap", "Body", Ns.Soap);
        w.WriteStartElement("soap", "Fault", Ns.Soap);
        w.WriteStartElement("faultcode");
        w.WriteQualifiedName(code, Ns.Soap);
        w.WriteEndElement();
        w.WriteElementString("faultstring", ReplyText.Printable(reason));
        if (detail is not null)
        {
            w.WriteStartElement("detail");
            detail(w);
            w.WriteEndElement();
        }

        w.WriteEndElement();
        w.WriteEndElement();
        w.WriteEndElement();
    }
}
