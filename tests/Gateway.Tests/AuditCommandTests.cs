using System.Diagnostics;
using System.Text.Json;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using VrijwilligeOppas.Gateway.Audit;

namespace VrijwilligeOppas.Gateway.Tests;

/// <summary>The operator's audit commands on a log the real gateway wrote.</summary>
public class AuditCommandTests
{
    [Fact]
    public async Task Verify_Search_Export_Purge()
    {
        using var gateway = new GatewayFactory();
        var sent = await gateway.PostAsync(KszMessages.Send(new KszMessages.P("a")));
        await gateway.PostAsync(KszMessages.Delete(["a"]));
        var since = GatewayFactory.DefaultNow.AddDays(-1).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        var until = GatewayFactory.DefaultNow.AddDays(1).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        var export = Path.Combine(gateway.DataDirectory, "export.jsonl");

        var (verify, verified) = await RunAsync(gateway, "verify");
        var (search, found) = await RunAsync(gateway, "search", ("insz", KszMessages.GebruikerInsz), ("from", since), ("to", until));
        var (exported, _) = await RunAsync(gateway, "export", ("from", since), ("to", until), ("out", export));
        var (tooYoung, refusal) = await RunAsync(gateway, "purge", ("before", "2020-01-01"));
        var (old, purged) = await RunAsync(gateway, "purge", ("before", "2016-01-01"));
        var (missing, usage) = await RunAsync(gateway, "search", ("insz", KszMessages.GebruikerInsz), ("from", since));

        Assert.Equal(0, verify);
        Assert.Contains("audit log intact", verified, StringComparison.Ordinal);
        Assert.Equal(0, search);
        Assert.Contains(sent.Ticket, found, StringComparison.Ordinal);
        Assert.Contains("2 record(s)", found, StringComparison.Ordinal); // the send before forwarding and after; the delete names no person
        Assert.Contains("\"Stage\":\"forwarding\",\"Outcome\":\"in the outcome record\"", found, StringComparison.Ordinal);
        Assert.Equal(0, exported);
        var lines = File.ReadAllLines(export);
        Assert.Equal(6, lines.Length); // the header, the send before forwarding and after, the delete, and the search's own record
        using var certificate = X509Certificate2.CreateFromPem(File.ReadAllText(export + ".crt.pem"));
        Assert.True(certificate.GetRSAPublicKey()!.VerifyData(File.ReadAllBytes(export), File.ReadAllBytes(export + ".sig"), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1));
        Assert.Equal(2, tooYoung);
        Assert.Contains("must be kept 10 years", refusal, StringComparison.Ordinal);
        Assert.Equal(0, old);
        Assert.Contains("0 record(s)", purged, StringComparison.Ordinal);
        Assert.Equal(2, missing);
        Assert.Equal("audit search: --to is required with --insz", usage.Trim());
    }

