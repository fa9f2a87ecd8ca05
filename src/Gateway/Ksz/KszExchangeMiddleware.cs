using System.Diagnostics;
using Microsoft.Extensions.Options;
using Yarp.ReverseProxy.Forwarder;
using VrijwilligeOppas.Gateway.Central;
using VrijwilligeOppas.Gateway.Configuration;
using VrijwilligeOppas.Mapping.Central;
using VrijwilligeOppas.Mapping.Diagnostics;
using VrijwilligeOppas.Mapping.Exchange;
using VrijwilligeOppas.Mapping.Ksz;
using VrijwilligeOppas.Mapping.Rules;

namespace VrijwilligeOppas.Gateway.Ksz;

/// <summary>
/// One KSZ message, start to end: receive → parse safely and validate → authorize and map → forward (the rest of
/// YARP's pipeline) → verify and map back → reply. <see cref="InvokeAsync"/> reads top to bottom as those steps;
/// a refusal at any step is answered at once through <see cref="RefuseAsync"/>.
/// </summary>
internal sealed class KszExchangeMiddleware(
    RequestDelegate next,
    KszMessageReader reader,
    DienstRegistry registry,
    IOptions<GatewayOptions> options,
    TimeProvider clock,
    ILogger<KszExchangeMiddleware> logger)
{
    private const string SoapContentType = "text/xml; charset=utf-8";

    public async Task InvokeAsync(HttpContext context)
    {
        var received = clock.GetUtcNow();
        var started = Stopwatch.GetTimestamp();
        var ticket = Ticket.New(clock);
        context.Response.Headers["X-KSZ-Ticket"] = ticket;
        var form = BodyForm.DocumentLiteral;
        RequestContext? echo = null;
        try
        {
            // Receive.
            if (CheckContentType(context.Request) is { } wrongType)
            {
                KszExchangeLog.NotSoap(logger, ticket, wrongType.Code);
                await WriteFaultAsync(context, wrongType, StatusCodes.Status415UnsupportedMediaType);
                return;
            }

            await using var body = await RequestBody.ReadAsync(context.Request, options.Value.MaxRequestBytes, context.RequestAborted);
            if (body is null)
            {
                await RefuseAsync(context, ticket, received, form, null, Detail.Gateway(ReasonCode.BerichtTeGroot,
                    new Information("MaximumBytes", options.Value.MaxRequestBytes.ToString(System.Globalization.CultureInfo.InvariantCulture))));
                return;
            }

            // Parse safely and validate against the KSZ schemas.
            var read = reader.Read(body);
            form = read.Form;
            echo = read.Context;
            if (read.Fault is { } fault)
            {
                KszExchangeLog.NotSoap(logger, ticket, fault.Code);
                await WriteFaultAsync(context, fault, StatusCodes.Status500InternalServerError);
                return;
            }

            if (read.Refusal is { } invalid)
            {
                await RefuseAsync(context, ticket, received, form, echo, invalid);
                return;
            }

            // Authorize and map.
            var message = read.Message!;
            var admission = Admission.Admit(message, caller: null, context.Request.Headers["SOAPAction"].FirstOrDefault(), registry, ticket, received);
            if (admission.Refusal is { } refused)
            {
                await RefuseAsync(context, ticket, received, form, echo, refused);
                return;
            }

            // Forward, then verify.
            CentralResponse? answer = null;
            if (admission.NeedsCentral)
            {
                var (response, failure) = await ForwardAsync(context, admission.Request!, ticket, echo?.Reference);
                if (failure is not null)
                {
                    await RefuseAsync(context, ticket, received, form, echo, failure);
                    return;
                }

                answer = response;
            }

            // Map back and reply.
            var (serviceReply, centralRefusal) = ReplyMapping.Map(message, admission, answer);
            if (centralRefusal is not null)
            {
                KszExchangeLog.CentralRefused(logger, ticket, echo?.Reference, centralRefusal.ReasonCodeText);
                await RefuseAsync(context, ticket, received, form, echo, centralRefusal, log: false);
                return;
            }

            var reply = new KszReply([], echo, ticket, received, clock.GetUtcNow(), serviceReply);
            await WriteReplyAsync(context, reply, form);
            var elapsedMs = (long)Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            KszExchangeLog.MessageAnswered(logger, ticket, echo?.Reference, message.ServiceId, admission.ItemRefusals.Count, reply.ReturnCode, elapsedMs);
        }
        catch (Exception ex) when (!context.Response.HasStarted && !context.RequestAborted.IsCancellationRequested)
        {
            KszExchangeLog.ExchangeFailed(logger, ticket, ex);
            await RefuseAsync(context, ticket, received, form, echo, Detail.Gateway(ReasonCode.GatewayInterneFout), log: false);
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
    /// Hands the eHealth message to the rest of YARP's pipeline, which forwards it to the central cluster; the
    /// response transform captures the answer. Returns the parsed answer, or the detail saying why there is none.
    /// </summary>
    private async Task<(CentralResponse? Response, Detail? Failure)> ForwardAsync(HttpContext context, CentralRequest request, string ticket, string? reference)
    {
        var outgoing = new MemoryStream();
        CentralRequestWriter.Write(request, outgoing);
        outgoing.Position = 0;
        var feature = new CentralExchangeFeature(CentralRequestWriter.SoapAction(request), options.Value.MaxCentralResponseBytes);
        context.Features.Set(feature);
        context.Request.Body = outgoing;
        context.Request.ContentLength = outgoing.Length;

        await next(context);

        // Nothing of YARP's response is sent: the OCMW gets an SSDN reply written below.
        context.Response.Clear();
        context.Response.Headers["X-KSZ-Ticket"] = ticket;
        var forwarderError = context.GetForwarderErrorFeature();
        CentralResponse? response = null;
        var failure = feature.ResponseBody is { } bytes
            ? ParseAnswer(bytes, feature.StatusCode, out response)
            : Detail.Central(FailureReason(forwarderError, feature.ResponseReadError));
        if (failure is null)
        {
            return (response, null);
        }

        KszExchangeLog.CentralFailed(logger, ticket, reference, failure.ReasonCodeText, feature.StatusCode, (forwarderError?.Error ?? ForwarderError.None).ToString());
        return (null, failure);
    }

    private Detail? ParseAnswer(byte[] bytes, int? statusCode, out CentralResponse? response)
    {
        try
        {
            response = CentralResponseReader.Read(new MemoryStream(bytes), options.Value.MaxCentralResponseBytes);
            return null;
        }
        catch (MalformedMessageException)
        {
            response = null;
            return Detail.Central(statusCode switch
            {
                StatusCodes.Status502BadGateway or StatusCodes.Status503ServiceUnavailable or StatusCodes.Status504GatewayTimeout => ReasonCode.CentraleDienstOnbeschikbaar,
                >= 500 => ReasonCode.CentraleDienstFout,
                _ => ReasonCode.CentraleDienstAntwoordOngeldig,
            });
        }
    }

    /// <summary>
    /// Why no answer came. "Unreachable" promises the OCMW that nothing was applied, so it is only said when no
    /// connection was made; a connection that died after the request was sent leaves the outcome unknown.
    /// </summary>
    private static ReasonCode FailureReason(IForwarderErrorFeature? error, Exception? readError) => (error?.Error, error?.Exception, readError) switch
    {
        (ForwarderError.RequestTimedOut, _, _) or (_, _, OperationCanceledException) => ReasonCode.CentraleDienstTimeout,
        (ForwarderError.NoAvailableDestinations, _, _) => ReasonCode.CentraleDienstOnbereikbaar,
        (ForwarderError.Request, HttpRequestException { HttpRequestError: HttpRequestError.ConnectionError or HttpRequestError.NameResolutionError or HttpRequestError.SecureConnectionError }, _)
            => ReasonCode.CentraleDienstOnbereikbaar,
        _ => ReasonCode.CentraleDienstAntwoordOngeldig,
    };

    private async Task RefuseAsync(HttpContext context, string ticket, DateTimeOffset received, BodyForm form, RequestContext? echo, Detail refusal, bool log = true)
    {
        if (log)
        {
            KszExchangeLog.MessageRefused(logger, ticket, echo?.Reference, refusal.ReasonCodeText);
        }

        await WriteReplyAsync(context, new KszReply([refusal], echo, ticket, received, clock.GetUtcNow(), null), form);
    }

    private static async Task WriteReplyAsync(HttpContext context, KszReply reply, BodyForm form)
    {
        using var output = new MemoryStream();
        KszReplyWriter.Write(reply, form, output);
        await SendAsync(context, output, StatusCodes.Status200OK);
    }

    private static async Task WriteFaultAsync(HttpContext context, SoapFault fault, int statusCode)
    {
        using var output = new MemoryStream();
        KszReplyWriter.WriteFault(fault, output);
        await SendAsync(context, output, statusCode);
    }

    private static async Task SendAsync(HttpContext context, MemoryStream output, int statusCode)
    {
        context.Response.StatusCode = statusCode;
        context.Response.ContentType = SoapContentType;
        context.Response.ContentLength = output.Length;
        await context.Response.Body.WriteAsync(output.GetBuffer().AsMemory(0, (int)output.Length), context.RequestAborted);
    }
}
