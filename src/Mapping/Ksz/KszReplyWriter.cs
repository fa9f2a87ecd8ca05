using System.Text;
using System.Xml;
using VrijwilligeOppas.Mapping.Contracts;
using VrijwilligeOppas.Mapping.Diagnostics;
using VrijwilligeOppas.Mapping.Exchange;
using VrijwilligeOppas.Mapping.Time;

namespace VrijwilligeOppas.Mapping.Ksz;

/// <summary>
/// The one place that writes what an OCMW receives: SSDN replies in either body form, and SOAP faults. Replies are
/// shaped as KSZ shapes its own (the prolog, the SSDN elements unprefixed in the default namespace, ResultSummary in
/// the common namespace, a ServiceReply in every reply), because client code written against KSZ reads them by
/// element name: PHP's simplexml and suds' <c>childAtPath</c> find nothing in a prefixed reply.
/// </summary>
public static class KszReplyWriter
{
    /// <summary>KSZ's ResultSummary holds at most this many Details (<c>ResultSummary.xsd</c>).</summary>
    public const int MaxDetails = 30;

    /// <summary>KSZ's Detail holds at most this many Information elements.</summary>
    public const int MaxInformation = 5;

    private const string Prolog = "version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"";

    public static void Write(KszReply reply, BodyForm form, Stream output)
    {
        using var w = XmlWriter.Create(output, XmlFormats.WriterSettings);
        w.WriteProcessingInstruction("xml", Prolog);
        w.WriteStartElement("soap", "Envelope", Ns.Soap);
        w.WriteStartElement("soap", "Body", Ns.Soap);
        if (form == BodyForm.Connector)
        {
            // The connector's answer is the serialized SSDNReply as escaped text, as the WSDL types it (xs:string): a
            // CDATA section says the same to an XML parser, but node-soap would hand its client an object, not the string.
            var inner = new StringBuilder();
            using (var innerWriter = XmlWriter.Create(inner, InnerSettings))
            {
                innerWriter.WriteProcessingInstruction("xml", Prolog);
                WriteSsdnReply(innerWriter, reply);
            }

            w.WriteElementString("bcss", "xmlString", Ns.Bcss, inner.ToString());
        }
        else
        {
            WriteSsdnReply(w, reply);
        }

        w.WriteEndElement();
        w.WriteEndElement();
    }

    public static void WriteFault(SoapFault fault, Stream output) => SoapFaultWriter.Write(output, fault.Code, fault.Reason);

    private static readonly XmlWriterSettings InnerSettings = new() { ConformanceLevel = ConformanceLevel.Document };

    private static void WriteSsdnReply(XmlWriter w, KszReply reply)
    {
        w.WriteStartElement("SSDNReply", Ns.Ssdn);
        w.WriteAttributeString("xmlns", "common", null, Ns.Common);
        w.WriteAttributeString("xmlns", "vo", null, Ns.Vo);
        w.WriteStartElement("ReplyContext", Ns.Ssdn);
        WriteSummary(w, reply.Refusals.Count > 0 ? ReturnCodes.Error : ReturnCodes.Ok, reply.Refusals);
        if (reply.RequestContext?.User is { } user)
        {
            w.WriteStartElement("AuthorizedUser", Ns.Ssdn);
            w.WriteElementString("UserID", Ns.Ssdn, user.UserId);
            w.WriteElementString("Email", Ns.Ssdn, user.Email);
            w.WriteElementString("OrgUnit", Ns.Ssdn, user.OrgUnit);
            w.WriteElementString("MatrixID", Ns.Ssdn, user.MatrixId);
            if (user.MatrixSubId is { } matrixSubId)
            {
                w.WriteElementString("MatrixSubID", Ns.Ssdn, matrixSubId);
            }

            w.WriteEndElement();
        }

        w.WriteStartElement("Message", Ns.Ssdn);
        if (reply.RequestContext?.Reference is { } reference)
        {
            w.WriteElementString("Reference", Ns.Ssdn, reference);
        }

        w.WriteElementString("Ticket", Ns.Ssdn, reply.Ticket);
        if (reply.RequestContext?.TimeRequest is { } timeRequest)
        {
            w.WriteElementString("TimeRequest", Ns.Ssdn, timeRequest);
        }

        w.WriteElementString("TimeReceive", Ns.Ssdn, KszTimestamp.Format(reply.Received));
        w.WriteElementString("TimeResponse", Ns.Ssdn, KszTimestamp.Format(reply.Answered));
        w.WriteEndElement();
        w.WriteEndElement();

        // Always a ServiceReply: KSZ's clients read the outcome there, a refusal's included.
        w.WriteStartElement("ServiceReply", Ns.Ssdn);
        if (reply.Service is { } service)
        {
            WriteSummary(w, service.ReturnCode, []);
            w.WriteElementString("ServiceId", Ns.Ssdn, service.Service.ServiceId());
            w.WriteElementString("Version", Ns.Ssdn, service.Version);
            WritePayload(w, service.Payload);
        }
        else
        {
            WriteSummary(w, ReturnCodes.Error, reply.Refusals);
            w.WriteElementString("ServiceId", Ns.Ssdn, (reply.Operation ?? KszService.Send).ServiceId());
            w.WriteElementString("Version", Ns.Ssdn, KszServiceNames.Version);
        }

        w.WriteEndElement();
        w.WriteEndElement();
    }

