using Yarp.ReverseProxy.Forwarder;
using VrijwilligeOppas.Mapping.Central;
using VrijwilligeOppas.Mapping.Diagnostics;
using VrijwilligeOppas.Mapping.Exchange;
using VrijwilligeOppas.Security;

namespace VrijwilligeOppas.Gateway.Central;

/// <summary>What came back from the central service: its verified answer, or the reason there is none that can be used.</summary>
internal sealed record CentralAnswer(CentralResponse? Response, Detail? Failure, SignatureFailure? SignatureFailure = null, string? Explanation = null)
{
    /// <summary>
    /// Verifies the signature before anything of the answer is read; the answer read is the DOM that was verified,
    /// so the Body used is the Body signed. Bodies that are not SOAP at all (a proxy's error page) are judged by
    /// their HTTP status, as nothing in them could have been signed.
    /// </summary>
    public static CentralAnswer Interpret(CentralExchangeFeature feature, IForwarderErrorFeature? error, WsSecurityVerifier verifier, long maxCharacters)
    {
        if (feature.ResponseBody is not { } bytes)
        {
            return new(null, Detail.Central(FailureReason(error, feature.ResponseReadError)));
        }

        SignatureCheck check;
        using (Telemetry.GatewayTelemetry.StartStep("central.verify"))
        {
            check = verifier.Verify(new MemoryStream(bytes), maxCharacters);
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
            return check.Document is { } document
                ? new(CentralResponseReader.Read(document), null)
                : new(null, Detail.Central(ByStatus(feature.StatusCode)));
        }
        catch (MalformedMessageException)
        {
            return new(null, Detail.Central(ByStatus(feature.StatusCode)));
        }
    }

    private static ReasonCode ByStatus(int? statusCode) => statusCode switch
    {
        StatusCodes.Status502BadGateway or StatusCodes.Status503ServiceUnavailable or StatusCodes.Status504GatewayTimeout => ReasonCode.CentraleDienstOnbeschikbaar,
        >= 500 => ReasonCode.CentraleDienstFout,
        _ => ReasonCode.CentraleDienstAntwoordOngeldig,
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
