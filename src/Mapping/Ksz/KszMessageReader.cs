using System.Globalization;
using System.Xml;
using System.Xml.Schema;
using VrijwilligeOppas.Mapping.Contracts;
using VrijwilligeOppas.Mapping.Diagnostics;

namespace VrijwilligeOppas.Mapping.Ksz;

/// <summary>
/// Reads an incoming SOAP 1.1 message in one streaming pass that parses and validates against the KSZ schemas at
/// once. The first schema error stops the pass and is turned into the most specific <see cref="ReasonCode"/> the
/// position allows, so an OCMW learns "ondernemingsnummer missing" rather than "schema error".
/// </summary>
public sealed class KszMessageReader(long maxCharacters)
{

    public KszReadResult Read(Stream body)
    {
        var walk = new Walk();
        using var reader = XmlReader.Create(body, CreateSettings(walk));
        try
        {
            if (ReadEnvelopeToBody(reader) is { } fault)
            {
                return new KszReadResult { Fault = fault };
            }
        }
        catch (XmlException ex)
        {
            return new KszReadResult { Fault = SoapFault.Client($"Not a well-formed SOAP 1.1 envelope: {ex.Message}") };
        }
        catch (ContractViolation violation)
        {
            return new KszReadResult { Refusal = violation.Detail };
        }

        var form = reader.NamespaceURI == Ns.Bcss && reader.LocalName == "xmlString" ? BodyForm.Connector : BodyForm.DocumentLiteral;
        try
        {
            var message = form == BodyForm.Connector ? ReadConnector(reader) : walk.ReadSsdnRequest(reader);
            EnsureBodyEnds(reader);
            return new KszReadResult { Form = form, Message = message, Context = message.Context };
        }
        catch (ContractViolation violation)
        {
            return new KszReadResult { Form = form, Refusal = violation.Detail, Context = violation.Context ?? walk.Context };
        }
        catch (XmlException ex) when (form == BodyForm.Connector || walk.Context is not null)
        {
            // The envelope was a real SOAP message, so the OCMW gets an SSDN answer rather than a fault.
            return new KszReadResult { Form = form, Refusal = Violation(ReasonCode.BerichtOngeldig, ex.Message, ex.LineNumber, ex.LinePosition).Detail, Context = walk.Context };
        }
        catch (XmlException ex)
        {
            return new KszReadResult { Fault = SoapFault.Client($"Not a well-formed SOAP 1.1 envelope: {ex.Message}") };
        }
    }

    private XmlReaderSettings CreateSettings(Walk walk)
    {
        var settings = SafeXml.MessageSettings(ContractSchemas.Ksz, maxCharacters);
        settings.ValidationEventHandler += walk.OnValidation;
        return settings;
    }

    /// <summary>Positions the reader on the first child of <c>soap:Body</c>, or says why this is no SOAP 1.1 message.</summary>
    private static SoapFault? ReadEnvelopeToBody(XmlReader reader)
    {
        if (reader.MoveToContent() != XmlNodeType.Element)
        {
            return SoapFault.Client("The body is not an XML document.");
        }

        if (reader.LocalName == "Envelope" && reader.NamespaceURI == Ns.Soap12)
        {
            return new SoapFault("VersionMismatch", "Only SOAP 1.1 envelopes are accepted.");
        }

        if (reader.LocalName != "Envelope" || reader.NamespaceURI != Ns.Soap)
        {
            return SoapFault.Client("The root element is not a SOAP 1.1 soap:Envelope.");
        }

        reader.Read();
        if (reader.IsStartElement("Header", Ns.Soap))
        {
            if (reader.IsEmptyElement)
            {
                reader.Read();
            }
            else
            {
                reader.Read();
                while (reader.NodeType == XmlNodeType.Element)
                {
                    if (reader.GetAttribute("mustUnderstand", Ns.Soap) is "1" or "true")
                    {
                        return new SoapFault("MustUnderstand", $"Header {{{reader.NamespaceURI}}}{reader.LocalName} is not understood by this service.");
                    }

                    SafeXml.Skip(reader);
                }

                reader.ReadEndElement();
            }
        }

        if (!reader.IsStartElement("Body", Ns.Soap) || reader.IsEmptyElement)
        {
            throw Violation(ReasonCode.BerichtOngeldig, "soap:Body is missing or empty.", reader);
        }

        reader.Read();
        if (reader.MoveToContent() != XmlNodeType.Element)
        {
            throw Violation(ReasonCode.BerichtOngeldig, "soap:Body holds no request.", reader);
        }

        return null;
    }

