using System.Xml;
using VrijwilligeOppas.Mapping.Contracts;
using VrijwilligeOppas.Mapping.Diagnostics;
using VrijwilligeOppas.Xml;

namespace VrijwilligeOppas.Mapping.Ksz;

/// <summary>
/// Reads an incoming SOAP 1.1 message in one streaming pass that parses and validates against the KSZ schemas at
/// once, to the last byte: a message that is not well-formed to its end is refused even when everything the gateway
/// needs came before the defect. The first schema error becomes the most specific <see cref="ReasonCode"/> its
/// position allows (<see cref="SchemaErrors"/>), so an OCMW learns "ondernemingsnummer missing" rather than "schema error".
/// </summary>
/// <param name="maxBytes">The largest document accepted, in bytes (the reader counts characters, never more than bytes).</param>
public sealed class KszMessageReader(long maxBytes)
{
    public KszReadResult Read(Stream body)
    {
        var request = new SsdnRequestReader();
        var envelope = new EnvelopeState();
        try
        {
            // Inside the try: creating the reader already reads the byte-order mark and the XML declaration.
            using var reader = new WhitespaceRunReader(XmlReader.Create(SafeXml.GuardDeclaration(body), Settings(request)));
            if (ReadEnvelopeToBody(reader, request, envelope) is { } fault)
            {
                return new KszReadResult { Fault = fault };
            }

            var message = envelope.Form == BodyForm.Connector ? ReadConnector(reader) : request.Read(reader);
            ReadToEnd(reader);
            return new KszReadResult { Form = envelope.Form, Message = message, Context = message.Context, Operation = message.Payload.Kind };
        }
        catch (ContractViolation violation)
        {
            return new KszReadResult { Form = envelope.Form, Refusal = violation.Detail, Context = violation.Context ?? request.Context, Operation = violation.Operation ?? request.Operation };
        }
        catch (XmlException ex) when (envelope.IsSoap11)
        {
            // A real SOAP 1.1 envelope gets an SSDN answer, even when it breaks off or goes on after its end.
            return new KszReadResult { Form = envelope.Form, Refusal = SchemaErrors.NotWellFormed(ex), Context = request.Context, Operation = request.Operation };
        }
        catch (XmlException ex)
        {
            return new KszReadResult { Fault = SoapFault.Client("The body is not a well-formed XML document: " + ReplyText.Printable(ex.Message)) };
        }
    }

    private XmlReaderSettings Settings(SsdnRequestReader request)
    {
        var settings = SafeXml.MessageSettings(ContractSchemas.Ksz, maxBytes);
        // A value of spaces (a Reference) is a value: kept. Between elements, MoveToContent and WhitespaceRunReader skip it.
        settings.IgnoreWhitespace = false;
        settings.ValidationEventHandler += request.OnValidation;
        return settings;
    }

    /// <summary>
    /// Positions the reader on the first child of <c>soap:Body</c>, or says why this is no SOAP 1.1 message. A defect
    /// before the Body does not end the pass at once: the Body's first child still decides in which form it is answered.
    /// </summary>
    private static SoapFault? ReadEnvelopeToBody(XmlReader reader, SsdnRequestReader request, EnvelopeState envelope)
    {
        var bodyFound = false;
        using (request.DeferErrors())
        {
            reader.Read();
            SafeXml.EnsureXml10Declaration(reader);
            if (reader.MoveToContent() != XmlNodeType.Element)
            {
                return SoapFault.Client("The body is not an XML document.");
            }

            if (reader.LocalName == "Envelope" && reader.NamespaceURI != Ns.Soap)
            {
                return new SoapFault("VersionMismatch", "Only SOAP 1.1 envelopes (namespace http://schemas.xmlsoap.org/soap/envelope/) are accepted.");
            }

            if (reader.LocalName != "Envelope" || reader.NamespaceURI != Ns.Soap)
            {
                return SoapFault.Client("The root element is not a SOAP 1.1 soap:Envelope.");
            }

            envelope.IsSoap11 = true;
            while (!bodyFound && reader.Read() && reader.Depth >= 1)
            {
                if (reader.NodeType != XmlNodeType.Element || reader.Depth > 1)
                {
                    request.DeferIfTooDeep(reader);
                }
                else if (reader.IsStartElement("Header", Ns.Soap))
                {
                    if (NotUnderstood(reader, request) is { } mustUnderstand)
                    {
                        return mustUnderstand;
                    }
                }
                else if (reader.IsStartElement("Body", Ns.Soap) && !reader.IsEmptyElement)
                {
                    bodyFound = MoveToFirstChild(reader);
                }
            }

            if (bodyFound)
            {
                envelope.Form = reader.LocalName == "xmlString" && reader.NamespaceURI == Ns.Bcss ? BodyForm.Connector : BodyForm.DocumentLiteral;
            }
        }

        request.ThrowDeferred();
        return bodyFound ? null : throw SchemaErrors.Violation(ReasonCode.BerichtOngeldig, "soap:Body is missing or holds no request.", reader);
    }