    private static void WritePayload(XmlWriter w, KszReplyPayload payload)
    {
        var name = payload switch
        {
            SendReplyPayload => "SendPrestatiesReply",
            DeleteReplyPayload => "DeletePrestatiesReply",
            _ => "ConsultPrestatiesReply",
        };
        w.WriteStartElement(name, Ns.Vo);
        w.WriteElementString("Ondernemingsnummer", Ns.Vo, payload.Ondernemingsnummer);
        w.WriteElementString("Erkenningsnummer", Ns.Vo, XmlFormats.Number(payload.Erkenningsnummer));
        switch (payload)
        {
            case SendReplyPayload send:
                foreach (var result in send.Resultaten)
                {
                    w.WriteStartElement("Resultaat", Ns.Vo);
                    w.WriteElementString("PrestatieId", Ns.Vo, result.PrestatieId);
                    w.WriteElementString("Status", Ns.Vo, result.Status);
                    if (result.DuurMinuten is { } duur)
                    {
                        w.WriteElementString("DuurMinuten", Ns.Vo, XmlFormats.Number(duur));
                    }

                    WriteDetails(w, result.Details);
                    w.WriteEndElement();
                }

                break;
            case DeleteReplyPayload delete:
                foreach (var result in delete.Resultaten)
                {
                    w.WriteStartElement("Resultaat", Ns.Vo);
                    w.WriteElementString("PrestatieId", Ns.Vo, result.PrestatieId);
                    w.WriteElementString("Status", Ns.Vo, result.Status switch
                    {
                        DeleteStatus.Verwijderd => "VERWIJDERD",
                        DeleteStatus.NietGevonden => "NIET_GEVONDEN",
                        _ => "GEWEIGERD",
                    });
                    WriteDetails(w, result.Details);
                    w.WriteEndElement();
                }

                break;
            case ConsultReplyPayload consult:
                foreach (var registered in consult.Prestaties)
                {
                    WriteRegistered(w, registered);
                }

                if (consult.VolgendeSleutel is { } sleutel)
                {
                    w.WriteElementString("VolgendeSleutel", Ns.Vo, sleutel);
                }

                break;
        }

        w.WriteEndElement();
    }

    private static void WriteRegistered(XmlWriter w, GeregistreerdePrestatie registered)
    {
        var p = registered.Prestatie;
        var (datum, begintijd, eindtijd) = p.Periode.ToWallClock();
        w.WriteStartElement("Prestatie", Ns.Vo);
        w.WriteElementString("PrestatieId", Ns.Vo, p.Id.Value);
        w.WriteElementString("GebruikerINSZ", Ns.Vo, p.Gebruiker.Value);
        w.WriteElementString("VrijwilligerINSZ", Ns.Vo, p.Vrijwilliger.Value);
        w.WriteElementString("Datum", Ns.Vo, XmlFormats.Date(datum));
        w.WriteElementString("Begintijd", Ns.Vo, XmlFormats.Time(begintijd));
        w.WriteElementString("Eindtijd", Ns.Vo, XmlFormats.Time(eindtijd));
        w.WriteElementString("GemeenteNISCode", Ns.Vo, p.Gemeente.Value);
        w.WriteElementString("DuurMinuten", Ns.Vo, XmlFormats.Number(registered.DuurMinuten));
        w.WriteElementString("Ontvangen", Ns.Vo, XmlFormats.Instant(BrusselsTime.ToBrussels(registered.Ontvangen)));
        w.WriteEndElement();
    }

    private static void WriteSummary(XmlWriter w, int returnCode, IReadOnlyList<Detail> details)
    {
        w.WriteStartElement("ResultSummary", Ns.Common);
        w.WriteAttributeString("ok", returnCode == ReturnCodes.Error ? "NO" : "YES");
        w.WriteElementString("ReturnCode", Ns.Common, XmlFormats.Number(returnCode));
        if (details.Count > MaxDetails)
        {
            var omitted = details.Count - (MaxDetails - 1);
            details = [.. details.Take(MaxDetails - 1), Detail.Gateway(ReasonCode.MeerMeldingen, new Information("NietGetoond", XmlFormats.Number(omitted)))];
        }

        WriteDetails(w, details);
        w.WriteEndElement();
    }

    private static void WriteDetails(XmlWriter w, IReadOnlyList<Detail> details)
    {
        foreach (var detail in details)
        {
            w.WriteStartElement("Detail", Ns.Common);
            w.WriteElementString("Severity", Ns.Common, detail.Severity.ToString().ToUpperInvariant());
            w.WriteElementString("ReasonCode", Ns.Common, detail.ReasonCodeText);
            w.WriteElementString("Diagnostic", Ns.Common, detail.Diagnostic);
            w.WriteElementString("AuthorCodeList", Ns.Common, detail.Author.ToString().ToUpperInvariant());
            foreach (var info in detail.Information.Take(MaxInformation))
            {
                w.WriteStartElement("Information", Ns.Common);
                w.WriteElementString("FieldName", Ns.Common, ReplyText.Printable(info.FieldName));
                w.WriteElementString("FieldValue", Ns.Common, ReplyText.Printable(info.FieldValue));
                w.WriteEndElement();
            }

            w.WriteEndElement();
        }
    }
}
