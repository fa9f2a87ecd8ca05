using System.Security.Cryptography;
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
/// One KSZ message, start to end: receive → authenticate the caller → read the body within its share of memory →
/// take a processing slot (back-pressure, bulk lanes) → parse safely and validate → authorize and map → audit what is forwarded, sign and forward (<see cref="CentralForwarder"/>, through
/// the rest of YARP's pipeline) → verify and map back → audit the outcome → reply. <see cref="InvokeAsync"/> reads top
/// to bottom as those steps; every way out — an answer, a refusal at any step, a fault, a client that hangs up — goes
/// through <see cref="KszResponder"/>.
/// </summary>
internal sealed class KszExchangeMiddleware(
    RequestDelegate next,
    KszMessageReader reader,
    DienstRegistry registry,
    IOptions<GatewayOptions> options,
    TimeProvider clock,
    CentralForwarder central,
    ExchangeGate gate,
    CallerDirectory callers,
    KszResponder respond,
    ILogger<KszExchangeMiddleware> logger)
{
    public async Task InvokeAsync(HttpContext context)
    {
        var message = new MessageInProgress(Ticket.New(clock), clock.GetUtcNow(), GatewayTelemetry.Source.StartActivity("ksz.exchange"));
        using var activity = message.Activity;
        activity?.SetTag("ksz.ticket", message.Ticket);
        context.Features.Get<Microsoft.AspNetCore.Http.Features.IHttpActivityFeature>()?.Activity.SetTag("ksz.ticket", message.Ticket);
        using var ticketScope = logger.BeginScope(new Dictionary<string, object> { ["KszTicket"] = message.Ticket });
        context.Response.Headers["X-KSZ-Ticket"] = message.Ticket;
        message.CallerAddress = context.Connection.RemoteIpAddress?.ToString();
        try
        {
            // Receive.
            if (CheckContentType(context.Request) is { } wrongType)
            {
                await respond.FaultAsync(context, message, wrongType, StatusCodes.Status415UnsupportedMediaType);
                return;
            }

            // Authenticate the caller before reading a byte of the body.
            Ondernemingsnummer? caller = null;
            if (options.Value.CallerAuthentication == CallerAuthentication.ClientCertificate)
            {
                caller = Authenticate(context, message);
                if (caller is null)
                {
                    await respond.RefuseAsync(context, message, Detail.Gateway(ReasonCode.AanvragerNietGeauthenticeerd), log: false);
                    return;
                }
            }

            // Take the body's share of memory before reading it, so that a burst is turned away instead of filling it.
            var (share, noRoom) = gate.Receive(context.Request.ContentLength);
            using var heldShare = share;
            if (noRoom is { } full)
            {
                await respond.BusyAsync(context, message, full);
                return;
            }

            message.Step = MessageStep.Reading;
            var (received, tooLargeOrSlow) = await RequestBody.ReadAsync(context.Request, options.Value.MaxRequestBytes, options.Value.RequestBodyTimeout, clock, context.RequestAborted);
            await using var body = received;
            if (tooLargeOrSlow is { } refusal)
            {
                await respond.RefuseAsync(context, message, BodyRefusal(refusal));
                return;
            }

            // Take a processing slot only now, so that a slow upload holds none, and a bulk send a bulk lane.
            message.Step = MessageStep.Waiting;
            var (slot, turnedAway) = await gate.ProcessAsync(body!.Length, context.RequestAborted);
            using var heldSlot = slot;
            if (turnedAway is { } notNow)
            {
                await respond.BusyAsync(context, message, notNow);
                return;
            }

            // Parse safely and validate against the KSZ schemas.
            message.Step = MessageStep.Processing;
            KszReadResult read;
            using (GatewayTelemetry.StartStep("ksz.parse"))
            {
                read = reader.Read(body);
            }

            message.Form = read.Form;
            message.RequestContext = read.Context;
            message.Operation = read.Operation;
            activity?.SetTag("ksz.service_id", message.Operation?.ServiceId());
            if (read.Fault is { } fault)
            {
                await respond.FaultAsync(context, message, fault, StatusCodes.Status500InternalServerError);
                return;
            }

            if (read.Refusal is { } invalid)
            {
                await respond.RefuseAsync(context, message, invalid);
                return;
            }

            // Authorize and map.
            message.Message = read.Message!;
            AdmissionResult admission;
            using (GatewayTelemetry.StartStep("ksz.admit"))
            {
                admission = Admission.Admit(message.Message, caller, message.Form, context.Request.Headers["SOAPAction"].FirstOrDefault(), registry, message.Ticket, message.Received);
            }

            if (admission.Refusal is { } refused)
            {
                await respond.RefuseAsync(context, message, refused);
                return;
            }

            // Sign and forward, then verify. Nothing leaves before its audit record is durable (written while signing).
            CentralResponse? answer = null;
            if (admission.NeedsCentral)
            {
                CentralAnswer forwarded;
                try
                {
                    message.Step = MessageStep.Forwarding;
                    forwarded = await central.ForwardAsync(context, next, admission.Request!, message.Ticket, respond.AuditForwardingAsync(message));
                }
                catch (AuditUnavailableException ex)
                {
                    KszExchangeLog.AuditFailed(logger, message.Ticket, ReturnCodes.Error, ex.Message);
                    await respond.RefuseAsync(context, message, Detail.Gateway(ReasonCode.AuditOnbeschikbaar), log: false);
                    return;
                }

                if (forwarded.ClientGone)
                {
                    await respond.ClientGoneAsync(message);
                    return;
                }

                if (forwarded.Failure is { } failure)
                {
                    await respond.RefuseAsync(context, message, failure);
                    return;
                }

                answer = forwarded.Response;
            }

            // Map back, audit the outcome and reply.
            var (serviceReply, centralRefusal) = ReplyMapping.Map(message.Message, admission, answer);
            if (centralRefusal is not null)
            {
                KszExchangeLog.CentralRefused(logger, message.Ticket, centralRefusal.ReasonCodeText);
                await respond.RefuseAsync(context, message, centralRefusal, log: false);
                return;
            }

            await respond.AnswerAsync(context, message, serviceReply!, admission.ItemRefusals.Count);
        }
        catch (Exception ex) when (ex is ClientDisconnectedException || context.RequestAborted.IsCancellationRequested)
        {
            // The client hung up: an ordinary event, not a defect. Whatever it interrupted, the message is recorded.
            await respond.ClientGoneAsync(message);
        }
        catch (Exception ex) when (!context.Response.HasStarted)
        {
            KszExchangeLog.ExchangeFailed(logger, message.Ticket, ex);
            await respond.RefuseAsync(context, message, Detail.Gateway(ReasonCode.GatewayInterneFout), log: false);
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

    /// <summary>The caller's ondernemingsnummer from its client certificate; null (and a warning) when it is unknown.</summary>
    private Ondernemingsnummer? Authenticate(HttpContext context, MessageInProgress message)
    {
        var certificate = context.Connection.ClientCertificate;
        var thumbprint = certificate?.GetCertHashString(HashAlgorithmName.SHA256);
        message.CallerCertificate = certificate is null ? null : $"{thumbprint} {certificate.Subject}";
        var caller = callers.Identify(certificate);
        if (caller is null)
        {
            KszExchangeLog.CallerNotAuthenticated(logger, message.Ticket, message.CallerAddress, thumbprint ?? "none", certificate?.Subject);
        }
        else
        {
            message.Activity?.SetTag("ksz.caller", caller.Value.Value);
        }

        return caller;
    }

    private Detail BodyRefusal(ReasonCode reason) => reason == ReasonCode.BerichtTeGroot
        ? Detail.Gateway(reason, new Information("MaximumBytes", options.Value.MaxRequestBytes.ToString(System.Globalization.CultureInfo.InvariantCulture)))
        : Detail.Gateway(reason, new Information("MaximumSeconds", options.Value.RequestBodyTimeout.TotalSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture)));
}