    private KszMessage ReadConnector(XmlReader reader)
    {
        var inner = reader.ReadElementContentAsString();
        var walk = new Walk();
        using var innerReader = XmlReader.Create(new StringReader(inner), CreateSettings(walk));
        try
        {
            if (innerReader.MoveToContent() != XmlNodeType.Element || !innerReader.IsStartElement("SSDNRequest", Ns.Ssdn))
            {
                throw Violation(ReasonCode.BerichtOngeldig, "xmlString does not hold an ssdn:SSDNRequest.", innerReader);
            }

            var message = walk.ReadSsdnRequest(innerReader);
            if (innerReader.MoveToContent() != XmlNodeType.None)
            {
                throw Violation(ReasonCode.BerichtOngeldig, "xmlString holds more than one ssdn:SSDNRequest.", innerReader);
            }

            return message;
        }
        catch (ContractViolation violation)
        {
            throw new ContractViolation(violation.Detail, walk.Context);
        }
    }

    /// <summary>Exactly one request per message: a second payload in soap:Body is refused, not ignored.</summary>
    private static void EnsureBodyEnds(XmlReader reader)
    {
        if (reader.NodeType != XmlNodeType.EndElement || reader.LocalName != "Body")
        {
            throw Violation(ReasonCode.BerichtOngeldig, "soap:Body holds more than one request.", reader);
        }
    }

    private static ContractViolation Violation(ReasonCode code, string what, XmlReader reader)
    {
        var info = reader as IXmlLineInfo;
        return Violation(code, what, info?.LineNumber ?? 0, info?.LinePosition ?? 0);
    }

    private static ContractViolation Violation(ReasonCode code, string what, int line, int position) =>
        new(Detail.Gateway(
            code,
            new Information("Locatie", string.Create(CultureInfo.InvariantCulture, $"regel {line}, kolom {position}")),
            new Information("Fout", what)));

    /// <summary>The state of one pass over an ssdn:SSDNRequest: which field is being read, for error classification.</summary>
    private sealed class Walk
    {
        private Field _field = Field.Envelope;

        public RequestContext? Context { get; private set; }

        public void OnValidation(object? sender, ValidationEventArgs e)
        {
            if (e.Severity != XmlSeverityType.Error)
            {
                return;
            }

            var reader = sender as XmlReader;
            var code = _field switch
            {
                Field.PayloadStart => ReasonCode.OndernemingsnummerOntbreekt,
                Field.Ondernemingsnummer when reader is { NodeType: XmlNodeType.Element, IsEmptyElement: true } => ReasonCode.OndernemingsnummerOntbreekt,
                Field.Ondernemingsnummer => ReasonCode.OndernemingsnummerOngeldig,
                Field.Erkenningsnummer => ReasonCode.ErkenningsnummerOngeldig,
                Field.ServiceId => ReasonCode.ServiceIdOnbekend,
                _ => ReasonCode.BerichtOngeldig,
            };
            throw Violation(code, e.Message, e.Exception.LineNumber, e.Exception.LinePosition);
        }

        public KszMessage ReadSsdnRequest(XmlReader r)
        {
            _field = Field.Other;
            r.ReadStartElement("SSDNRequest", Ns.Ssdn);
            r.ReadStartElement("RequestContext", Ns.Ssdn);
            r.ReadStartElement("AuthorizedUser", Ns.Ssdn);
            var userId = r.ReadElementContentAsString("UserID", Ns.Ssdn);
            var email = r.ReadElementContentAsString("Email", Ns.Ssdn);
            var orgUnit = r.ReadElementContentAsString("OrgUnit", Ns.Ssdn);
            var matrixId = r.ReadElementContentAsInt("MatrixID", Ns.Ssdn);
            var matrixSubId = r.ReadElementContentAsInt("MatrixSubID", Ns.Ssdn);
            r.ReadEndElement();
            r.ReadStartElement("Message", Ns.Ssdn);
            var reference = r.ReadElementContentAsString("Reference", Ns.Ssdn);
            var timeRequest = r.ReadElementContentAsString("TimeRequest", Ns.Ssdn);
            r.ReadEndElement();
            r.ReadEndElement();
            Context = new RequestContext(new AuthorizedUser(userId, email, orgUnit, matrixId, matrixSubId), reference, timeRequest);

            r.ReadStartElement("ServiceRequest", Ns.Ssdn);
            _field = Field.ServiceId;
            var serviceId = r.ReadElementContentAsString("ServiceId", Ns.Ssdn);
            _field = Field.Other;
            var version = r.ReadElementContentAsString("Version", Ns.Ssdn);
            var payload = ReadPayload(r);
            r.ReadEndElement();
            r.ReadEndElement();
            return new KszMessage(Context, serviceId, version, payload);
        }

