using Microsoft.Playwright;
using VrijwilligeOppas.Audit;
using Microsoft.Extensions.DependencyInjection;

namespace VrijwilligeOppas.Gateway.Tests.Console;

/// <summary>
/// The console as its three kinds of readers use it, in Debian's chromium driven by Playwright (pointed at the
/// system browser: nothing is downloaded). Without chromium these tests fail; they never skip. Set
/// <c>VO_SCREENSHOTS_DIR=docs/img</c> to refresh the screenshots in docs/operations.md.
/// </summary>
public sealed class ConsoleBrowserTests(ConsoleGateway console) : IClassFixture<ConsoleGateway>, IAsyncLifetime
{
    private const string Chromium = "/usr/bin/chromium";

    private IPlaywright _playwright = null!;
    private IBrowser _browser = null!;

    [Fact]
    public async Task WithoutACertificate_TheConsoleRefusesAndSaysWhy()
    {
        var page = await PageAsync(null);

        var response = await page.GotoAsync(console.Management.ToString() + "console");

        Assert.Equal(403, response!.Status);
        Assert.Contains("Geen clientcertificaat", await page.InnerTextAsync("body"), StringComparison.Ordinal);
        await ScreenshotAsync(page, "console-refused");
    }

    [Fact]
    public async Task AStrangersCertificate_AndAForgedEid_AreRefused()
    {
        foreach (var who in new[] { "stranger", "forged" })
        {
            var page = await PageAsync(who);
            var response = await page.GotoAsync(console.Management.ToString() + "console");

            Assert.Equal(403, response!.Status);
            Assert.Contains("geen rol", await page.InnerTextAsync("body"), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Operator_SeesTheCentralOutageAndTheOpenCircuit()
    {
        var page = await PageAsync("operator");

        var response = await page.GotoAsync(console.Management.ToString() + "console");

        Assert.Equal(200, response!.Status);
        Assert.StartsWith("DOWN", await page.InnerTextAsync("#central-state"), StringComparison.Ordinal);
        Assert.Contains("OPEN", await page.InnerTextAsync("#circuit-state"), StringComparison.Ordinal);
        Assert.Contains("of 16 slots", await page.InnerTextAsync("#in-progress"), StringComparison.Ordinal);
        Assert.Contains("taking records", await page.InnerTextAsync("#audit-state"), StringComparison.Ordinal);
        Assert.Contains("Olga Operator", await page.InnerTextAsync("#reader"), StringComparison.Ordinal);
        Assert.Equal(0, await page.Locator("#sandbox-banner").CountAsync());
        Assert.Equal(0, await page.Locator("a[href='/console/person']").CountAsync());
        await ScreenshotAsync(page, "console-status");
    }

    [Fact]
    public async Task Helpdesk_FindsTheRefusedMessageByItsReference_WithTheDutchDiagnostic_AndTheMarkupShownAsText()
    {
        var page = await PageAsync("helpdesk");
        var dialogs = 0;
        page.Dialog += (_, dialog) => { dialogs++; _ = dialog.DismissAsync(); };
        await page.GotoAsync(console.Management.ToString() + "console/messages");

        await page.FillAsync("input[name='Filter.Reference']", ConsoleGateway.HostileReference);
        await page.ClickAsync("button[type=submit]");

        var rows = page.Locator("#records tr");
        Assert.Equal(2, await rows.CountAsync()); // the header and the one message
        Assert.Equal(ConsoleGateway.HostileReference, await page.InnerTextAsync("#records td.reference"));
        Assert.Contains("ONDERNEMINGSNUMMER_ONGELDIG", await page.InnerTextAsync("#records"), StringComparison.Ordinal);
        Assert.Contains("Het ondernemingsnummer is ongeldig", await page.InnerTextAsync("#records td.diagnostic"), StringComparison.Ordinal);
        Assert.Equal(0, await page.Locator("main b, main script").CountAsync());
        await ScreenshotAsync(page, "console-messages");

        await page.ClickAsync("#records a");

        Assert.Contains(console.Refused.Ticket, page.Url, StringComparison.Ordinal);
        Assert.Equal("refused", await page.InnerTextAsync("#outcome"));
        Assert.Contains("Het ondernemingsnummer is ongeldig", await page.InnerTextAsync("#diagnostic"), StringComparison.Ordinal);
        Assert.Equal(ConsoleGateway.HostileReference, await page.InnerTextAsync("#message td.reference"));
        Assert.Equal(0, await page.Locator("main b, main script").CountAsync());
        Assert.DoesNotContain(KszMessages.StaffInsz, await page.ContentAsync(), StringComparison.Ordinal);
        Assert.DoesNotContain(KszMessages.GebruikerInsz, await page.ContentAsync(), StringComparison.Ordinal);
        Assert.Equal(0, dialogs);
        await ScreenshotAsync(page, "console-message");
    }

    [Fact]
    public async Task Helpdesk_WrongFilterValues_AreNamed_AndNothingIsSearched()
    {
        var page = await PageAsync("helpdesk");

        var response = await page.GotoAsync(console.Management.ToString()
            + "console/messages?Filter.Ondernemingsnummer=12'%20OR%201=1--&Filter.From=gisteren&Filter.ReturnCode=7&Filter.After=%3Cscript%3E&Filter.Operation=drop");

        Assert.Equal(400, response!.Status);
        var problems = await page.InnerTextAsync("#problems");
        foreach (var named in new[] { "Ondernemingsnummer: 10 digits", "From: a date", "ReturnCode: 0, 1, 10000", "paging key", "Operation: one of" })
        {
            Assert.Contains(named, problems, StringComparison.Ordinal);
        }

        Assert.Equal(0, await page.Locator("#records").CountAsync());
    }

    [Fact]
    public async Task InszSearch_IsRefusedToTheOperator_AndTheHelpdesk()
    {
        foreach (var who in new[] { "operator", "helpdesk" })
        {
            var page = await PageAsync(who);
            var response = await page.GotoAsync(console.Management.ToString() + "console/person");

            Assert.Equal(403, response!.Status);
            Assert.Contains("Only the security consultant", await page.InnerTextAsync("body"), StringComparison.Ordinal);
        }

        // The attempts are on record, by whom, about nobody.
        var store = console.Gateway.Services.GetRequiredService<IAuditStore>();
        var attempts = new List<AuditRecord>();
        await foreach (var record in store.ReadAsync(DateTimeOffset.UtcNow.AddHours(-1), DateTimeOffset.UtcNow.AddHours(1), null, CancellationToken.None))
        {
            if (record.Operation == "console.insz-search" && record.Details?.Contains("refused", StringComparison.Ordinal) == true)
            {
                attempts.Add(record);
            }
        }

        Assert.Contains(attempts, r => r.CallerCertificate!.StartsWith("console:Olga Operator", StringComparison.Ordinal) && r.SubjectIndexes.Count == 0);
        Assert.Contains(attempts, r => r.CallerCertificate!.StartsWith("console:Hans Helpdesk", StringComparison.Ordinal) && r.SubjectIndexes.Count == 0);
    }

    [Fact]
    public async Task Consultant_FindsWhoDidWhatAboutOnePerson_AndTheSearchIsItselfAudited()
    {
        var page = await PageAsync("consultant");
        await page.GotoAsync(console.Management.ToString() + "console/person");
        Assert.Contains("Clara Consultant", await page.InnerTextAsync("#reader"), StringComparison.Ordinal);

        await page.FillAsync("input[name=Insz]", KszMessages.StaffInsz);
        await page.ClickAsync("#search");

        Assert.DoesNotContain("Insz", page.Url, StringComparison.OrdinalIgnoreCase);
        var found = await page.InnerTextAsync("#person-records");
        Assert.Contains("user (staff member)", found, StringComparison.Ordinal);
        Assert.Contains("send", found, StringComparison.Ordinal);

        // The search just made is itself on record, about this person, by the consultant: a second search shows it.
        await page.FillAsync("input[name=Insz]", KszMessages.StaffInsz);
        await page.ClickAsync("#search");
        var again = await page.InnerTextAsync("#person-records");
        Assert.Contains("console.insz-search", again, StringComparison.Ordinal);
        Assert.Contains("Clara Consultant", again, StringComparison.Ordinal);
        await ScreenshotAsync(page, "console-person");

        // And in the audit log itself: the searched INSZ and the consultant's national number only encrypted.
        var store = console.Gateway.Services.GetRequiredService<IAuditStore>();
        var keys = console.Gateway.Services.GetRequiredService<AuditKeys>();
        var mine = new List<AuditRecord>();
        await foreach (var record in store.ReadAsync(DateTimeOffset.UtcNow.AddHours(-1), DateTimeOffset.UtcNow.AddHours(1), keys.BlindIndex(KszMessages.StaffInsz), CancellationToken.None))
        {
            if (record.Operation == "console.insz-search")
            {
                mine.Add(record);
            }
        }

        Assert.True(mine.Count >= 2);
        Assert.All(mine, record =>
        {
            var personal = keys.Unprotect(record.KeyId, record.Personal, AuditRecord.AssociatedData(record.Instance, record.Sequence, record.Ticket));
            Assert.Equal(ConsoleCertificates.ConsultantNationalNumber, personal.User);
            Assert.Equal([KszMessages.StaffInsz], personal.Subjects);
            Assert.DoesNotContain(KszMessages.StaffInsz, record.CallerCertificate ?? string.Empty, StringComparison.Ordinal);
            Assert.DoesNotContain(ConsoleCertificates.ConsultantNationalNumber, record.CallerCertificate ?? string.Empty, StringComparison.Ordinal);
        });
    }

    [Fact]
    public async Task Consultant_DownloadsASignedExport_ThatVerifiesWithTheGatewaysCertificate()
    {
        var page = await PageAsync("consultant");
        await page.GotoAsync(console.Management.ToString() + "console/person");
        await page.FillAsync("input[name=Insz]", KszMessages.GebruikerInsz);

        var download = await page.RunAndWaitForDownloadAsync(() => page.ClickAsync("#export"));
        var path = await download.PathAsync();

        using var zip = System.IO.Compression.ZipFile.OpenRead(path);
        byte[] Read(string name)
        {
            using var stream = zip.GetEntry(name)!.Open();
            using var copy = new MemoryStream();
            stream.CopyTo(copy);
            return copy.ToArray();
        }

        var lines = Read("export.jsonl");
        using var certificate = System.Security.Cryptography.X509Certificates.X509Certificate2.CreateFromPem(System.Text.Encoding.ASCII.GetString(Read("export.jsonl.crt.pem")));
        using var key = System.Security.Cryptography.X509Certificates.RSACertificateExtensions.GetRSAPublicKey(certificate)!;
        Assert.True(key.VerifyData(lines, Read("export.jsonl.sig"), System.Security.Cryptography.HashAlgorithmName.SHA256, System.Security.Cryptography.RSASignaturePadding.Pkcs1));
        Assert.Contains(KszMessages.GebruikerInsz, System.Text.Encoding.UTF8.GetString(lines), StringComparison.Ordinal);
    }

    public async Task InitializeAsync()
    {
        Assert.True(File.Exists(Chromium), $"{Chromium} is missing: install Debian's chromium (apt-get install chromium); the console's browser tests need it.");
        _playwright = await Playwright.CreateAsync();
        _browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Chromium,
            Headless = true,
            Args = Environment.UserName == "root" ? ["--no-sandbox"] : [],
        });
    }

    public async Task DisposeAsync()
    {
        if (_browser is not null)
        {
            await _browser.DisposeAsync();
        }

        _playwright?.Dispose();
    }

    private async Task<IPage> PageAsync(string? who)
    {
        var origin = console.Management.GetLeftPart(UriPartial.Authority);
        var context = await _browser.NewContextAsync(new BrowserNewContextOptions
        {
            IgnoreHTTPSErrors = true, // the management listener's test certificate is self-signed
            AcceptDownloads = true,
            ClientCertificates = who is null ? [] : [new ClientCertificate { Origin = origin, CertPath = console.Certificates.CertificatePath(who), KeyPath = console.Certificates.KeyPath(who) }],
        });
        return await context.NewPageAsync();
    }

    private static async Task ScreenshotAsync(IPage page, string name)
    {
        var folder = Environment.GetEnvironmentVariable("VO_SCREENSHOTS_DIR") is { Length: > 0 } dir
            ? Path.GetFullPath(dir, RepoPaths.Root)
            : Path.Combine(Path.GetTempPath(), "vo-console-screenshots");
        Directory.CreateDirectory(folder);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(folder, name + ".png"), FullPage = true });
    }
}
