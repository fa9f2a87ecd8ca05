namespace VrijwilligeOppas.Gateway.Ksz;

/// <summary>
/// The exchange's operator log. Only tickets, codes and counts: never an INSZ, never the OCMW's Reference (free
/// text that may hold one; the ticket finds it in the audit log), and never a schema message (it can quote the
/// offending value).
/// </summary>
internal static partial class KszExchangeLog
{
    [LoggerMessage(EventId = 1, EventName = "MessageAnswered", Level = LogLevel.Information,
        Message = "Ticket {Ticket}: {Operation} of {ItemCount} item(s) answered with ReturnCode {ReturnCode} in {ElapsedMs} ms")]
    public static partial void MessageAnswered(ILogger logger, string ticket, string operation, int itemCount, int returnCode, long elapsedMs);

    [LoggerMessage(EventId = 2, EventName = "MessageRefused", Level = LogLevel.Warning,
        Message = "Ticket {Ticket}: message refused by the gateway with {ReasonCode}")]
    public static partial void MessageRefused(ILogger logger, string ticket, string reasonCode);

    [LoggerMessage(EventId = 3, EventName = "NotSoap", Level = LogLevel.Warning,
        Message = "Ticket {Ticket}: answered with SOAP fault {FaultCode}: the request is not a SOAP 1.1 message")]
    public static partial void NotSoap(ILogger logger, string ticket, string faultCode);

    [LoggerMessage(EventId = 5, EventName = "CentralRefused", Level = LogLevel.Warning,
        Message = "Ticket {Ticket}: the central service refused the message with {ReasonCode}")]
    public static partial void CentralRefused(ILogger logger, string ticket, string reasonCode);

    [LoggerMessage(EventId = 6, EventName = "ExchangeFailed", Level = LogLevel.Error,
        Message = "Ticket {Ticket}: unexpected failure; answered GATEWAY_INTERNE_FOUT")]
    public static partial void ExchangeFailed(ILogger logger, string ticket, Exception exception);

    [LoggerMessage(EventId = 8, EventName = "CallerNotAuthenticated", Level = LogLevel.Warning,
        Message = "Ticket {Ticket}: caller at {RemoteAddress} not authenticated (client certificate {Thumbprint}, subject {Subject}); answered AANVRAGER_NIET_GEAUTHENTICEERD without reading the body")]
    public static partial void CallerNotAuthenticated(ILogger logger, string ticket, string? remoteAddress, string thumbprint, string? subject);

    /// <summary>The audit log has already logged the failure itself, with its exception, once per batch.</summary>
    [LoggerMessage(EventId = 9, EventName = "AuditFailed", Level = LogLevel.Critical,
        Message = "Ticket {Ticket}: the audit record could not be written ({Reason}); the reply (ReturnCode {ReturnCode}) was replaced by AUDIT_ONBESCHIKBAAR")]
    public static partial void AuditFailed(ILogger logger, string ticket, int returnCode, string reason);

    [LoggerMessage(EventId = 11, EventName = "ClientDisconnected", Level = LogLevel.Information,
        Message = "Ticket {Ticket}: the client closed the connection while {Step}: {Consequence}")]
    public static partial void ClientDisconnected(ILogger logger, string ticket, string step, string consequence);
}
