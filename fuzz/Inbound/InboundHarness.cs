using System.Xml;
using System.Xml.Schema;
using VrijwilligeOppas.Mapping.Central;
using VrijwilligeOppas.Mapping.Contracts;
using VrijwilligeOppas.Mapping.Diagnostics;
using VrijwilligeOppas.Mapping.Exchange;
using VrijwilligeOppas.Mapping.Identifiers;
using VrijwilligeOppas.Mapping.Ksz;
using VrijwilligeOppas.Mapping.Rules;
using VrijwilligeOppas.Emulator.Contract;

namespace VrijwilligeOppas.Fuzz.Inbound;

/// <summary>
/// The gateway's inbound path for one request body, as <c>KszExchangeMiddleware</c> composes it, without HTTP and
/// without the central service: read and validate (<see cref="KszMessageReader"/>), authorize and map
/// (<see cref="Admission"/>), write the eHealth request and read it back as the central service does, map a fixed
/// central answer (<see cref="ReplyMapping"/>), and write what the OCMW receives (<see cref="KszReplyWriter"/>).
/// Every invariant is enforced by throwing: afl-fuzz records a crash, the replay test fails. An exception from the
/// mapping code itself is a finding too, because the middleware turns it into GATEWAY_INTERNE_FOUT, which says
/// nothing about the message.
/// </summary>
public static class InboundHarness
{
    /// <summary>Far above anything afl-fuzz makes, far below the gateway's default 16 MiB.</summary>
    public const long MaxBytes = 1024 * 1024;

    private const string Ticket = "0195f0a1c2d37e4f8a9b0c1d2e3f4000";

    private static readonly DateTimeOffset Received = new(2026, 11, 22, 10, 15, 0, TimeSpan.FromHours(1));

    private static readonly KszMessageReader Reader = new(MaxBytes);

    /// <summary>The sandbox's diensten (<c>reference/diensten-sandbox.csv</c>), fixed here so a run reads no file.</summary>
    private static readonly DienstRegistry Registry = DienstRegistry.Parse(new StringReader("""
        erkenningsnummer,naam,ondernemingsnummer,type,erkend_van,erkend_tot
        123,Oppasdienst OCMW Gent,0212344876,openbaar,2015-01-01,
        124,Oppashulp OCMW Gent Noord,0212344876,openbaar,2015-01-01,
        456,Oppasdienst OCMW Brugge,0207123407,openbaar,2016-03-01,
        457,Oppasdienst OCMW Aalst (stopped),0256000024,openbaar,2014-01-01,2025-12-31
        """));

    /// <summary>Runs one body through the whole path; throws <see cref="InvariantViolationException"/> when an invariant breaks.</summary>
    public static InboundOutcome Run(byte[] body)
    {
        // The gateway's other inbound reader, on the same bytes: KSZ's TestConnectionService (sendTestMessage).
        TestConnectionPath(body);

        KszReadResult read;
        using (var input = new MemoryStream(body, writable: false))
        {
            read = Reader.Read(input);
        }

        if (read.Fault is { } fault)
        {
            if (fault.Code is not ("Client" or "VersionMismatch" or "MustUnderstand"))
            {
                throw new InvariantViolationException($"Unknown SOAP fault code {fault.Code}.");
            }

            using var output = new MemoryStream();
            KszReplyWriter.WriteFault(fault, output);
            EnsureValidReply(output.ToArray(), BodyForm.DocumentLiteral);
            return new InboundOutcome(InboundKind.Fault, fault.Code, output.ToArray());
        }

        if (read.Refusal is { } invalid)
        {
            return Refuse(invalid, read.Context, read.Operation, read.Form);
        }

        var message = read.Message ?? throw new InvariantViolationException("The reader gave neither a message, a refusal nor a fault.");
        EnsureWellFormedToTheEnd(body, read.Form);

        var admission = Admission.Admit(message, caller: null, read.Form, soapAction: null, Registry, Ticket, Received);
        if (admission.Refusal is { } refused)
        {
            return Refuse(refused, message.Context, message.Payload.Kind, read.Form);
        }

        var request = admission.Request ?? throw new InvariantViolationException("Admission gave neither a request nor a refusal.");
        CentralResponse? answer = null;
        if (admission.NeedsCentral)
        {
            EnsureCentralReadsWhatIsSent(request);
            answer = FixedAnswer(request);
        }

        var (serviceReply, centralRefusal) = ReplyMapping.Map(message, admission, answer);
        if (centralRefusal is not null || serviceReply is null)
        {
            throw new InvariantViolationException($"The central answer that matches the request was not mapped: {centralRefusal?.ReasonCodeText}.");
        }

        var reply = new KszReply([], message.Context, Ticket, Received, Received, serviceReply);
        return new InboundOutcome(InboundKind.Answered, null, Write(reply, read.Form));
    }

