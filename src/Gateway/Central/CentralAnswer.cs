using Yarp.ReverseProxy.Forwarder;
using VrijwilligeOppas.Mapping.Central;
using VrijwilligeOppas.Mapping.Diagnostics;
using VrijwilligeOppas.Mapping.Exchange;

namespace VrijwilligeOppas.Gateway.Central;

/// <summary>Turns what came back from the forwarder into the central service's answer, or the reason there is none.</summary>
internal static class CentralAnswer
{
    public static (CentralResponse? Response, Detail? Failure) Interpret(CentralExchangeFeature feature, IForwarderErrorFeature? error, long maxCharacters)
    {
        if (feature.ResponseBody is not { } bytes)
        {
            return (null, Detail.Central(FailureReason(error, feature.ResponseReadError)));
        }

        try
        {
            return (CentralResponseReader.Read(new MemoryStream(bytes), maxCharacters), null);
        }
        catch (MalformedMessageException)
        {
            return (null, Detail.Central(feature.StatusCode switch
            {
                StatusCodes.Status502BadGateway or StatusCodes.Status503ServiceUnavailable or StatusCodes.Status504GatewayTimeout => ReasonCode.CentraleDienstOnbeschikbaar,
                >= 500 => ReasonCode.CentraleDienstFout,
                _ => ReasonCode.CentraleDienstAntwoordOngeldig,
            }));
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
}
