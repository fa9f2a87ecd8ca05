using System.Diagnostics;
using VrijwilligeOppas.Audit;
using VrijwilligeOppas.Gateway.Audit;
using VrijwilligeOppas.Gateway.Telemetry;
using VrijwilligeOppas.Mapping.Diagnostics;
using VrijwilligeOppas.Mapping.Exchange;
using VrijwilligeOppas.Mapping.Ksz;

namespace VrijwilligeOppas.Gateway.Ksz;

/// <summary>
/// The reply side of the KSZ pipeline: every way a message ends — answered, refused, a SOAP fault, the client gone —
/// is audited, counted, logged and written here, so that each ends the same way whichever step it came from.
/// </summary>
internal sealed class KszResponder(GatewayAudit audit, TimeProvider clock, GatewayTelemetry telemetry, ILogger<KszResponder> logger)
{
    private const string SoapContentType = "text/xml; charset=utf-8";

    private const string RetryAfterSeconds = "5";

    /// <summary>The central service's (or the gateway's own) answer, after its outcome record is durable.</summary>
    public async Task AnswerAsync(HttpContext context, MessageInProgress message, ServiceReply serviceReply, int itemRefusals)
    {
        var reply = await AuditAsync(message, new KszReply([], message.RequestContext, message.Ticket, message.Received, clock.GetUtcNow(), serviceReply));
        message.Step = MessageStep.Replying;
        await WriteReplyAsync(context, reply, message.Form);
        Count(message, reply.ReturnCode, items: itemRefusals);
        KszExchangeLog.MessageAnswered(logger, message.Ticket, message.Message!.ServiceId, itemRefusals, reply.ReturnCode, message.ElapsedMs);
    }

    public async Task RefuseAsync(HttpContext context, MessageInProgress message, Detail refusal, bool log = true)
    {
        if (log)
        {
            KszExchangeLog.MessageRefused(logger, message.Ticket, refusal.ReasonCodeText);
        }

        message.Activity?.SetTag("ksz.reason_code", refusal.ReasonCodeText).SetStatus(ActivityStatusCode.Error, refusal.ReasonCodeText);
        telemetry.Refusals.Add(1, new KeyValuePair<string, object?>("reason_code", refusal.ReasonCodeText));
        Count(message, ReturnCodes.Error, items: null);
        var reply = await AuditAsync(message, new KszReply([refusal], message.RequestContext, message.Ticket, message.Received, clock.GetUtcNow(), null) { Operation = message.Operation });
        await WriteReplyAsync(context, reply, message.Form);
    }

    /// <summary>GATEWAY_BEZET or GATEWAY_STOPT: when to try again, and while stopping, a connection that ends.</summary>
    public Task BusyAsync(HttpContext context, MessageInProgress message, ReasonCode reason)
    {
        context.Response.Headers.RetryAfter = RetryAfterSeconds;
        if (reason == ReasonCode.GatewayStopt)
        {
            context.Response.Headers.Connection = "close";
        }

        return RefuseAsync(context, message, Detail.Gateway(reason));
    }

    /// <summary>Not a SOAP 1.1 message: a fault, audited, though it applies nothing.</summary>
    public async Task FaultAsync(HttpContext context, MessageInProgress message, SoapFault fault, int statusCode)
    {
        KszExchangeLog.NotSoap(logger, message.Ticket, fault.Code);
        message.Activity?.SetTag("soap.fault_code", fault.Code).SetStatus(ActivityStatusCode.Error, fault.Code);
        try
        {
            message.Audited = true;
            await audit.Log.AppendAsync(AuditEntries.ForFault(message.Ticket, message.Received, clock.GetUtcNow(), fault.Code, message.CallerCertificate, message.CallerAddress), CancellationToken.None);
        }
        catch (AuditUnavailableException ex)
        {
            // A fault applies nothing; it is still answered, and the operator told.
            KszExchangeLog.AuditFailed(logger, message.Ticket, ReturnCodes.Error, ex.Message);
        }

        using var output = new MemoryStream();
        KszReplyWriter.WriteFault(fault, output);
        await SendAsync(context, output, statusCode);
    }