    /// <summary>A test message is echoed in a valid response; anything else gets a SOAP fault, never an exception.</summary>
    private static void TestConnectionPath(byte[] body)
    {
        var (echo, fault) = TestConnection.Read(new MemoryStream(body, writable: false), MaxBytes);
        using var output = new MemoryStream();
        if (echo is not null)
        {
            TestConnection.WriteResponse(output, echo, "subject=CN=fuzz", Ticket, Received, Received);
            _ = Validate(new MemoryStream(output.ToArray()), "test connection response", ContractSchemas.TestConnection, takeConnectorText: false);
        }
        else
        {
            KszReplyWriter.WriteFault(fault ?? throw new InvariantViolationException("TestConnection gave neither an echo nor a fault."), output);
            _ = Validate(new MemoryStream(output.ToArray()), "test connection fault", ContractSchemas.Ksz, takeConnectorText: false);
        }
    }

    private static InboundOutcome Refuse(Detail refusal, RequestContext? echo, KszService? operation, BodyForm form)
    {
        // The reasons that say nothing about the message: a refusal of an input must name what is wrong with it.
        if (refusal.Code is ReasonCode.GatewayInterneFout or ReasonCode.AuditOnbeschikbaar or ReasonCode.GatewayBezet or ReasonCode.GatewayStopt)
        {
            throw new InvariantViolationException($"An input was refused with {refusal.ReasonCodeText}, which does not say what is wrong with it.");
        }

        if (string.IsNullOrWhiteSpace(refusal.Diagnostic))
        {
            throw new InvariantViolationException($"{refusal.ReasonCodeText} has no diagnostic.");
        }

        var reply = new KszReply([refusal], echo, Ticket, Received, Received, null) { Operation = operation };
        return new InboundOutcome(InboundKind.Refused, refusal.ReasonCodeText, Write(reply, form));
    }

    private static byte[] Write(KszReply reply, BodyForm form)
    {
        using var output = new MemoryStream();
        KszReplyWriter.Write(reply, form, output);
        var bytes = output.ToArray();
        EnsureValidReply(bytes, form);
        return bytes;
    }

    /// <summary>What the OCMW receives is XML valid against KSZ's schemas; in the connector form, the inner SSDNReply too.</summary>
    private static void EnsureValidReply(byte[] reply, BodyForm form)
    {
        var inner = Validate(new MemoryStream(reply), "reply", ContractSchemas.Ksz, takeConnectorText: form == BodyForm.Connector);
        if (form == BodyForm.Connector)
        {
            _ = Validate(new MemoryStream(System.Text.Encoding.UTF8.GetBytes(inner ?? throw new InvariantViolationException("The connector reply has no xmlString."))), "connector reply's xmlString", ContractSchemas.Ksz, takeConnectorText: false);
        }
    }

    private static string? Validate(Stream xml, string what, XmlSchemaSet schemas, bool takeConnectorText) =>
        Validate(settings => XmlReader.Create(xml, settings), what, schemas, takeConnectorText);

    private static string? Validate(TextReader xml, string what, XmlSchemaSet schemas, bool takeConnectorText) =>
        Validate(settings => XmlReader.Create(xml, settings), what, schemas, takeConnectorText);

    private static string? Validate(Func<XmlReaderSettings, XmlReader> open, string what, XmlSchemaSet schemas, bool takeConnectorText)
    {
        var settings = new XmlReaderSettings
        {
            DtdProcessing = DtdProcessing.Prohibit,
            XmlResolver = null,
            ValidationType = ValidationType.Schema,
            Schemas = schemas,
            ValidationFlags = XmlSchemaValidationFlags.ReportValidationWarnings,
        };
        settings.ValidationEventHandler += (_, e) => throw new InvariantViolationException($"The {what} is not valid against KSZ's schemas: {e.Message}");
        string? text = null;
        try
        {
            using var reader = open(settings);
            while (reader.Read())
            {
                if (takeConnectorText && reader.IsStartElement("xmlString", Ns.Bcss))
                {
                    text = reader.ReadElementContentAsString();
                }
            }
        }
        catch (XmlException ex)
        {
            throw new InvariantViolationException($"The {what} is not well-formed XML: {ex.Message}");
        }

        return text;
    }

    /// <summary>
    /// An accepted request was well-formed to its last byte, and valid, by a second reader that owes nothing to the
    /// gateway's streaming pass: a plain validating XmlReader over the body, and in the connector form over the
    /// SSDNRequest carried as text; and, since System.Xml itself lets some broken declarations through, the
    /// declaration checked byte by byte.
    /// </summary>
    private static void EnsureWellFormedToTheEnd(byte[] body, BodyForm form)
    {
        EnsureDeclarationIsXml10(body);
        var inner = Validate(new MemoryStream(body, writable: false), "accepted request", ContractSchemas.Ksz, takeConnectorText: form == BodyForm.Connector);
        if (form == BodyForm.Connector)
        {
            _ = Validate(new StringReader(inner ?? throw new InvariantViolationException("A connector request without xmlString was accepted.")), "accepted connector request's xmlString", ContractSchemas.Ksz, takeConnectorText: false);
        }
    }