        private KszPayload ReadPayload(XmlReader r)
        {
            if (r.NodeType != XmlNodeType.Element || r.NamespaceURI != Ns.Vo)
            {
                throw Violation(ReasonCode.BerichtOngeldig, "ServiceRequest holds no Vrijwillige Oppas payload.", r);
            }

            var name = r.LocalName;
            if (name is not ("SendPrestatiesRequest" or "DeletePrestatiesRequest" or "ConsultPrestatiesRequest"))
            {
                throw Violation(ReasonCode.ServiceIdPayloadVerschil, $"vo:{name} is not a request payload.", r);
            }

            _field = Field.PayloadStart;
            if (r.IsEmptyElement)
            {
                r.Read();
            }

            r.ReadStartElement();
            _field = Field.Ondernemingsnummer;
            var ondernemingsnummer = r.ReadElementContentAsString("Ondernemingsnummer", Ns.Vo);
            _field = Field.Erkenningsnummer;
            var erkenningsnummer = r.ReadElementContentAsInt("Erkenningsnummer", Ns.Vo);
            _field = Field.Other;
            KszPayload payload = name switch
            {
                "SendPrestatiesRequest" => new SendPayload(ondernemingsnummer, erkenningsnummer, ReadPrestaties(r)),
                "DeletePrestatiesRequest" => new DeletePayload(ondernemingsnummer, erkenningsnummer, ReadPrestatieIds(r)),
                _ => ReadConsult(r, ondernemingsnummer, erkenningsnummer),
            };
            r.ReadEndElement();
            return payload;
        }

        private static List<KszPrestatie> ReadPrestaties(XmlReader r)
        {
            var prestaties = new List<KszPrestatie>();
            while (r.IsStartElement("Prestatie", Ns.Vo))
            {
                r.ReadStartElement();
                var prestatie = new KszPrestatie(
                    r.ReadElementContentAsString("PrestatieId", Ns.Vo),
                    r.ReadElementContentAsString("GebruikerINSZ", Ns.Vo),
                    r.ReadElementContentAsString("VrijwilligerINSZ", Ns.Vo),
                    ReadDate(r, "Datum", Ns.Vo),
                    ReadTime(r, "Begintijd"),
                    ReadTime(r, "Eindtijd"),
                    r.ReadElementContentAsString("GemeenteNISCode", Ns.Vo));
                r.ReadEndElement();
                prestaties.Add(prestatie);
            }

            return prestaties;
        }

        private static List<string> ReadPrestatieIds(XmlReader r)
        {
            var ids = new List<string>();
            while (r.IsStartElement("PrestatieId", Ns.Vo))
            {
                ids.Add(r.ReadElementContentAsString());
            }

            return ids;
        }

        private static ConsultPayload ReadConsult(XmlReader r, string ondernemingsnummer, int erkenningsnummer)
        {
            r.ReadStartElement("Periode", Ns.Vo);
            var start = ReadDate(r, "StartDate", Ns.Common);
            var end = ReadDate(r, "EndDate", Ns.Common);
            r.ReadEndElement();
            var gebruiker = r.IsStartElement("GebruikerINSZ", Ns.Vo) ? r.ReadElementContentAsString() : null;
            var vrijwilliger = r.IsStartElement("VrijwilligerINSZ", Ns.Vo) ? r.ReadElementContentAsString() : null;
            int? max = r.IsStartElement("MaxResultaten", Ns.Vo) ? r.ReadElementContentAsInt() : null;
            var sleutel = r.IsStartElement("VolgendeSleutel", Ns.Vo) ? r.ReadElementContentAsString() : null;
            return new ConsultPayload(ondernemingsnummer, erkenningsnummer, start, end, gebruiker, vrijwilliger, max, sleutel);
        }

        private static DateOnly ReadDate(XmlReader r, string name, string ns)
        {
            var text = r.ReadElementContentAsString(name, ns);
            return DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
                ? date
                : throw Violation(ReasonCode.BerichtOngeldig, $"{name} '{text}' is not a calendar date.", r);
        }

        private static TimeOnly ReadTime(XmlReader r, string name)
        {
            var text = r.ReadElementContentAsString(name, Ns.Vo);
            return TimeOnly.TryParseExact(text, "HH:mm:ss", CultureInfo.InvariantCulture, DateTimeStyles.None, out var time)
                ? time
                : throw Violation(ReasonCode.BerichtOngeldig, $"{name} '{text}' is not a time of day.", r);
        }
    }

    private enum Field
    {
        Envelope,
        Other,
        ServiceId,
        PayloadStart,
        Ondernemingsnummer,
        Erkenningsnummer,
    }
}

/// <summary>Raised inside a reading pass when the message breaks the contract; never leaves the reader.</summary>
internal sealed class ContractViolation(Detail detail, RequestContext? context = null) : Exception(detail.ReasonCodeText)
{
    public Detail Detail { get; } = detail;

    public RequestContext? Context { get; } = context;
}