    /// <summary>
    /// The record made durable before the message is forwarded. From here on, whatever happens, the message has
    /// either its outcome record or shows as "outcome unknown" in <c>audit verify</c> and <c>audit search</c>.
    /// </summary>
    public async Task AuditForwardingAsync(MessageInProgress message)
    {
        using var step = GatewayTelemetry.StartStep("audit.forwarding");
        var started = Stopwatch.GetTimestamp();
        await audit.Log.AppendAsync(AuditEntries.ForForwarding(message.Message!, message.RequestContext, message.Ticket, message.Received, clock.GetUtcNow(), message.CallerCertificate, message.CallerAddress), CancellationToken.None);
        telemetry.AuditDuration.Record(Stopwatch.GetElapsedTime(started).TotalMilliseconds, new KeyValuePair<string, object?>("outcome", "forwarding"));
    }

    /// <summary>
    /// The client closed the connection before its reply: one information line, and an outcome record unless the
    /// reply was already recorded. Nothing is written back. A message already forwarded is not tried again.
    /// </summary>
    public async Task ClientGoneAsync(MessageInProgress message)
    {
        message.Activity?.SetTag("ksz.client_gone", true);
        var step = Describe(message.Step);
        var consequence = message.Audited
            ? "its outcome was recorded, the reply not delivered"
            : message.Step == MessageStep.Forwarding ? "not tried again; its outcome at the central service is unknown" : "nothing was forwarded";
        KszExchangeLog.ClientDisconnected(logger, message.Ticket, step, consequence);
        if (message.Audited)
        {
            return;
        }

        try
        {
            message.Audited = true;
            await audit.Log.AppendAsync(AuditEntries.ForClientGone(message.Message, message.RequestContext, message.Ticket, message.Received, clock.GetUtcNow(), message.CallerCertificate, message.CallerAddress), CancellationToken.None);
        }
        catch (AuditUnavailableException ex)
        {
            // A forwarded message then shows as "outcome unknown"; one that was not forwarded applied nothing.
            KszExchangeLog.AuditFailed(logger, message.Ticket, ReturnCodes.Error, ex.Message);
        }
    }

    private static string Describe(MessageStep step) => step switch
    {
        MessageStep.Receiving => "its message had not started",
        MessageStep.Reading => "its message was read",
        MessageStep.Waiting => "its message waited for a slot",
        MessageStep.Processing => "its message was processed",
        MessageStep.Forwarding => "its message was at the central service",
        _ => "its reply was written",
    };

    /// <summary>
    /// The record is durable before the reply leaves. When the store cannot take it, the OCMW gets
    /// AUDIT_ONBESCHIKBAAR instead of the reply (fail closed), even if the client has gone: the message was handled.
    /// </summary>
    private async Task<KszReply> AuditAsync(MessageInProgress message, KszReply reply)
    {
        using var step = GatewayTelemetry.StartStep("audit.append");
        var started = Stopwatch.GetTimestamp();
        try
        {
            message.Audited = true;
            await audit.Log.AppendAsync(AuditEntries.For(reply, message.Message, message.CallerCertificate, message.CallerAddress), CancellationToken.None);
            telemetry.AuditDuration.Record(Stopwatch.GetElapsedTime(started).TotalMilliseconds, new KeyValuePair<string, object?>("outcome", "written"));
            return reply;
        }
        catch (AuditUnavailableException ex)
        {
            telemetry.AuditDuration.Record(Stopwatch.GetElapsedTime(started).TotalMilliseconds, new KeyValuePair<string, object?>("outcome", "failed"));
            step?.SetStatus(ActivityStatusCode.Error, ex.Message);
            KszExchangeLog.AuditFailed(logger, message.Ticket, reply.ReturnCode, ex.Message);
            return reply with { Refusals = [Detail.Gateway(ReasonCode.AuditOnbeschikbaar)], Service = null };
        }
    }

    private void Count(MessageInProgress message, int returnCode, int? items)
    {
        var operation = new KeyValuePair<string, object?>("operation", message.Operation?.ServiceId() ?? "unknown");
        message.Activity?.SetTag("ksz.return_code", returnCode);
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
}