    /// <summary>XML 1.0's declaration: ASCII only (names, quotes, yes/no), and VersionNum is "1." and digits.</summary>
    private static void EnsureDeclarationIsXml10(byte[] body)
    {
        ReadOnlySpan<byte> bom = [0xEF, 0xBB, 0xBF];
        var text = body.AsSpan(body.AsSpan().StartsWith(bom) ? bom.Length : 0);
        if (!text.StartsWith("<?xml"u8))
        {
            return;
        }

        var end = text.IndexOf("?>"u8);
        var declaration = end < 0 ? text : text[..end];
        if (end < 0 || !System.Text.Ascii.IsValid(declaration))
        {
            throw new InvariantViolationException("An accepted request's XML declaration is not ASCII or does not end.");
        }

        var version = System.Text.RegularExpressions.Regex.Match(System.Text.Encoding.ASCII.GetString(declaration), "^<\\?xml\\s+version\\s*=\\s*(['\"])(?<v>[^'\"]*)\\1");
        if (!version.Success || !System.Text.RegularExpressions.Regex.IsMatch(version.Groups["v"].Value, "^1\\.[0-9]+$"))
        {
            throw new InvariantViolationException("An accepted request's XML declaration has no XML 1.0 version.");
        }
    }

    /// <summary>What the gateway forwards, the central service reads as valid, sender and every item included.</summary>
    private static void EnsureCentralReadsWhatIsSent(CentralRequest request)
    {
        using var wire = new MemoryStream();
        CentralRequestWriter.Write(request, wire);
        wire.Position = 0;
        ReceivedRequest received;
        try
        {
            received = CentralRequestReader.Read(wire, MaxBytes * 4);
        }
        catch (MalformedMessageException ex)
        {
            throw new InvariantViolationException($"The central service cannot read the forwarded request: {ex.Message}");
        }

        if (received.Request is null || received.Refusal is not null || received.InvalidItems.Count > 0)
        {
            throw new InvariantViolationException($"The central service refuses the forwarded request: {received.Refusal ?? received.InvalidItems[0].Message}");
        }
    }

    /// <summary>The answer a central service that agrees with everything gives: every item applied, one prestatie found.</summary>
    private static CentralStatusResponse FixedAnswer(CentralRequest request)
    {
        var success = new CentralStatus(CentralStatus.Success, null, null);
        return request switch
        {
            SendPrestatiesRequest send => new("_answer", send.Id, Received, success,
                [.. send.Prestaties.Select(p => new PrestatieStatus(p.Id, Resultaat.Aanvaard, p.Periode.DuurMinuten, []))], [], null),
            DeletePrestatiesRequest delete => new("_answer", delete.Id, Received, success,
                [.. delete.PrestatieIds.Select(id => new PrestatieStatus(id, Resultaat.Verwijderd, null, []))], [], null),
            ConsultPrestatiesRequest consult => new("_answer", consult.Id, Received, success, [], Found(consult), consult.Sleutel),
            _ => throw new InvariantViolationException($"Unknown request {request.GetType().Name}."),
        };
    }

    private static GeregistreerdePrestatie[] Found(ConsultPrestatiesRequest consult)
    {
        if (consult.MaxResultaten is 0)
        {
            return [];
        }

        var periode = VrijwilligeOppas.Mapping.Time.PrestatiePeriode.FromWallClock(consult.VanDatum, new TimeOnly(22, 0), new TimeOnly(7, 0))
            ?? throw new InvariantViolationException("22:00 to 07:00 exists on every day.");
        var prestatie = new Prestatie(PrestatieId.Parse("P-1"), consult.Gebruiker ?? Insz.Parse("48010145644"), consult.Vrijwilliger ?? Insz.Parse("79021512333"), periode, NisCode.Parse("44021"));
        return [new GeregistreerdePrestatie(prestatie, periode.DuurMinuten, Received)];
    }
}

public enum InboundKind
{
    /// <summary>Not a SOAP 1.1 message: answered with a SOAP fault.</summary>
    Fault,

    /// <summary>Refused with an SSDN reply naming a precise reason code.</summary>
    Refused,

    /// <summary>Admitted, mapped, and answered with a service reply.</summary>
    Answered,
}

/// <param name="Kind">How the body was answered.</param>
/// <param name="Code">The SOAP fault code or the reason code; null for an answer.</param>
/// <param name="Reply">The bytes the OCMW receives.</param>
public sealed record InboundOutcome(InboundKind Kind, string? Code, byte[] Reply);

/// <summary>An invariant of the inbound path broke: a finding.</summary>
public sealed class InvariantViolationException(string message) : Exception(message);
