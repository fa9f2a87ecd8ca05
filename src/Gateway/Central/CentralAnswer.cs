using Yarp.ReverseProxy.Forwarder;
using VrijwilligeOppas.Mapping.Central;
using VrijwilligeOppas.Mapping.Diagnostics;
using VrijwilligeOppas.Mapping.Exchange;
using VrijwilligeOppas.Security;

namespace VrijwilligeOppas.Gateway.Central;

/// <summary>What came back from the central service: its verified answer, or the reason there is none that can be used.</summary>
internal sealed record CentralAnswer(CentralResponse? Response, Detail? Failure, SignatureFailure? SignatureFailure = null, string? Explanation = null)
{
    /// <summary>What the answer says about the message's fate at the central service, for the retry decision.</summary>
    public CentralOutcome Outcome { get; init; } = Response is CentralFault { SoaCode: SoaCodes.Unavailable } ? CentralOutcome.NotApplied : CentralOutcome.Final;

    /// <summary>For the operator log: the HTTP status the central side answered with, if any.</summary>
    public int? StatusCode { get; init; }

    public ForwarderError ForwarderError { get; init; }

    /// <summary>The client went away before another attempt could be made: the message's fate stays as this attempt left it.</summary>
    public bool ClientGone { get; init; }

    /// <summary>
    /// Verifies the signature before anything of the answer is read; the answer is then read from the same bytes,
    /// whose only Body is the Body verified. Bodies that are not SOAP at all (a proxy's error page) are judged by
    /// their HTTP status, as nothing in them could have been signed.
    /// </summary>
    public static CentralAnswer Interpret(CentralCall call, IForwarderErrorFeature? error, WsSecurityVerifier verifier, long maxBytes) =>
        Read(call, error, verifier, maxBytes) with { StatusCode = call.StatusCode, ForwarderError = error?.Error ?? ForwarderError.None };

    private static CentralAnswer Read(CentralCall call, IForwarderErrorFeature? error, WsSecurityVerifier verifier, long maxBytes)
    {
        if (call.ResponseBody is not { } bytes)
        {
            var reason = FailureReason(error, call.ResponseReadError);
            return new(null, Detail.Central(reason)) { Outcome = error?.Error == ForwarderError.NoAvailableDestinations ? CentralOutcome.Final : OutcomeOf(reason) };
        }

        SignatureCheck check;
        using (Telemetry.GatewayTelemetry.StartStep("central.verify"))
        {
            check = verifier.Verify(new MemoryStream(bytes), maxBytes);
        }

        if (check.Failure is { } failure and not Security.SignatureFailure.NotSoap)
        {
            return new(null, Detail.Central(failure switch
            {
                Security.SignatureFailure.UntrustedCertificate => ReasonCode.CentraleDienstCertificaatOnbekend,
                Security.SignatureFailure.Stale => ReasonCode.CentraleDienstAntwoordVerouderd,
                _ => ReasonCode.CentraleDienstHandtekeningOngeldig,
            }), failure, check.Explanation);
        }

        try
        {
            return check.IsValid
                ? new(CentralResponseReader.Read(new MemoryStream(bytes), maxBytes), null)
                : ByStatus(call.StatusCode);
        }
        catch (MalformedMessageException)
        {
            return ByStatus(call.StatusCode);
        }
    }

    /// <summary>
    /// A body that is not the central service's SOAP comes from whatever stands in front of it. Only 503 says the
    /// request was not taken on; a 500, 502 or 504 page may follow a request the service did apply.
    /// </summary>
    private static CentralAnswer ByStatus(int? statusCode)
    {
        var reason = statusCode switch
        {
            StatusCodes.Status503ServiceUnavailable => ReasonCode.CentraleDienstOnbeschikbaar,
            StatusCodes.Status504GatewayTimeout => ReasonCode.CentraleDienstTimeout,
            _ => ReasonCode.CentraleDienstAntwoordOngeldig,
        };
        return new(null, Detail.Central(reason)) { Outcome = OutcomeOf(reason) };
    }

    private static CentralOutcome OutcomeOf(ReasonCode reason) => reason switch
    {
        ReasonCode.CentraleDienstOnbereikbaar or ReasonCode.CentraleDienstOnbeschikbaar => CentralOutcome.NotApplied,
        ReasonCode.CentraleDienstTimeout or ReasonCode.CentraleDienstAntwoordOngeldig => CentralOutcome.MaybeApplied,
        _ => CentralOutcome.Final,
    };

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
}

/// <summary>What a failed attempt says about the message at the central service.</summary>
internal enum CentralOutcome
{
    /// <summary>An answer, or a failure that another attempt would not change (a refusal, a bad signature).</summary>
    Final,

    /// <summary>The service certainly did not apply it: no connection was made, or it said it was unavailable.</summary>
    NotApplied,

    /// <summary>The request may have been applied and the answer lost: a timeout, a reset, an unreadable answer.</summary>
    MaybeApplied,
}
