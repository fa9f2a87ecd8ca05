using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using VrijwilligeOppas.Audit;

namespace VrijwilligeOppas.Gateway.Management.Pages;

/// <summary>A console page: its reader, and the audit record of every access made before anything is shown.</summary>
public abstract class ConsolePageModel : PageModel
{
    internal ConsoleUser Reader => HttpContext.Features.Get<ConsoleUser>() ?? throw new InvalidOperationException("The console gate did not run.");

    /// <summary>Records the access; false (and a 503 result) when the audit log cannot take it: then nothing is shown.</summary>
    internal async Task<IActionResult?> AuditedAsync(ConsoleAudit audit, string operation, string? details, string? reference = null,
        IReadOnlyList<string>? subjects = null, string? ondernemingsnummer = null, int? dienst = null)
    {
        try
        {
            await audit.RecordAsync(HttpContext, Reader, operation, ConsoleAudit.Describe(Request.Path, Reader.Role) + (details is null ? string.Empty : " " + details),
                reference, subjects, ondernemingsnummer, dienst);
            return null;
        }
        catch (AuditUnavailableException)
        {
            return new ContentResult
            {
                StatusCode = StatusCodes.Status503ServiceUnavailable,
                ContentType = "text/plain; charset=utf-8",
                Content = "The audit log does not take records now: the console shows nothing it cannot record having shown.",
            };
        }
    }
}
