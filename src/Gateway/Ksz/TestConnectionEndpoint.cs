using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Options;
using VrijwilligeOppas.Audit;
using VrijwilligeOppas.Gateway.Audit;
using VrijwilligeOppas.Gateway.Callers;
using VrijwilligeOppas.Gateway.Configuration;
using VrijwilligeOppas.Gateway.Contracts;
using VrijwilligeOppas.Mapping.Diagnostics;
using VrijwilligeOppas.Mapping.Ksz;

namespace VrijwilligeOppas.Gateway.Ksz;

/// <summary>
/// <c>POST /ksz/TestConnectionService</c>: KSZ's connection test, which CPAS software calls before it sends. It
/// answers the echo and, in <c>sslCertificate</c>, how this gateway sees the caller's certificate — the answer to "is my
/// certificate set up right?" — so it never refuses an unknown certificate. It forwards nothing, and is audited.
/// </summary>
internal static class TestConnectionEndpoint
{
    public const string Path = "/ksz/TestConnectionService";

    public static WebApplication MapTestConnectionService(this WebApplication app)
    {
        app.MapPost(Path, AnswerAsync);
        app.MapWsdl(Path, "ksz/TestConnectionService.wsdl", "https://bcssksz-services-test.smals.be:443/SOA4520/TestConnectionServiceService/sendTestMessage");
        return app;
    }

    private static async Task AnswerAsync(
        HttpContext context,
        CallerDirectory callers,
        IOptions<GatewayOptions> options,
        GatewayAudit audit,
        TimeProvider clock,
        ILoggerFactory loggers)
    {
        var logger = loggers.CreateLogger(typeof(TestConnectionEndpoint).FullName!);
        var ticket = Ticket.New(clock);
        var received = clock.GetUtcNow();
        context.Response.Headers["X-KSZ-Ticket"] = ticket;
        var certificate = context.Connection.ClientCertificate;
        var recognition = callers.Recognise(certificate);
        var entry = new AuditEntry
        {
            Received = received,
            Answered = received,
            Ticket = ticket,
            Operation = "testconnection",
            Ondernemingsnummer = recognition.Caller?.Value,
            ReturnCode = ReturnCodes.Ok,
            CallerCertificate = certificate is null ? null : $"{certificate.GetCertHashString(HashAlgorithmName.SHA256)} {certificate.Subject}",
            CallerAddress = context.Connection.RemoteIpAddress?.ToString(),
        };

        MemoryStream? body;
        ReasonCode? tooLargeOrSlow;
        try
        {
            (body, tooLargeOrSlow) = await RequestBody.ReadAsync(context.Request, options.Value.MaxRequestBytes, options.Value.RequestBodyTimeout, clock, context.RequestAborted);
        }
        catch (ClientDisconnectedException)
        {
            // An ordinary event: one line, and the call is still on record.
            KszExchangeLog.ClientDisconnected(logger, ticket, "its test message was read", "nothing was answered");
            await AppendAsync(audit, entry with { Answered = clock.GetUtcNow(), ReturnCode = ReturnCodes.Error, ReasonCode = AuditEntries.ClientDisconnected }, logger);
            return;
        }

        await using var _ = body;
        var (echo, fault) = tooLargeOrSlow is { } refusal
            ? (null, SoapFault.Client($"The request was refused before it was read ({refusal})."))
            : TestConnection.Read(body!, options.Value.MaxRequestBytes);
        entry = entry with { Answered = clock.GetUtcNow(), ReturnCode = fault is null ? ReturnCodes.Ok : ReturnCodes.Error, ReasonCode = fault is null ? null : "SOAP_FAULT_" + fault.Code.ToUpperInvariant() };

        if (!await AppendAsync(audit, entry, logger))
        {
            // Not audited, not answered as if all were well: every message would be refused now too.
            fault = new SoapFault("Server", "The gateway's audit log is unavailable; no message can be accepted now.");
        }

        using var output = new MemoryStream();
        if (fault is not null)
        {
            KszExchangeLog.NotSoap(logger, ticket, fault.Code);
            KszReplyWriter.WriteFault(fault, output);
        }
        else
        {
            TestConnection.WriteResponse(output, echo!, Describe(certificate, recognition, options.Value.CallerAuthentication), ticket, received, clock.GetUtcNow());
        }

        context.Response.StatusCode = fault is null ? StatusCodes.Status200OK : StatusCodes.Status500InternalServerError;
        context.Response.ContentType = "text/xml; charset=utf-8";
        context.Response.ContentLength = output.Length;
        await context.Response.Body.WriteAsync(output.GetBuffer().AsMemory(0, (int)output.Length), context.RequestAborted);
    }

    private static async Task<bool> AppendAsync(GatewayAudit audit, AuditEntry entry, ILogger logger)
    {
        try
        {
            await audit.Log.AppendAsync(entry, CancellationToken.None);
            return true;
        }
        catch (AuditUnavailableException ex)
        {
            KszExchangeLog.AuditFailed(logger, entry.Ticket, ReturnCodes.Error, ex.Message);
            return false;
        }
    }

    /// <summary><c>subject=…; thumbprint=…; ondernemingsnummer=…</c>, or <c>…; refused=reason</c>, as the spec fixes it.</summary>
    private static string Describe(X509Certificate2? certificate, CallerRecognition recognition, CallerAuthentication mode)
    {
        var parts = new List<string>(4);
        if (certificate is not null)
        {
            parts.Add("subject=" + certificate.Subject);
            parts.Add("thumbprint=" + certificate.GetCertHashString(HashAlgorithmName.SHA256));
        }

        if (recognition.Caller is { } caller)
        {
            parts.Add("ondernemingsnummer=" + caller.Value);
        }
        else
        {
            parts.Add("refused=" + recognition.Refused);
        }

        if (mode != CallerAuthentication.ClientCertificate)
        {
            parts.Add("note=caller authentication is off (sandbox): each message's OrgUnit is taken as its sender");
        }

        return string.Join("; ", parts);
    }
}
