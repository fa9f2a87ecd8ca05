using Microsoft.AspNetCore.Mvc;

namespace VrijwilligeOppas.Gateway.Management.Pages;

/// <summary>One message by its ticket: its records (forwarding and outcome), their timings and the Dutch diagnostic; no INSZ, no body.</summary>
public sealed class MessageModel : ConsolePageModel
{
    [BindProperty(SupportsGet = true)]
    public string Ticket { get; set; } = string.Empty;

    internal IReadOnlyList<ConsoleRecord> Records { get; private set; } = [];

    public string? Problem { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        var services = HttpContext.RequestServices;
        var (filter, problems) = new MessageFilter { Ticket = Ticket }.Validate(services.GetRequiredService<TimeProvider>().GetUtcNow());
        if (await AuditedAsync(services.GetRequiredService<ConsoleAudit>(), ConsoleAudit.Search, filter is null ? "invalid ticket" : "ticket=" + filter.Query.Ticket) is { } refused)
        {
            return refused;
        }

        if (filter?.Query.Ticket is null)
        {
            Problem = problems.Count > 0 ? problems[0] : "A ticket is required.";
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }

        Records = await services.GetRequiredService<ConsoleMessages>().TicketAsync(filter.Query.Ticket, services.GetRequiredService<TimeProvider>().GetUtcNow(), cancellationToken);
        if (Records.Count == 0)
        {
            Response.StatusCode = StatusCodes.Status404NotFound;
        }

        return Page();
    }
}
