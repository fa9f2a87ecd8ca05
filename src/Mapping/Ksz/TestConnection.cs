using System.Xml;
using VrijwilligeOppas.Mapping.Contracts;
using VrijwilligeOppas.Xml;

namespace VrijwilligeOppas.Mapping.Ksz;

/// <summary>
/// KSZ's TestConnectionService (<c>xsd/ksz/TestConnectionService.wsdl</c>, KSZ's own file): <c>sendTestMessage</c>
/// echoes its text and tells the caller how the service saw its certificate. CPAS software pings it before it sends.
/// </summary>
public static class TestConnection
{
    public const string InterfaceNs = "http://kszbcss.fgov.be/intf/TestConnectionServiceService/v1";
    public const string SoapAction = "http://kszbcss.fgov.be/TestConnectionServiceService/sendTestMessage";

    /// <summary>The echo text of a valid <c>sendTestMessageRequest</c>, or the SOAP fault for anything else.</summary>
    public static (string? Echo, SoapFault? Fault) Read(Stream body, long maxBytes)
    {
        var settings = SafeXml.MessageSettings(ContractSchemas.TestConnection, maxBytes);
        string? problem = null;
        settings.ValidationEventHandler += (_, e) => problem ??= e.Severity == System.Xml.Schema.XmlSeverityType.Error ? e.Message : null;
        try
        {
            using var reader = XmlReader.Create(SafeXml.GuardDeclaration(body), settings);
            string? echo = null;
            while (problem is null && reader.Read())
            {
                SafeXml.EnsureDepth(reader);
                SafeXml.EnsureXml10Declaration(reader);
                if (reader.NodeType == XmlNodeType.Element && reader.Depth == 1 && reader.LocalName == "Header" && reader.NamespaceURI == Ns.Soap && !reader.IsEmptyElement)
                {
                    problem = "This service processes no SOAP header.";
                }
                else if (reader.IsStartElement("sendTestMessageRequest", InterfaceNs) && reader.Depth == 2)
                {
                    reader.ReadStartElement();
                    echo = reader.ReadElementContentAsString("echo", string.Empty);
                }
            }

            return problem is null && echo is not null
                ? (echo, null)
                : (null, SoapFault.Client("Expected a SOAP 1.1 envelope whose Body holds one tns:sendTestMessageRequest: " + ReplyText.Printable(problem ?? "it holds none.")));
        }
        catch (XmlException ex)
        {
            return (null, SoapFault.Client("Expected a SOAP 1.1 envelope whose Body holds one tns:sendTestMessageRequest: " + ReplyText.Printable(ex.Message)));
        }
    }

    /// <param name="output">Where the envelope goes.</param>
    /// <param name="echo">The text the caller sent, unchanged.</param>
    /// <param name="certificate">How the caller's certificate was seen: <c>key=value</c> pairs separated by <c>; </c>.</param>
    /// <param name="ticket">The gateway's ticket for this call (32 hex digits), written as KSZ's UUID ticket.</param>
    /// <param name="received">When the request arrived.</param>
    /// <param name="answered">When it was answered.</param>
    public static void WriteResponse(Stream output, string echo, string certificate, string ticket, DateTimeOffset received, DateTimeOffset answered)
    {
        using var w = XmlWriter.Create(output, XmlFormats.WriterSettings);
        w.WriteStartElement("soap", "Envelope", Ns.Soap);
        w.WriteStartElement("soap", "Body", Ns.Soap);
        w.WriteStartElement("tns", "sendTestMessageResponse", InterfaceNs);
        w.WriteStartElement("informationCBSS");
        w.WriteElementString("ticketCBSS", Guid.ParseExact(ticket, "N").ToString("D"));
        w.WriteElementString("timestampReceive", XmlFormats.Instant(Time.BrusselsTime.ToBrussels(received)));
        w.WriteElementString("timestampReply", XmlFormats.Instant(Time.BrusselsTime.ToBrussels(answered)));
        w.WriteEndElement();
        w.WriteElementString("echo", echo);
        w.WriteElementString("sslCertificate", ReplyText.Printable(certificate));
        w.WriteEndElement();
        w.WriteEndElement();
        w.WriteEndElement();
    }
}
