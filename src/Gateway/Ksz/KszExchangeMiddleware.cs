using System.Diagnostics;
using Microsoft.Extensions.Options;
using VrijwilligeOppas.Audit;
using VrijwilligeOppas.Gateway.Audit;
using VrijwilligeOppas.Gateway.Callers;
using VrijwilligeOppas.Gateway.Central;
using VrijwilligeOppas.Gateway.Configuration;
using VrijwilligeOppas.Gateway.Reliability;
using VrijwilligeOppas.Gateway.Telemetry;
using VrijwilligeOppas.Mapping.Central;
using VrijwilligeOppas.Mapping.Diagnostics;
using VrijwilligeOppas.Mapping.Exchange;
using VrijwilligeOppas.Mapping.Identifiers;
using VrijwilligeOppas.Mapping.Ksz;
using VrijwilligeOppas.Mapping.Rules;

namespace VrijwilligeOppas.Gateway.Ksz;

/// <summary>
/// One KSZ message, start to end: receive → authenticate the caller → take a slot (back-pressure) → parse safely and
/// validate → authorize and map → audit what is forwarded, sign and forward (the rest of YARP's pipeline) → verify and
/// map back → audit the outcome → reply. <see cref="InvokeAsync"/> reads top to bottom as those steps; a refusal at any
/// step is answered at once through <see cref="RefuseAsync"/>, and a client that hangs up at any step is recorded
/// through <see cref="ClientGoneAsync"/>.
/// </summary>
internal sealed class KszExchangeMiddleware(
    RequestDelegate next,
    KszMessageReader reader,
    DienstRegistry registry,
    IOptions<GatewayOptions> options,
    TimeProvider clock,
    GatewayTelemetry telemetry,
    CentralForwarder central,
    ExchangeGate gate,
    CallerDirectory callers,
    GatewayAudit audit,
    ILogger<KszExchangeMiddleware> logger)
{
    private const string SoapContentType = "text/xml; charset=utf-8";
    private const string RetryAfterSeconds = "5";

    public async Task InvokeAsync(HttpContext context)
    {
        var exchange = new Exchange(Ticket.New(clock), clock.GetUtcNow(), GatewayTelemetry.Source.StartActivity("ksz.exchange"));
        using var activity = exchange.Activity;
        activity?.SetTag("ksz.ticket", exchange.Ticket);
        context.Features.Get<Microsoft.AspNetCore.Http.Features.IHttpActivityFeature>()?.Activity.SetTag("ksz.ticket", exchange.Ticket);
        using var ticketScope = logger.BeginScope(new Dictionary<string, object> { ["KszTicket"] = exchange.Ticket });
        context.Response.Headers["X-KSZ-Ticket"] = exchange.Ticket;
        exchange.CallerAddress = context.Connection.RemoteIpAddress?.ToString();
        try
        {
            // Receive.
            if (CheckContentType(context.Request) is { } wrongType)
            {
                await FaultAsync(context, exchange, wrongType, StatusCodes.Status415UnsupportedMediaType);
                return;
            }

            // Authenticate the caller before reading a byte of the body.
            Ondernemingsnummer? caller = null;
            if (options.Value.CallerAuthentication == CallerAuthentication.ClientCertificate)
            {
                var certificate = context.Connection.ClientCertificate;
                exchange.CallerCertificate = certificate is null ? null : $"{certificate.GetCertHashString(System.Security.Cryptography.HashAlgorithmName.SHA256)} {certificate.Subject}";
                caller = callers.Identify(certificate);
                if (caller is null)
                {
                    KszExchangeLog.CallerNotAuthenticated(logger, exchange.Ticket, context.Connection.RemoteIpAddress?.ToString(), certificate?.GetCertHashString(System.Security.Cryptography.HashAlgorithmName.SHA256) ?? "none", certificate?.Subject);
                    await RefuseAsync(context, exchange, Detail.Gateway(ReasonCode.AanvragerNietGeauthenticeerd), log: false);
                    return;
                }

                activity?.SetTag("ksz.caller", caller.Value.Value);
            }

            // Take a slot before reading the body, so that a burst waits or is turned away instead of filling memory.
            var (slot, turnedAway) = await gate.EnterAsync(context.RequestAborted);
            using var heldSlot = slot;
            if (turnedAway is { } notNow)
            {
                context.Response.Headers.RetryAfter = RetryAfterSeconds;
                if (notNow == ReasonCode.GatewayStopt)
                {
                    context.Response.Headers.Connection = "close";
                }

                await RefuseAsync(context, exchange, Detail.Gateway(notNow));
                return;
            }

            exchange.Step = ExchangeStep.Reading;
            var (received, tooLargeOrSlow) = await RequestBody.ReadAsync(context.Request, options.Value.MaxRequestBytes, options.Value.RequestBodyTimeout, clock, context.RequestAborted);
            await using var body = received;
            if (tooLargeOrSlow is { } refusal)
            {
                await RefuseAsync(context, exchange, refusal == ReasonCode.BerichtTeGroot
                    ? Detail.Gateway(refusal, new Information("MaximumBytes", options.Value.MaxRequestBytes.ToString(System.Globalization.CultureInfo.InvariantCulture)))
                    : Detail.Gateway(refusal, new Information("MaximumSeconds", options.Value.RequestBodyTimeout.TotalSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture))));
                return;
            }

            // Parse safely and validate against the KSZ schemas.
            exchange.Step = ExchangeStep.Processing;
            KszReadResult read;
            using (GatewayTelemetry.StartStep("ksz.parse"))
            {
                read = reader.Read(body!);
            }

            exchange.Form = read.Form;
            exchange.Echo = read.Context;
            exchange.Operation = read.Operation;
            activity?.SetTag("ksz.service_id", exchange.Operation?.ServiceId());
            if (read.Fault is { } fault)
            {
                await FaultAsync(context, exchange, fault, StatusCodes.Status500InternalServerError);
                return;
            }

            if (read.Refusal is { } invalid)
            {
                await RefuseAsync(context, exchange, invalid);
                return;
            }

            // Authorize and map.
            var message = read.Message!;
            exchange.Message = message;
            AdmissionResult admission;
            using (GatewayTelemetry.StartStep("ksz.admit"))
            {
                admission = Admission.Admit(message, caller, exchange.Form, context.Request.Headers["SOAPAction"].FirstOrDefault(), registry, exchange.Ticket, exchange.Received);
            }

            if (admission.Refusal is { } refused)
            {
                await RefuseAsync(context, exchange, refused);
                return;
            }

            // Sign and forward, then verify. Nothing leaves before its audit record is durable (written while signing).
            CentralResponse? answer = null;
            if (admission.NeedsCentral)
            {
                CentralAnswer forwarded;
                try
                {
                    exchange.Step = ExchangeStep.Forwarding;
                    forwarded = await central.ForwardAsync(context, next, admission.Request!, exchange.Ticket, AuditForwardingAsync(exchange));
                }
                catch (AuditUnavailableException ex)
                {
                    KszExchangeLog.AuditFailed(logger, exchange.Ticket, ReturnCodes.Error, ex.Message);
                    await RefuseAsync(context, exchange, Detail.Gateway(ReasonCode.AuditOnbeschikbaar), log: false);
                    return;
                }

                if (forwarded.ClientGone)
                {
                    await ClientGoneAsync(exchange);
                    return;
                }

                if (forwarded.Failure is { } failure)
                {
                    await RefuseAsync(context, exchange, failure);
                    return;
                }

                answer = forwarded.Response;
            }

            // Map back and reply.
            var (serviceReply, centralRefusal) = ReplyMapping.Map(message, admission, answer);
            if (centralRefusal is not null)
            {
                KszExchangeLog.CentralRefused(logger, exchange.Ticket, centralRefusal.ReasonCodeText);
                await RefuseAsync(context, exchange, centralRefusal, log: false);
                return;
            }

            var reply = await AuditAsync(exchange, new KszReply([], exchange.Echo, exchange.Ticket, exchange.Received, clock.GetUtcNow(), serviceReply));
            exchange.Step = ExchangeStep.Replying;
            await WriteReplyAsync(context, reply, exchange.Form);
            Record(exchange, reply.ReturnCode, items: admission.ItemRefusals.Count);
            KszExchangeLog.MessageAnswered(logger, exchange.Ticket, message.ServiceId, admission.ItemRefusals.Count, reply.ReturnCode, exchange.ElapsedMs);
        }
        catch (Exception ex) when (ex is ClientDisconnectedException || context.RequestAborted.IsCancellationRequested)
        {
            // The client hung up: an ordinary event, not a defect. Whatever it interrupted, the message is recorded.
            await ClientGoneAsync(exchange);
        }
        catch (Exception ex) when (!context.Response.HasStarted)
        {
            KszExchangeLog.ExchangeFailed(logger, exchange.Ticket, ex);
            await RefuseAsync(context, exchange, Detail.Gateway(ReasonCode.GatewayInterneFout), log: false);
        }
    }

    /// <summary>SOAP 1.1 travels as text/xml; SOAP 1.2's media type gets a VersionMismatch fault.</summary>
    private static SoapFault? CheckContentType(HttpRequest request)
    {
        var mediaType = request.ContentType?.Split(';')[0].Trim();
        if (string.Equals(mediaType, "application/soap+xml", StringComparison.OrdinalIgnoreCase))
        {
            return new SoapFault("VersionMismatch", "Only SOAP 1.1 (Content-Type text/xml) is accepted.");
        }

        return string.Equals(mediaType, "text/xml", StringComparison.OrdinalIgnoreCase)
            ? null
            : SoapFault.Client("Content-Type must be text/xml; charset=utf-8.");
    }

    /// <summary>
    /// The record made durable before the message is forwarded. From here on, whatever happens, the message has
    /// either its outcome record or shows as "outcome unknown" in <c>audit verify</c> and <c>audit search</c>.
    /// </summary>
    private async Task AuditForwardingAsync(Exchange exchange)
    {
        using var step = GatewayTelemetry.StartStep("audit.forwarding");
        var started = Stopwatch.GetTimestamp();
        await audit.Log.AppendAsync(AuditEntries.ForForwarding(exchange.Message!, exchange.Echo, exchange.Ticket, exchange.Received, clock.GetUtcNow(), exchange.CallerCertificate, exchange.CallerAddress), CancellationToken.None);
        telemetry.AuditDuration.Record(Stopwatch.GetElapsedTime(started).TotalMilliseconds, new KeyValuePair<string, object?>("outcome", "forwarding"));
    }

    /// <summary>
    /// The client closed the connection before its reply: one information line, and an outcome record unless the
    /// reply was already recorded. Nothing is written back. A message already forwarded is not tried again.
    /// </summary>
    private async Task ClientGoneAsync(Exchange exchange)
    {
        exchange.Activity?.SetTag("ksz.client_gone", true);
        var (step, consequence) = (Describe(exchange.Step), exchange.Audited
            ? "its outcome was recorded, the reply not delivered"
            : exchange.Step == ExchangeStep.Forwarding ? "not tried again; its outcome at the central service is unknown" : "nothing was forwarded");
        KszExchangeLog.ClientDisconnected(logger, exchange.Ticket, step, consequence);
        if (exchange.Audited)
        {
            return;
        }

        try
        {
            exchange.Audited = true;
            await audit.Log.AppendAsync(AuditEntries.ForClientGone(exchange.Message, exchange.Echo, exchange.Ticket, exchange.Received, clock.GetUtcNow(), exchange.CallerCertificate, exchange.CallerAddress), CancellationToken.None);
        }
        catch (AuditUnavailableException ex)
        {
            // A forwarded message then shows as "outcome unknown"; one that was not forwarded applied nothing.
            KszExchangeLog.AuditFailed(logger, exchange.Ticket, ReturnCodes.Error, ex.Message);
        }
    }

    private static string Describe(ExchangeStep step) => step switch
    {
        ExchangeStep.Receiving => "it waited for a slot",
        ExchangeStep.Reading => "its message was read",
        ExchangeStep.Processing => "its message was processed",
        ExchangeStep.Forwarding => "its message was at the central service",
        _ => "its reply was written",
    };

    private async Task RefuseAsync(HttpContext context, Exchange exchange, Detail refusal, bool log = true)
    {
        if (log)
        {
            KszExchangeLog.MessageRefused(logger, exchange.Ticket, refusal.ReasonCodeText);
        }

        exchange.Activity?.SetTag("ksz.reason_code", refusal.ReasonCodeText).SetStatus(ActivityStatusCode.Error, refusal.ReasonCodeText);
        telemetry.Refusals.Add(1, new KeyValuePair<string, object?>("reason_code", refusal.ReasonCodeText));
        Record(exchange, ReturnCodes.Error, items: null);
        var reply = await AuditAsync(exchange, new KszReply([refusal], exchange.Echo, exchange.Ticket, exchange.Received, clock.GetUtcNow(), null) { Operation = exchange.Operation });
        await WriteReplyAsync(context, reply, exchange.Form);
    }

    /// <summary>
    /// Audit: the record is durable before the reply leaves. When the store cannot take it, the OCMW gets
    /// AUDIT_ONBESCHIKBAAR instead of the reply (fail closed), even if the client has gone: the message was handled.
    /// </summary>
    private async Task<KszReply> AuditAsync(Exchange exchange, KszReply reply)
    {
        using var step = GatewayTelemetry.StartStep("audit.append");
        var started = Stopwatch.GetTimestamp();
        try
        {
            exchange.Audited = true;
            await audit.Log.AppendAsync(AuditEntries.For(reply, exchange.Message, exchange.CallerCertificate, exchange.CallerAddress), CancellationToken.None);
            telemetry.AuditDuration.Record(Stopwatch.GetElapsedTime(started).TotalMilliseconds, new KeyValuePair<string, object?>("outcome", "written"));
            return reply;
        }
        catch (AuditUnavailableException ex)
        {
            telemetry.AuditDuration.Record(Stopwatch.GetElapsedTime(started).TotalMilliseconds, new KeyValuePair<string, object?>("outcome", "failed"));
            step?.SetStatus(ActivityStatusCode.Error, ex.Message);
            KszExchangeLog.AuditFailed(logger, exchange.Ticket, reply.ReturnCode, ex.Message);
            return reply with { Refusals = [Detail.Gateway(ReasonCode.AuditOnbeschikbaar)], Service = null };
        }
    }

    private async Task FaultAsync(HttpContext context, Exchange exchange, SoapFault fault, int statusCode)
    {
        KszExchangeLog.NotSoap(logger, exchange.Ticket, fault.Code);
        exchange.Activity?.SetTag("soap.fault_code", fault.Code).SetStatus(ActivityStatusCode.Error, fault.Code);
        try
        {
            exchange.Audited = true;
            await audit.Log.AppendAsync(AuditEntries.ForFault(exchange.Ticket, exchange.Received, clock.GetUtcNow(), fault.Code, exchange.CallerCertificate, exchange.CallerAddress), CancellationToken.None);
        }
        catch (AuditUnavailableException ex)
        {
            // A fault applies nothing; it is still answered, and the operator told.
            KszExchangeLog.AuditFailed(logger, exchange.Ticket, ReturnCodes.Error, ex.Message);
        }

        using var output = new MemoryStream();
        KszReplyWriter.WriteFault(fault, output);
        await SendAsync(context, output, statusCode);
    }

    private void Record(Exchange exchange, int returnCode, int? items)
    {
        var operation = new KeyValuePair<string, object?>("operation", exchange.Operation?.ServiceId() ?? "unknown");
        exchange.Activity?.SetTag("ksz.return_code", returnCode);
        telemetry.Messages.Add(1, operation, new KeyValuePair<string, object?>("return_code", returnCode));
        if (items is { } count)
        {
            telemetry.Prestaties.Record(count, operation);
        }
    }

    private static async Task WriteReplyAsync(HttpContext context, KszReply reply, BodyForm form)
    {
        using var output = new MemoryStream();
        KszReplyWriter.Write(reply, form, output);
        await SendAsync(context, output, StatusCodes.Status200OK);
    }

    private static async Task SendAsync(HttpContext context, MemoryStream output, int statusCode)
    {
        context.Response.StatusCode = statusCode;
        context.Response.ContentType = SoapContentType;
        context.Response.ContentLength = output.Length;
        await context.Response.Body.WriteAsync(output.GetBuffer().AsMemory(0, (int)output.Length), context.RequestAborted);
    }

    /// <summary>What the exchange knows so far, for the reply, the logs and the span.</summary>
    private sealed class Exchange(string ticket, DateTimeOffset received, Activity? activity)
    {
        private readonly long _started = Stopwatch.GetTimestamp();

        public string Ticket { get; } = ticket;

        public DateTimeOffset Received { get; } = received;

        public Activity? Activity { get; } = activity;

        public BodyForm Form { get; set; } = BodyForm.DocumentLiteral;

        public RequestContext? Echo { get; set; }

        public KszService? Operation { get; set; }

        public KszMessage? Message { get; set; }

        public string? CallerCertificate { get; set; }

        public string? CallerAddress { get; set; }

        /// <summary>Where the exchange is, for the line logged when the client hangs up.</summary>
        public ExchangeStep Step { get; set; } = ExchangeStep.Receiving;

        /// <summary>True once an outcome record was attempted: a message gets one outcome record, never two.</summary>
        public bool Audited { get; set; }

        public long ElapsedMs => (long)Stopwatch.GetElapsedTime(_started).TotalMilliseconds;
    }
}

/// <summary>The steps a client can hang up in.</summary>
internal enum ExchangeStep
{
    Receiving,
    Reading,
    Processing,
    Forwarding,
    Replying,
}