    [Fact]
    public async Task Search_EveryFilter_Pages_RefusesBadValues_AndRecordsItselfWithoutAnInszInClear()
    {
        using var gateway = new GatewayFactory();
        var sent = await gateway.PostAsync(KszMessages.Send([new KszMessages.P("a")], reference: "DOSSIER-7"));
        var consulted = await gateway.PostAsync(KszMessages.Consult());
        var deleted = await gateway.PostAsync(KszMessages.Delete(["a", "never-sent"]));
        var refused = await gateway.PostAsync(KszMessages.Send([new KszMessages.P("b")], erkenningsnummer: "321", reference: "' OR 1=1 --"));
        var store = gateway.Services.GetRequiredService<VrijwilligeOppas.Audit.IAuditStore>();
        var day = new VrijwilligeOppas.Audit.AuditQuery { From = GatewayFactory.DefaultNow.AddDays(-1), To = GatewayFactory.DefaultNow.AddDays(1), Ticket = deleted.Ticket };
        var itemReason = (await store.SearchAsync(day, CancellationToken.None)).Records.Single(r => r.Stage == VrijwilligeOppas.Audit.AuditStage.Outcome).ItemReasonCodes.Single();

        async Task<(int Code, List<string> Tickets, string Output)> SearchAsync(params (string, string)[] arguments)
        {
            var (code, output) = await RunAsync(gateway, "search", arguments);
            var tickets = output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Where(l => l.StartsWith('{')).Select(l => JsonDocument.Parse(l).RootElement.GetProperty("Ticket").GetString()!).ToList();
            return (code, tickets, output);
        }

        var exchanges = new[] { sent.Ticket, sent.Ticket, consulted.Ticket, consulted.Ticket, deleted.Ticket, deleted.Ticket, refused.Ticket };
        Assert.Equal([sent.Ticket, sent.Ticket, refused.Ticket], (await SearchAsync(("operation", "send"))).Tickets);
        Assert.Equal([deleted.Ticket, deleted.Ticket], (await SearchAsync(("operation", "delete"))).Tickets);
        Assert.Equal([sent.Ticket, sent.Ticket], (await SearchAsync(("ticket", sent.Ticket))).Tickets);
        Assert.Equal([sent.Ticket, sent.Ticket], (await SearchAsync(("reference", "DOSSIER-7"))).Tickets);
        Assert.Equal([refused.Ticket], (await SearchAsync(("reference", "' OR 1=1 --"))).Tickets); // a value, found as one
        Assert.Equal([consulted.Ticket, consulted.Ticket], (await SearchAsync(("operation", "consult"), ("ondernemingsnummer", KszMessages.Ocmw), ("erkenningsnummer", "123"))).Tickets);
        Assert.Equal([refused.Ticket], (await SearchAsync(("erkenningsnummer", "321"))).Tickets);
        Assert.Equal([refused.Ticket], (await SearchAsync(("return-code", "10000"), ("reason-code", "DIENST_ONBEKEND"))).Tickets);
        Assert.Equal([deleted.Ticket], (await SearchAsync(("reason-code", itemReason))).Tickets);
        Assert.Equal([deleted.Ticket], (await SearchAsync(("return-code", "1"), ("from", "2026-11-01"), ("to", "2026-12-01"))).Tickets);
        Assert.Empty((await SearchAsync(("ticket", sent.Ticket), ("from", "2027-01-01"), ("to", "2027-02-01"))).Tickets);

        // Paging: one record a page, each page's cursor to the next, every record of the exchanges exactly once.
        var paged = new List<string>();
        var arguments = new List<(string, string)> { ("limit", "1"), ("ondernemingsnummer", KszMessages.Ocmw) };
        for (var page = 0; page < 20; page++)
        {
            var (code, tickets, output) = await SearchAsync([.. arguments]);
            Assert.Equal(0, code);
            paged.AddRange(tickets);
            if (output.Split('\n').FirstOrDefault(l => l.StartsWith("more: repeat with --after ", StringComparison.Ordinal)) is not { } more)
            {
                break;
            }

            arguments = [("limit", "1"), ("ondernemingsnummer", KszMessages.Ocmw), ("after", more["more: repeat with --after ".Length..].Trim())];
        }

        Assert.Equal(exchanges, paged);

        // An operator's search shows no personal data; the INSZ search decrypts, and requires its period.
        var (_, _, facts) = await SearchAsync(("ticket", sent.Ticket));
        var (inszCode, inszTickets, decrypted) = await SearchAsync(("insz", KszMessages.GebruikerInsz), ("from", "2026-11-01"), ("to", "2026-12-01"), ("operation", "send"));
        Assert.DoesNotContain(KszMessages.GebruikerInsz, facts, StringComparison.Ordinal);
        Assert.DoesNotContain(KszMessages.StaffInsz, facts, StringComparison.Ordinal);
        Assert.DoesNotContain("DOSSIER-7", facts, StringComparison.Ordinal);
        Assert.Equal(0, inszCode);
        Assert.Equal([sent.Ticket, sent.Ticket, refused.Ticket], inszTickets);
        Assert.Contains(KszMessages.StaffInsz, decrypted, StringComparison.Ordinal);
        Assert.Contains("DOSSIER-7", decrypted, StringComparison.Ordinal);

        foreach (var (bad, message) in new (string, string)[][]
        {
            [("ticket", "' OR 1=1 --")], [("ondernemingsnummer", "0212344876' OR '1'='1")], [("operation", "send'; DROP TABLE audit_record; --")],
            [("reason-code", "x' OR 1=1")], [("return-code", "1 OR 1=1")], [("erkenningsnummer", "0")], [("limit", "501")], [("limit", "0")], [("limit", "ten")],
            [("after", "' OR 1=1 --")], [("from", "yesterday")], [("from", "2026-12-01"), ("to", "2026-11-01")], [("insz", "12345678901"), ("from", "2026-11-01"), ("to", "2026-12-01")],
            [("insz", KszMessages.GebruikerInsz)], [("refrence", "DOSSIER-7")], [("ticket", "")],
        }.Zip(new[]
        {
            "--ticket must be", "--ondernemingsnummer must be 10 digits", "--operation must be one of", "--reason-code must be", "--return-code must be a whole number",
            "--erkenningsnummer must be a positive number", "--limit must be between 1 and 500", "--limit must be between 1 and 500", "--limit must be a whole number",
            "--after must be the cursor a previous page returned", "--from must be a date", "--from must be before --to", "--insz must be an INSZ",
            "--from is required with --insz", "unknown option --refrence", "--ticket needs a value",
        }))
        {
            var (code, output) = await RunAsync(gateway, "search", bad);
            Assert.True(code == 2, $"{message}: exit {code}: {output}");
            Assert.Contains(message, output, StringComparison.Ordinal);
            Assert.Single(output.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        }

        // Every search that ran is in the commands chain: who, which filters, how many; the INSZ only encrypted.
        var (searchesCode, _, searches) = await SearchAsync(("operation", "audit-search"), ("limit", "500"), ("operator", "auditor-1"));
        var records = searches.Split('\n').Where(l => l.StartsWith('{')).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        var (_, inszSearches, _) = await SearchAsync(("insz", KszMessages.GebruikerInsz), ("from", "2026-11-01"), ("to", "2026-12-01"), ("operation", "audit-search"));
        var (verified, report) = await RunAsync(gateway, "verify");
        SqliteConnection.ClearAllPools();
        var database = string.Concat(Directory.GetFiles(Path.Combine(gateway.DataDirectory, "audit"), "audit.db*").Where(f => !f.EndsWith(".lock", StringComparison.Ordinal)).Select(f => System.Text.Encoding.Latin1.GetString(File.ReadAllBytes(f))));

        Assert.Equal(0, searchesCode);
        Assert.Equal(20, records.Count); // the searches above that ran (seven of them pages); the refused ones ran nothing
        Assert.All(records, r => Assert.StartsWith(GatewayFactory.DefaultNow.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), r.GetProperty("Received").GetString(), StringComparison.Ordinal));
        Assert.Contains(records, r => r.GetProperty("Details").GetString()!.Contains($"\"ticket\":\"{sent.Ticket}\"", StringComparison.Ordinal));
        Assert.Contains(records, r => r.GetProperty("Details").GetString()!.Contains("\"command\":\"search --insz\"", StringComparison.Ordinal) && r.GetProperty("Details").GetString()!.Contains("\"insz\":\"(encrypted in this record)\"", StringComparison.Ordinal));
        Assert.Contains(records, r => r.GetProperty("Details").GetString()!.Contains("\"reference\":\"(encrypted in this record)\"", StringComparison.Ordinal));
        Assert.All(records, r => Assert.Contains($"@{Environment.MachineName}", r.GetProperty("Details").GetString(), StringComparison.Ordinal));
        Assert.Single(inszSearches); // the INSZ search above is found by the INSZ it searched for
        Assert.DoesNotContain(KszMessages.GebruikerInsz, database, StringComparison.Ordinal);
        Assert.DoesNotContain("DOSSIER-7", database, StringComparison.Ordinal);
        Assert.True(verified == 0, report);
        Assert.Contains("/commands: records 1..", report, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ConcurrentSearches_AreEachRecordedOnce_InOneIntactCommandsChain()
    {
        using var gateway = new GatewayFactory();
        var sent = await gateway.PostAsync(KszMessages.Send(new KszMessages.P("a")));

        var results = await Task.WhenAll(Enumerable.Range(0, 4).Select(i => RunAsync(gateway, "search", ("ticket", sent.Ticket), ("operator", $"operator-{i}"))));
        var (listed, listing) = await RunAsync(gateway, "search", ("operation", "audit-search"));
        var (verified, report) = await RunAsync(gateway, "verify");

        Assert.All(results, r => Assert.True(r.ExitCode == 0, r.Output));
        Assert.Equal(0, listed);
        Assert.All(Enumerable.Range(0, 4), i => Assert.Contains($"operator-{i}@", listing, StringComparison.Ordinal));
        Assert.Contains("4 record(s)", listing, StringComparison.Ordinal);
        Assert.True(verified == 0, report);
        Assert.Contains("/commands: records 1..5 (5)", report, StringComparison.Ordinal); // the four, and the listing
    }

    [Fact]
    public async Task Help_OfAuditAndOfEachCommand_ExitsZero_ListsTheCommandsAndOptions_AndNeedsNoSetting()
    {
        var nowhere = Path.Combine(Path.GetTempPath(), "vo-help-" + Guid.NewGuid().ToString("N"));
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Gateway:DataDirectory"] = nowhere, ["Audit:AppendTimeout"] = "banana" }).Build();

        var (audit, commands) = await ParseAndRunAsync(configuration, TimeProvider.System, "audit", "--help");
        var (search, searchOptions) = await ParseAndRunAsync(configuration, TimeProvider.System, "audit", "search", "--help");
        var (export, exportOptions) = await ParseAndRunAsync(configuration, TimeProvider.System, "audit", "export", "-h");
        var (purge, purgeOptions) = await ParseAndRunAsync(configuration, TimeProvider.System, "audit", "purge", "--help");
        var (verify, verifyHelp) = await ParseAndRunAsync(configuration, TimeProvider.System, "audit", "verify", "--help");

        Assert.Equal([0, 0, 0, 0, 0], new[] { audit, search, export, purge, verify });
        Assert.Contains("audit [command] [options]", commands, StringComparison.Ordinal);
        Assert.All(new[] { "verify", "search", "export", "purge", "Exit code 0 on success, 1 when verification finds a problem, 2 on bad usage" }, c => Assert.Contains(c, commands, StringComparison.Ordinal));
        Assert.All(new[] { "--insz", "--from", "--to", "--ticket", "--reference", "--ondernemingsnummer", "--erkenningsnummer", "--operation", "--return-code", "--reason-code", "--after", "--limit", "--operator" },
            o => Assert.Contains($"  {o} <", searchOptions, StringComparison.Ordinal));
        Assert.Contains("audit search [options]", searchOptions, StringComparison.Ordinal);
        Assert.All(new[] { "--from <yyyy-MM-dd> (REQUIRED)", "--to <yyyy-MM-dd> (REQUIRED)", "--out <out> (REQUIRED)" }, o => Assert.Contains(o, exportOptions, StringComparison.Ordinal));
        Assert.Contains("--before <yyyy-MM-dd> (REQUIRED)", purgeOptions, StringComparison.Ordinal);
        Assert.Contains("audit verify [options]", verifyHelp, StringComparison.Ordinal);
        Assert.False(Directory.Exists(nowhere)); // no setting read, no store opened
    }

    [Fact]
    public async Task BadUsage_IsOneLineNamingTheCommandAndTheOption_ExitTwo_BeforeAnySettingIsRead()
    {
        var nowhere = Path.Combine(Path.GetTempPath(), "vo-usage-" + Guid.NewGuid().ToString("N"));
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Gateway:DataDirectory"] = nowhere }).Build();

        foreach (var (args, message) in new (string[], string)[]
        {
            (["audit"], "audit: Required command was not provided"),
            (["audit", "verfy"], "audit: unknown audit command 'verfy' (see audit --help)"),
            (["audit", "verify", "--insz", KszMessages.GebruikerInsz], "audit verify: unknown option --insz"),
            (["audit", "verify", "now"], "audit verify: unexpected argument 'now'"),
            (["audit", "search", "--ticket"], "audit search: Required argument missing for option: '--ticket'"),
            (["audit", "search", "--limit", "1", "--limit", "2"], "audit search: Option '--limit' expects a single argument but 2 were provided"),
            (["audit", "search", "--limit", "-1"], "audit search: --limit must be between 1 and 500"),
            (["audit", "search", "--limit", "2147483648"], "audit search: --limit must be a whole number"),
            (["audit", "search", "--erkenningsnummer", "12x"], "audit search: --erkenningsnummer must be a whole number"),
            (["audit", "search", "--return-code", "@/etc/passwd"], "audit search: --return-code must be a whole number"), // a value, not a response file
            (["audit", "search", "--to", "2026-02-30"], "audit search: --to must be a date (yyyy-MM-dd) or an instant"),
            (["audit", "search", "--operator", new string('o', 101)], "audit search: --operator must be at most 100 characters"),
            (["audit", "search", "--operator", "eve\nforged line"], "audit search: --operator must be at most 100 characters, without control characters"),
            (["audit", "search", "--reference", new string('r', 257)], "audit search: --reference must be at most 256 characters"),
            (["audit", "search", "--insz", KszMessages.GebruikerInsz, "--to", "2026-12-01"], "audit search: --from is required with --insz"),
            (["audit", "export", "--from", "2026-01-01", "--to", "2026-02-01"], "audit export: Option '--out' is required"),
            (["audit", "export", "--from", "2026-13-01", "--to", "2026-02-01", "--out", "x"], "audit export: --from must be a date (yyyy-MM-dd) or an instant"),
            (["audit", "export", "--from", "2026-01-01", "--to", "2026-02-01", "--out", ""], "audit export: --out needs a value"),
            (["audit", "purge"], "audit purge: Option '--before' is required"),
            (["audit", "purge", "--before", "ten years ago"], "audit purge: --before must be a date (yyyy-MM-dd) or an instant"),
            (["audit", "purge", "--before", "2010-01-01", "--force"], "audit purge: unknown option --force"),
        })
        {
            var (code, output) = await ParseAndRunAsync(configuration, TimeProvider.System, args);

            Assert.True(code == 2, $"{string.Join(' ', args)}: exit {code}: {output}");
            Assert.StartsWith(message, output, StringComparison.Ordinal);
            Assert.Single(output.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        }

        Assert.False(Directory.Exists(nowhere));
    }

    [Fact]
    public async Task TheExecutable_PrintsItsHelp_AndRefusesBadUsage_WithNoSettingAtAll()
    {
        var nothing = new Dictionary<string, string>();

        var (help, usage) = await AuditExecutable.RunAsync(nothing, "--help");
        var (searchHelp, searchUsage) = await AuditExecutable.RunAsync(nothing, "search", "--help");
        var (bare, refusal) = await AuditExecutable.RunAsync(nothing);
        var (bad, badLimit) = await AuditExecutable.RunAsync(nothing, "search", "--limit", "0");

        Assert.True(help == 0, usage);
        Assert.Contains("audit [command] [options]", usage, StringComparison.Ordinal);
        Assert.True(searchHelp == 0, searchUsage);
        Assert.Contains("--insz <insz>", searchUsage, StringComparison.Ordinal);
        Assert.Equal(2, bare); // "audit" alone is a command line without its command, not a gateway to start
        Assert.Equal("audit: Required command was not provided.", refusal.Trim());
        Assert.Equal(2, bad);
        Assert.Equal("audit search: --limit must be between 1 and 500", badLimit.Trim());
    }

    [Fact]
    public async Task TheExecutable_VerifiesTheLog_AndExitsOneWhenItWasChanged()
    {
        string dataDirectory;
        using (var gateway = new GatewayFactory())
        {
            await gateway.PostAsync(KszMessages.Send(new KszMessages.P("a")));
            await gateway.PostAsync(KszMessages.Send(new KszMessages.P("b")));
            dataDirectory = gateway.DataDirectory + "-kept";
            CopyDirectory(gateway.DataDirectory, dataDirectory);
        }

        var (intact, report) = await RunExecutableAsync(dataDirectory);
        SqliteConnection.ClearAllPools();
        await using (var connection = new SqliteConnection($"Data Source={Path.Combine(dataDirectory, "audit", "audit.db")};Pooling=false"))
        {
            await connection.OpenAsync();
            await using var command = new SqliteCommand("UPDATE audit_record SET return_code = 1 WHERE seq = 1", connection);
            await command.ExecuteNonQueryAsync();
        }

        var (broken, brokenReport) = await RunExecutableAsync(dataDirectory);

        Assert.True(intact == 0, report);
        Assert.Equal(1, broken);
        Assert.Contains("record 1 was changed after it was written", brokenReport, StringComparison.Ordinal);
        Directory.Delete(dataDirectory, recursive: true);
    }

    [Fact]
    public async Task TheCommands_NeedOnlyTheAuditSettings_AndAMissingOrBadOneIsOneLineAndExitTwo()
    {
        string dataDirectory;
        using (var gateway = new GatewayFactory())
        {
            await gateway.PostAsync(KszMessages.Send(new KszMessages.P("a")));
            dataDirectory = gateway.DataDirectory + "-alone";
            CopyDirectory(gateway.DataDirectory, dataDirectory);
        }

        // Production, with no callers, no central service, no Trust section: only what the audit needs.
        var keys = JsonDocument.Parse(File.ReadAllText(Path.Combine(dataDirectory, "audit", "sandbox-keys.json"))).RootElement;
        var audit = new Dictionary<string, string>
        {
            ["Gateway__Mode"] = "Production",
            ["Gateway__DataDirectory"] = dataDirectory,
            ["Audit__CheckpointCertificatePaths__0"] = Path.Combine(dataDirectory, "certificates", "gateway.crt.pem"),
            ["Audit__CurrentKeyId"] = keys.GetProperty("KeyId").GetString()!,
            [$"Audit__EncryptionKeys__{keys.GetProperty("KeyId").GetString()}"] = keys.GetProperty("Key").GetString()!,
            ["Audit__IndexKey"] = keys.GetProperty("IndexKey").GetString()!,
        };
        var (verified, report) = await AuditExecutable.RunAsync(audit, "verify");
        var (searched, found) = await AuditExecutable.RunAsync(audit, "search", "--insz", KszMessages.GebruikerInsz, "--from", "2026-11-01", "--to", "2026-12-01");

        Assert.True(verified == 0, report);
        Assert.Contains("audit log intact", report, StringComparison.Ordinal);
        Assert.True(searched == 0, found);
        Assert.Contains("2 record(s)", found, StringComparison.Ordinal);

        foreach (var (change, command, message) in new (Action<Dictionary<string, string>>, string, string)[]
        {
            (e => e.Remove("Audit__CheckpointCertificatePaths__0"), "verify", "Audit:CheckpointCertificatePaths lists no certificate"),
            (e => e["Audit__CheckpointCertificatePaths__0"] = "/nonexistent/gateway.crt.pem", "verify", "Cannot load certificate '/nonexistent/gateway.crt.pem'"),
            (e => e["Audit__AppendTimeout"] = "banana", "verify", "AppendTimeout"),
            (e => e["Audit__Store"] = "PostgreSql", "verify", "Audit:ConnectionString is required"),
            (e => e["Gateway__DataDirectory"] = dataDirectory + "-missing", "verify", "there is no audit database"),
            (e => e.Remove("Audit__IndexKey"), "search", "Audit:IndexKey is required"),
            (e => { }, "export", "Trust:SigningCertificatePath is required: export signs"),
        })
        {
            var environment = new Dictionary<string, string>(audit);
            change(environment);
            var arguments = command switch
            {
                "search" => new[] { command, "--insz", KszMessages.GebruikerInsz, "--from", "2026-11-01", "--to", "2026-12-01" },
                "export" => [command, "--from", "2026-11-01", "--to", "2026-12-01", "--out", Path.Combine(dataDirectory, "x.jsonl")],
                _ => [command],
            };

            var (exitCode, output) = await AuditExecutable.RunAsync(environment, arguments);

            Assert.True(exitCode == 2, $"{message}: exit {exitCode}: {output}");
            Assert.Contains(message, output, StringComparison.Ordinal);
            Assert.Single(output.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        }

        SqliteConnection.ClearAllPools();
        Directory.Delete(dataDirectory, recursive: true);
    }

    [OpenSslFact]
    public async Task CheckpointsAndExports_AreTimestampedAndWitnessed_VerifyChecksThem_AndOpenSslVerifiesTheExport()
    {
        await using var tsa = await TsaServer.StartAsync();
        var witness = Directory.CreateTempSubdirectory("vo-witness-").FullName;
        var settings = new Dictionary<string, string?>
        {
            ["Audit:TimestampAuthorityUrl"] = tsa.Address.ToString(),
            ["Audit:TimestampAuthorityCertificatePath"] = tsa.Tsa.CaPath,
            ["Audit:WitnessDirectory"] = witness,
        };
        string dataDirectory;
        using (var gateway = new GatewayFactory(settings: settings))
        {
            await gateway.PostAsync(KszMessages.Send(new KszMessages.P("a")));
            dataDirectory = gateway.DataDirectory + "-stamped";
            await gateway.Services.GetRequiredService<GatewayAudit>().CheckpointAsync(CancellationToken.None);
            CopyDirectory(gateway.DataDirectory, dataDirectory);
        }

        settings["Gateway:DataDirectory"] = dataDirectory;
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var export = Path.Combine(dataDirectory, "export.jsonl");
        var (verified, report) = await RunAsync(configuration, "verify");
        var (exported, _) = await RunAsync(configuration, "export", ("from", "2026-11-01"), ("to", "2026-12-01"), ("out", export));
        var (openSsl, openSslSays) = await OpenSslTsa.RunAsync("ts", "-verify", "-token_in", "-in", export + ".tsr", "-data", export, "-CAfile", tsa.Tsa.CaPath);
        File.AppendAllText(export, "{\"forged\":true}\n");
        var (tampered, _) = await OpenSslTsa.RunAsync("ts", "-verify", "-token_in", "-in", export + ".tsr", "-data", export, "-CAfile", tsa.Tsa.CaPath);

        Assert.True(verified == 0, report);
        Assert.Contains("last checkpoint 2, witnessed up to 2: intact", report, StringComparison.Ordinal);
        Assert.DoesNotContain("warning", report, StringComparison.Ordinal); // the checkpoint has its timestamp and is in the witness
        Assert.Equal(0, exported);
        Assert.True(openSsl == 0, openSslSays);
        Assert.Contains("Verification: OK", openSslSays, StringComparison.Ordinal);
        Assert.NotEqual(0, tampered);
        Assert.Equal(2, tsa.Requests); // the checkpoint and the export
        SqliteConnection.ClearAllPools();
        Directory.Delete(dataDirectory, recursive: true);
        Directory.Delete(witness, recursive: true);
    }

    [Fact]
    public async Task Purge_RemovesTheOldHeadOfTheChain_LeavesASignedMarker_AndTheLogStillVerifies()
    {
        var witness = Directory.CreateTempSubdirectory("vo-witness-").FullName;
        var settings = new Dictionary<string, string?> { ["Audit:WitnessDirectory"] = witness };
        var old = new DateTimeOffset(2015, 6, 1, 10, 0, 0, TimeSpan.FromHours(2));
        using var gateway = new GatewayFactory(now: old, settings: settings);
        await gateway.PostAsync(KszMessages.Consult());
        await gateway.PostAsync(KszMessages.Consult());
        ((Microsoft.Extensions.Time.Testing.FakeTimeProvider)gateway.Clock).SetUtcNow(GatewayFactory.DefaultNow);
        await gateway.PostAsync(KszMessages.Consult());
        await gateway.Services.GetRequiredService<GatewayAudit>().CheckpointAsync(CancellationToken.None);

        var (purge, purged) = await RunAsync(gateway, "purge", ("before", "2016-01-01"));
        var (verify, verified) = await RunAsync(gateway, "verify");

        Assert.True(purge == 0, purged);
        Assert.Contains("purged up to record 4, signed purge marker left", purged, StringComparison.Ordinal);
        Assert.Contains("4 record(s) received before 2016-01-01 removed", purged, StringComparison.Ordinal);
        Assert.True(verify == 0, verified);
        Assert.Contains("records 5..6 (2), purged up to 4, last checkpoint 6, witnessed up to 6: intact", verified, StringComparison.Ordinal);
        Assert.Contains("\"kind\":\"purge\"", string.Concat(Directory.GetFiles(witness).Select(File.ReadAllText)), StringComparison.Ordinal);
        Directory.Delete(witness, recursive: true);
    }

    private static Task<(int ExitCode, string Output)> RunAsync(IConfiguration configuration, string command, params (string Name, string Value)[] arguments) =>
        ParseAndRunAsync(configuration, TimeProvider.System, ["audit", command, .. arguments.SelectMany(a => new[] { "--" + a.Name, a.Value })]);

    private static Task<(int ExitCode, string Output)> RunAsync(GatewayFactory gateway, string command, params (string Name, string Value)[] arguments) =>
        ParseAndRunAsync(gateway.Services.GetRequiredService<IConfiguration>(), gateway.Clock, ["audit", command, .. arguments.SelectMany(a => new[] { "--" + a.Name, a.Value })]);

    /// <summary>The command line as the process gets it, through the same parser.</summary>
    private static async Task<(int ExitCode, string Output)> ParseAndRunAsync(IConfiguration configuration, TimeProvider clock, params string[] args)
    {
        using var output = new StringWriter();
        var code = await AuditCommand.RunAsync(args, configuration, clock, output, CancellationToken.None);
        return (code, output.ToString());
    }

    private static Task<(int ExitCode, string Output)> RunExecutableAsync(string dataDirectory) =>
        AuditExecutable.RunAsync(new Dictionary<string, string> { ["Gateway__DataDirectory"] = dataDirectory }, "verify");

    private static void CopyDirectory(string from, string to)
    {
        // The running gateway's instance claim is an flock'ed file that cannot be opened beside it, and is no part of the log.
        foreach (var file in Directory.GetFiles(from, "*", SearchOption.AllDirectories).Where(f => !f.EndsWith(".lock", StringComparison.Ordinal)))
        {
            var target = Path.Combine(to, Path.GetRelativePath(from, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }
}
