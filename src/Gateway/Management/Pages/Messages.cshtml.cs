using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace VrijwilligeOppas.Gateway.Management.Pages;

/// <summary>The message list: the audit records that match the filters, a page at a time, without any INSZ.</summary>
public sealed class MessagesModel : ConsolePageModel
{
    [BindProperty(SupportsGet = true)]
    public MessageFilter Filter { get; set; } = new();

    public IReadOnlyList<string> Problems { get; private set; } = [];

    internal IReadOnlyList<ConsoleRecord> Records { get; private set; } = [];

    public string? Next { get; private set; }

    public bool Searched { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        var services = HttpContext.RequestServices;
        var messages = services.GetRequiredService<ConsoleMessages>();
        var pageSize = services.GetRequiredService<IOptions<ManagementOptions>>().Value.PageSize;
        var (filter, problems) = Filter.Validate(services.GetRequiredService<TimeProvider>().GetUtcNow());
        if (filter is not null && messages.Problem(filter, pageSize) is { } refusedByStore)
        {
            (filter, problems) = (null, [refusedByStore]);
        }

        Problems = problems;
        if (await AuditedAsync(services.GetRequiredService<ConsoleAudit>(), ConsoleAudit.Search, filter?.Describe() ?? "invalid filter",
            reference: filter?.Reference, ondernemingsnummer: filter?.Query.Ondernemingsnummer, dienst: filter?.Query.Erkenningsnummer) is { } refused)
        {
            return refused;
        }

        if (filter is null)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }

        Searched = true;
        (Records, Next) = await messages.ListAsync(filter, pageSize, cancellationToken);
        return Page();
    }
}
