using System.Diagnostics;
using Microsoft.Extensions.Options;
using Yarp.ReverseProxy.Forwarder;
using Yarp.ReverseProxy.Model;
using VrijwilligeOppas.Gateway.Configuration;
using VrijwilligeOppas.Gateway.Reliability;
using VrijwilligeOppas.Gateway.Telemetry;
using VrijwilligeOppas.Mapping.Central;
using VrijwilligeOppas.Mapping.Exchange;
using VrijwilligeOppas.Security;

namespace VrijwilligeOppas.Gateway.Central;

/// <summary>
/// Sign and forward, then verify: the eHealth message is signed once and handed to the rest of YARP's pipeline
/// (load balancing, passive health, the forwarder), whose response transform captures the answer. A failed attempt
/// is repeated only where <see cref="CentralRetryPolicy"/> says it is safe, with the same signed bytes, so the
/// central service sees the same message Id each time. Nothing leaves before <c>durable</c> — the message's audit
/// record — has completed; it is written while the message is signed, so the two costs overlap. Once the client has
/// gone, no further attempt is made: nobody waits for its answer, the OCMW will send the message again, and the
/// central service then sees it no more often than the OCMW sent it (docs/reliability.md).
/// </summary>
internal sealed class CentralForwarder(
    WsSecuritySigner signer,
    WsSecurityVerifier verifier,
    CentralRetryPolicy retryPolicy,
    IOptions<GatewayOptions> options,
    TimeProvider clock,
    GatewayTelemetry telemetry,
    ILogger<CentralForwarder> logger)
{
    private static readonly TimeSpan YarpDefaultActivityTimeout = TimeSpan.FromSeconds(100);

    /// <exception cref="VrijwilligeOppas.Audit.AuditUnavailableException">The audit record before sending was not written: nothing was sent.</exception>
    public async Task<CentralAnswer> ForwardAsync(HttpContext context, RequestDelegate next, CentralRequest request, string ticket, Task durable)
    {
        MemoryStream outgoing;
        try
        {
            outgoing = Sign(request);
        }
        finally
        {
            // Even if signing failed, the record's fate is awaited, so that it is never left unobserved.
            await durable;
        }

        using var signed = outgoing;
        if (context.RequestAborted.IsCancellationRequested)
        {
            // The client left while the message was signed and recorded: nothing has been sent, and nothing will be.
            return new CentralAnswer(null, null) { ClientGone = true };
        }

        var proxy = context.Features.Get<IReverseProxyFeature>();
        var attemptTimeout = proxy?.Cluster.Config.HttpRequest?.ActivityTimeout ?? YarpDefaultActivityTimeout;
        var started = clock.GetTimestamp();
        for (var attempt = 1; ; attempt++)
        {
            var answer = await AttemptAsync(context, next, request, outgoing, attempt, ticket);
            var delay = answer.Outcome == CentralOutcome.Final
                ? null
                : retryPolicy.NextDelay(request, answer.Outcome, attempt, clock.GetElapsedTime(started), attemptTimeout);
            if (delay is not { } wait)
            {
                LogFailure(answer, ticket);
                return answer;
            }

            if (context.RequestAborted.IsCancellationRequested)
            {
                return answer with { ClientGone = true };
            }

            var reason = answer.Failure?.ReasonCodeText ?? (answer.Response as CentralFault)?.SoaCode ?? "unknown";
            CentralLog.CentralRetrying(logger, ticket, attempt, reason, answer.Outcome.ToString(), (long)wait.TotalMilliseconds);
            telemetry.CentralRetries.Add(1, new KeyValuePair<string, object?>("reason", reason));
            try
            {
                await Task.Delay(wait, clock, context.RequestAborted);
            }
            catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
            {
                return answer with { ClientGone = true };
            }

            // The next attempt sees the destinations as they are now: the circuit breaker may have opened meanwhile.
            if (proxy?.Route.Cluster is { } cluster)
            {
                proxy.AvailableDestinations = cluster.DestinationsState.AvailableDestinations;
                proxy.ProxiedDestination = null;
            }

            context.Features.Set<IForwarderErrorFeature>(null);
        }
    }

    private MemoryStream Sign(CentralRequest request)
    {
        using var step = GatewayTelemetry.StartStep("central.sign");
        using var unsigned = new MemoryStream();
        CentralRequestWriter.Write(request, unsigned);
        unsigned.Position = 0;
        // The envelope plus the Security header (a certificate, a signature and a timestamp: under 4 KB).
        var outgoing = new MemoryStream((int)unsigned.Length + 4096);
        signer.Sign(unsigned, outgoing);
        return outgoing;
    }

    private async Task<CentralAnswer> AttemptAsync(HttpContext context, RequestDelegate next, CentralRequest request, MemoryStream outgoing, int attempt, string ticket)
    {
        using var step = GatewayTelemetry.StartStep("central.forward")?.SetTag("central.attempt", attempt);
        var feature = new CentralCall(CentralRequestWriter.SoapAction(request), options.Value.MaxCentralResponseBytes);
        context.Features.Set(feature);
        outgoing.Position = 0;
        context.Request.Body = outgoing;
        context.Request.ContentLength = outgoing.Length;

        var started = Stopwatch.GetTimestamp();
        await next(context);

        // Nothing of YARP's response is sent: the OCMW gets an SSDN reply written by the exchange.
        context.Response.Clear();
        context.Response.Headers["X-KSZ-Ticket"] = ticket;
        var answer = CentralAnswer.Interpret(feature, context.GetForwarderErrorFeature(), verifier, options.Value.MaxCentralResponseBytes);
        telemetry.CentralDuration.Record(Stopwatch.GetElapsedTime(started).TotalMilliseconds, new KeyValuePair<string, object?>("outcome", answer.Failure?.ReasonCodeText ?? "answered"));
        if (answer.Failure is not null)
        {
            step?.SetStatus(ActivityStatusCode.Error, answer.Failure.ReasonCodeText);
        }

        return answer;
    }

    private void LogFailure(CentralAnswer answer, string ticket)
    {
        if (answer.Failure is not { } failure)
        {
            return;
        }

        if (answer.SignatureFailure is { } untrusted)
        {
            CentralLog.CentralAnswerNotTrusted(logger, ticket, failure.ReasonCodeText, untrusted.ToString(), answer.Explanation);
        }
        else
        {
            CentralLog.CentralFailed(logger, ticket, failure.ReasonCodeText, answer.StatusCode, answer.ForwarderError.ToString());
        }
    }
}
