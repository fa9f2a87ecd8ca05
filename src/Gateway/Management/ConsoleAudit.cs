using System.Globalization;
using VrijwilligeOppas.Audit;
using VrijwilligeOppas.Gateway.Audit;

namespace VrijwilligeOppas.Gateway.Management;

/// <summary>
/// Every console access is a record in the audit log (who looked up whom, when), appended and durable before the
/// page is shown: a console whose reading cannot be recorded shows nothing. The reader's national number (an eID)
/// and the INSZ searched for go into the encrypted part only; the plaintext says which page and which filters.
/// </summary>
internal sealed class ConsoleAudit(GatewayAudit audit, TimeProvider clock)
{
    public const string View = AuditQuery.ConsoleView;
    public const string Search = AuditQuery.ConsoleSearch;
    public const string PersonSearch = AuditQuery.ConsolePersonSearch;
    public const string Export = AuditQuery.ConsoleExport;

    public async Task RecordAsync(HttpContext context, ConsoleUser user, string operation, string? details, string? reference = null, IReadOnlyList<string>? subjects = null,
        string? ondernemingsnummer = null, int? dienst = null, int returnCode = 0)
    {
        var now = clock.GetUtcNow();
        await audit.Log.AppendAsync(new AuditEntry
        {
            Received = now,
            Answered = now,
            Ticket = Guid.CreateVersion7(now).ToString("N"),
            Operation = operation,
            Reference = reference,
            Ondernemingsnummer = ondernemingsnummer,
            Dienst = dienst,
            User = user.NationalNumber,
            Subjects = subjects ?? [],
            ReturnCode = returnCode,
            ReasonCode = null,
            CallerCertificate = user.AuditName,
            Details = details,
            CallerAddress = context.Connection.RemoteIpAddress?.ToString(),
        }, context.RequestAborted);
    }

    public static string Describe(string path, ConsoleRole role) => string.Create(CultureInfo.InvariantCulture, $"role={role} page={path}");
}