    /// <summary>From an element's start tag to its first child element; false when it has none.</summary>
    private static bool MoveToFirstChild(XmlReader reader)
    {
        var depth = reader.Depth;
        while (reader.Read() && reader.Depth > depth)
        {
            if (reader.NodeType == XmlNodeType.Element)
            {
                return reader.Depth == depth + 1;
            }
        }

        return false;
    }

    /// <summary>
    /// SOAP 1.1 section 4.2.3: a header entry for this node (no actor, or the "next" actor) marked mustUnderstand="1"
    /// is a fault, since this gateway processes no header; an entry for another actor is not ours and is skipped.
    /// </summary>
    private static SoapFault? NotUnderstood(XmlReader reader, SsdnRequestReader request)
    {
        if (reader.IsEmptyElement)
        {
            return null;
        }

        var depth = reader.Depth;
        while (reader.Read() && reader.Depth > depth)
        {
            if (reader.NodeType != XmlNodeType.Element || reader.Depth != depth + 1)
            {
                request.DeferIfTooDeep(reader);
                continue;
            }

            var actor = reader.GetAttribute("actor", Ns.Soap);
            var forThisNode = actor is null || actor == "http://schemas.xmlsoap.org/soap/actor/next";
            if (forThisNode && reader.GetAttribute("mustUnderstand", Ns.Soap) is "1")
            {
                return new SoapFault("MustUnderstand", $"Header {{{ReplyText.Printable(reader.NamespaceURI)}}}{reader.LocalName} is not understood by this service.");
            }
        }

        return null;
    }

    private KszMessage ReadConnector(XmlReader reader)
    {
        var inner = reader.ReadElementContentAsString();
        var request = new SsdnRequestReader();
        using var innerReader = new WhitespaceRunReader(XmlReader.Create(new StringReader(inner), Settings(request)));
        try
        {
            if (innerReader.MoveToContent() != XmlNodeType.Element || !innerReader.IsStartElement("SSDNRequest", Ns.Ssdn))
            {
                throw SchemaErrors.Violation(ReasonCode.BerichtOngeldig, "xmlString does not hold an ssdn:SSDNRequest.", innerReader);
            }

            var message = request.Read(innerReader);
            ReadToEnd(innerReader);
            return message;
        }
        catch (ContractViolation violation)
        {
            throw new ContractViolation(violation.Detail, request.Context, request.Operation);
        }
        catch (XmlException ex)
        {
            throw new ContractViolation(SchemaErrors.NotWellFormed(ex), request.Context, request.Operation);
        }
    }

    /// <summary>
    /// Exactly one request per message, and the document well-formed and valid to its last byte: a second payload,
    /// a second Body, or anything after the end of the envelope is refused, not ignored.
    /// </summary>
    private static void ReadToEnd(XmlReader reader)
    {
        if (reader.MoveToContent() is not (XmlNodeType.EndElement or XmlNodeType.None))
        {
            throw SchemaErrors.Violation(ReasonCode.BerichtOngeldig, "soap:Body holds more than the one request.", reader);
        }

        while (reader.Read())
        {
            if (reader.Depth > SafeXml.MaxDepth)
            {
                throw SchemaErrors.TooDeep(reader);
            }
        }
    }

    private sealed class EnvelopeState
    {
        public bool IsSoap11 { get; set; }

        public BodyForm Form { get; set; } = BodyForm.DocumentLiteral;
    }
}

/// <summary>Raised inside a reading pass when the message breaks the contract; never leaves the reader.</summary>
internal sealed class ContractViolation(Detail detail, RequestContext? context = null, KszService? operation = null) : Exception(detail.ReasonCodeText)
{
    public Detail Detail { get; } = detail;

    public RequestContext? Context { get; } = context;

    public KszService? Operation { get; } = operation;
}
