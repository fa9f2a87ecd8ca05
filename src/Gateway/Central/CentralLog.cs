namespace VrijwilligeOppas.Gateway.Central;

/// <summary>The central side's operator log: tickets, codes and counts only (see KszExchangeLog).</summary>
internal static partial class CentralLog
{
    [LoggerMessage(EventId = 4, EventName = "CentralFailed", Level = LogLevel.Error,
        Message = "Ticket {Ticket}: the central service could not be used ({ReasonCode}, HTTP {StatusCode}, forwarder {ForwarderError})")]
    public static partial void CentralFailed(ILogger logger, string ticket, string reasonCode, int? statusCode, string forwarderError);

    [LoggerMessage(EventId = 7, EventName = "CentralAnswerNotTrusted", Level = LogLevel.Error,
        Message = "Ticket {Ticket}: the central service's answer was not used ({ReasonCode}): WS-Security check {SignatureFailure}: {Explanation}")]
    public static partial void CentralAnswerNotTrusted(ILogger logger, string ticket, string reasonCode, string signatureFailure, string? explanation);

    [LoggerMessage(EventId = 10, EventName = "CentralRetrying", Level = LogLevel.Warning,
        Message = "Ticket {Ticket}: attempt {Attempt} at the central service failed ({Reason}, {Outcome}); trying again in {DelayMs} ms")]
    public static partial void CentralRetrying(ILogger logger, string ticket, int attempt, string reason, string outcome, long delayMs);
}
