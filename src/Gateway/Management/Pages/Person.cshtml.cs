using Microsoft.AspNetCore.Mvc;
using VrijwilligeOppas.Mapping.Identifiers;

namespace VrijwilligeOppas.Gateway.Management.Pages;

/// <summary>
/// The security consultant's question (draaiboek §1.5): who consulted or changed what about one person, and when;
/// and the signed export for the committee. The INSZ travels in a posted form, never in a URL, and is recorded
/// only in the encrypted part of this access's own audit record.
/// </summary>
public sealed class PersonModel : ConsolePageModel
{
    private const int Limit = 500;

    [BindProperty]
    public string? Insz { get; set; }

    [BindProperty]
    public string? From { get; set; }

    [BindProperty]
    public string? To { get; set; }

    public IReadOnlyList<string> Problems { get; private set; } = [];

    internal IReadOnlyList<PersonRecord> Records { get; private set; } = [];

    public bool Searched { get; private set; }

    public async Task<IActionResult> OnGetAsync()
    {
        if (!Reader.MaySearchPersons)
        {
            return await RefuseAsync();
        }

        return await AuditedAsync(HttpContext.RequestServices.GetRequiredService<ConsoleAudit>(), ConsoleAudit.View, null) ?? Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        if (!Reader.MaySearchPersons)
        {
            return await RefuseAsync();
        }

        var services = HttpContext.RequestServices;
        var (insz, from, to) = Validate(services.GetRequiredService<TimeProvider>().GetUtcNow());
        if (await AuditedAsync(services.GetRequiredService<ConsoleAudit>(), ConsoleAudit.PersonSearch, insz is null ? "invalid search" : $"from={from:O} to={to:O}",
            subjects: insz is null ? null : [insz]) is { } refused)
        {
            return refused;
        }

        if (insz is null)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }

        Searched = true;
        Records = await services.GetRequiredService<ConsoleMessages>().PersonAsync(insz, from, to, Limit, cancellationToken);
        return Page();
    }

    /// <summary>The signed export of every record naming the person in the period: a zip of the JSON lines, the signature and the certificate.</summary>
    public async Task<IActionResult> OnPostExportAsync(CancellationToken cancellationToken)
    {
        if (!Reader.MaySearchPersons)
        {
            return await RefuseAsync();
        }

        var services = HttpContext.RequestServices;
        var (insz, from, to) = Validate(services.GetRequiredService<TimeProvider>().GetUtcNow());
        if (await AuditedAsync(services.GetRequiredService<ConsoleAudit>(), ConsoleAudit.Export, insz is null ? "invalid export" : $"from={from:O} to={to:O}",
            subjects: insz is null ? null : [insz]) is { } refused)
        {
            return refused;
        }

        if (insz is null)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }

        var (zip, _) = await services.GetRequiredService<ConsoleExport>().CreateAsync(insz, from, to, cancellationToken);
        return File(zip, "application/zip", $"vo-audit-export-{from:yyyyMMdd}-{to:yyyyMMdd}.zip");
    }

    private (string? Insz, DateTimeOffset From, DateTimeOffset To) Validate(DateTimeOffset now)
    {
        var problems = new List<string>();
        var insz = Insz?.Replace(".", string.Empty, StringComparison.Ordinal).Replace("-", string.Empty, StringComparison.Ordinal).Replace(" ", string.Empty, StringComparison.Ordinal);
        if (!VrijwilligeOppas.Mapping.Identifiers.Insz.TryParse(insz, out _))
        {
            problems.Add("INSZ: 11 digits with correct check digits (dots, dashes and spaces are ignored).");
        }

        var (filter, dateProblems) = new MessageFilter { From = string.IsNullOrWhiteSpace(From) ? now.AddYears(-1).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture) : From, To = To }.Validate(now);
        problems.AddRange(dateProblems);
        Problems = problems;
        return problems.Count > 0 || filter is null ? (null, default, default) : (insz, filter.Query.From, filter.Query.To);
    }

    private async Task<IActionResult> RefuseAsync()
    {
        // The refusal is an access too: who tried is recorded, about nobody.
        var refused = await AuditedAsync(HttpContext.RequestServices.GetRequiredService<ConsoleAudit>(), ConsoleAudit.PersonSearch, "refused: role " + Reader.Role + " may not search persons");
        return refused ?? new ContentResult
        {
            StatusCode = StatusCodes.Status403Forbidden,
            ContentType = "text/plain; charset=utf-8",
            Content = $"Only the security consultant may search by INSZ or export (your role: {Reader.Role}). Zoeken op INSZ is voorbehouden aan de veiligheidsconsulent.",
        };
    }
}
