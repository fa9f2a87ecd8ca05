using System.Xml;
using System.Xml.Linq;
using System.Xml.Schema;
using VrijwilligeOppas.Mapping.Central;
using VrijwilligeOppas.Mapping.Contracts;
using VrijwilligeOppas.Mapping.Ksz;
using VrijwilligeOppas.Xml;

namespace VrijwilligeOppas.Gateway.Tests.Hostile;

/// <summary>
/// The validation on the hot path gives the same valid or invalid verdict as the JDK's validator and libxml2's, both
/// reading the published contract in <c>xsd/</c>, on every fixed message the project has: the samples, the fuzz
/// corpus, and the KSZ test messages with their edge cases (the 10 000-prestatie ceiling among them). For a KSZ request
/// the hot path is the gateway's own reader (<see cref="KszMessageReader"/>: System.Xml's validator with the rules
/// that make up for where it departs from XSD 1.0, such as a pattern that lets a final line feed through), and a
/// connector message is valid when its envelope and the SSDN text inside are; for an eHealth message it is the reader both
/// sides of that contract use (<see cref="EHealthXml.CreateReader"/>, which makes up for the same leniency); a KSZ reply,
/// which the gateway writes, is held to System.Xml's validator with <see cref="SafeXml.MessageSettings"/>. The mutated messages of
/// <see cref="InboundPropertyTests"/> are held to the same through the HTTP pipeline.
/// </summary>
public sealed class ValidatorAgreementTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("vo-agreement-").FullName;

    [ReferenceValidatorsFact]
    public void EveryFixedMessage_GetsTheSameVerdictFromTheGatewayAndBothReferenceValidators()
    {
        var ksz = KszDocuments().ToList();
        var eHealth = EHealthDocuments().ToList();
        var kszContract = ReferenceValidators.WriteContractSchema(_folder);
        var eHealthContract = ReferenceValidators.WriteEHealthContractSchema(_folder);
        var kszFiles = ksz.SelectMany(d => d.Inner is null ? [d.File] : new[] { d.File, d.Inner }).ToList();
        var (java, libxml) = (ReferenceValidators.Java(kszContract, kszFiles), ReferenceValidators.Xmllint(kszContract, kszFiles));
        var (eHealthJava, eHealthLibxml) = (ReferenceValidators.Java(eHealthContract, eHealth), ReferenceValidators.Xmllint(eHealthContract, eHealth));

        var disagreements = new List<string>();
        var kszVerdicts = new List<string?>();
        foreach (var document in ksz)
        {
            // A reply is what the gateway writes, held to the schemas by System.Xml in every test; a request goes through its reader.
            var ours = Path.GetFileName(document.File).Contains("-reply", StringComparison.Ordinal)
                ? SchemaVerdict(document.File, ContractSchemas.Ksz) ?? (document.Inner is { } inner ? SchemaVerdict(inner, ContractSchemas.Ksz) : null)
                : KszVerdict(document.File);
            if (ours is "MustUnderstand")
            {
                // A header the gateway does not understand, marked mustUnderstand: a SOAP processing rule, applied to
                // a document the schemas allow. Both references must find it valid, or the exception hides a verdict.
                Assert.Null(Combined(document, java, libxml));
                continue;
            }

            kszVerdicts.Add(ours);
            disagreements.AddRange(Compare(document.File, ours, Combined(document, java, libxml)));
        }

        foreach (var file in eHealth)
        {
            disagreements.AddRange(Compare(file, EHealthVerdict(file), Reference(file, eHealthJava, eHealthLibxml)));
        }

        Assert.True(disagreements.Count == 0, $"{disagreements.Count} of {ksz.Count + eHealth.Count} messages got different verdicts (files in {_folder}):\n{string.Join('\n', disagreements)}");

        // Both verdicts must occur for the comparison to say anything, and the ceiling must sit where the contract puts it.
        Assert.True(kszVerdicts.Count(v => v is null) >= 10 && kszVerdicts.Count(v => v is not null) >= 15, "the messages should include valid ones and many the contract refuses");
        Assert.Null(KszVerdict(Path.Combine(_folder, "send-10000.xml")));
        Assert.NotNull(KszVerdict(Path.Combine(_folder, "send-10001.xml")));
        Assert.All(eHealth.Where(f => f.StartsWith(RepoPaths.Root, StringComparison.Ordinal)), f => Assert.Null(EHealthVerdict(f)));
        Assert.All(eHealth.Where(f => f.EndsWith("-line-feed.xml", StringComparison.Ordinal)), f => Assert.NotNull(EHealthVerdict(f)));
        Directory.Delete(_folder, recursive: true);
    }

    public void Dispose()
    {
        if (Directory.Exists(_folder) && Directory.GetFiles(_folder).Length == 0)
        {
            Directory.Delete(_folder);
        }
    }

    private static IEnumerable<string> Compare(string file, string? ours, string? theirs)
    {
        if ((ours is null) != (theirs is null))
        {
            yield return $"{Path.GetFileName(file)}: the gateway {ours ?? "valid"} | the references {theirs ?? "valid"}";
        }
    }

    /// <summary>Both references' verdict on a message, its connector text included: null when both find it all valid.</summary>
    private static string? Combined((string File, string? Inner) document, IReadOnlyDictionary<string, string?> java, IReadOnlyDictionary<string, string?> libxml) =>
        Reference(document.File, java, libxml) ?? (document.Inner is { } inner ? Reference(inner, java, libxml) : null);

    /// <summary>Null when both find the file valid; each must, or each must not, or that is a disagreement of its own.</summary>
    private static string? Reference(string file, IReadOnlyDictionary<string, string?> java, IReadOnlyDictionary<string, string?> libxml)
    {
        var (javaError, libxmlError) = (java.GetValueOrDefault(file, "no verdict"), libxml.GetValueOrDefault(file, "no verdict"));
        if (ReferenceValidators.IsLibxmlIntegerWhitespaceBug(libxmlError, javaError, file))
        {
            libxmlError = null;
        }

        Assert.True((javaError is null) == (libxmlError is null), $"{Path.GetFileName(file)}: the JDK says {javaError ?? "valid"}, libxml2 {libxmlError ?? "valid"}");
        return javaError is null ? null : "JDK: " + javaError;
    }

    /// <summary>The gateway's reader: null when it reads a message, else its refusal's ReasonCode or its fault's code.</summary>
    private static string? KszVerdict(string file)
    {
        using var input = File.OpenRead(file);
        var result = new KszMessageReader(64 * 1024 * 1024).Read(input);
        return result.Fault?.Code ?? (result.Refusal is { } refusal ? $"{refusal.ReasonCodeText}: {string.Join("; ", refusal.Information.Select(i => i.FieldValue))}" : null);
    }

    /// <summary>The reader both sides of the eHealth contract read with (<see cref="EHealthXml.CreateReader"/>), to the end.</summary>
    private static string? EHealthVerdict(string file)
    {
        try
        {
            using var input = File.OpenRead(file);
            using var reader = EHealthXml.CreateReader(input, 64 * 1024 * 1024);
            while (reader.Read())
            {
            }

            return null;
        }
        catch (Exception ex) when (ex is MalformedMessageException or XmlException)
        {
            return ex.Message;
        }
    }

    /// <summary>The eHealth samples, and values System.Xml's patterns would let through with a final line feed.</summary>
    private IEnumerable<string> EHealthDocuments()
    {
        var samples = Directory.GetFiles(RepoPaths.Combine("samples", "ehealth"), "*.xml").Order(StringComparer.Ordinal).ToList();
        var send = File.ReadAllText(RepoPaths.Combine("samples", "ehealth", "send-response.xml"));
        var fault = File.ReadAllText(RepoPaths.Combine("samples", "ehealth", "fault-response.xml"));
        var variants = new Dictionary<string, string>
        {
            ["prestatie-id-attribute-line-feed.xml"] = send.Replace("PrestatieId=\"A-2026-000123\"", "PrestatieId=\"A-2026-000123&#10;\"", StringComparison.Ordinal),
            ["soa-code-line-feed.xml"] = fault.Replace("<soa:Code>SOA-02001</soa:Code>", "<soa:Code>SOA-02001&#10;</soa:Code>", StringComparison.Ordinal),
            ["soa-code-carriage-return.xml"] = fault.Replace("<soa:Code>SOA-02001</soa:Code>", "<soa:Code>SOA-02001&#13;</soa:Code>", StringComparison.Ordinal),
            ["prestatie-id-attribute-tab.xml"] = send.Replace("PrestatieId=\"A-2026-000123\"", "PrestatieId=\"A-2026-000123&#9;\"", StringComparison.Ordinal),
        };
        foreach (var (name, text) in variants)
        {
            Assert.NotEqual(send, text);
            Assert.NotEqual(fault, text);
            File.WriteAllText(Path.Combine(_folder, name), text);
        }

        return samples.Concat(variants.Keys.Select(name => Path.Combine(_folder, name)));
    }

    /// <summary>
    /// System.Xml's validating read as the gateway sets it up — the declaration guard and
    /// <see cref="SafeXml.MessageSettings"/> — null when valid, else the first error.
    /// </summary>
    private static string? SchemaVerdict(string file, XmlSchemaSet schemas)
    {
        string? error = null;
        var settings = SafeXml.MessageSettings(schemas, 64 * 1024 * 1024);
        settings.ValidationEventHandler += (_, e) => error ??= e.Message;
        try
        {
            using var input = File.OpenRead(file);
            using var stream = SafeXml.GuardDeclaration(input);
            using var reader = XmlReader.Create(stream, settings);
            while (reader.Read())
            {
            }
        }
        catch (XmlException ex)
        {
            error ??= ex.Message;
        }

        return error;
    }

    /// <summary>The KSZ samples and fuzz corpus, the test messages with their edge cases, and each connector's SSDN text.</summary>
    private IEnumerable<(string File, string? Inner)> KszDocuments()
    {
        var fixedFiles = Directory.GetFiles(RepoPaths.Combine("samples", "ksz"), "*.xml")
            .Where(f => !Path.GetFileName(f).StartsWith("testconnection-", StringComparison.Ordinal))
            .Concat(Directory.GetFiles(RepoPaths.Combine("tests", "Mapping.Tests", "FuzzCorpus"), "*.xml", SearchOption.AllDirectories))
            .Order(StringComparer.Ordinal);

        var ok = new KszMessages.P();
        var built = new Dictionary<string, string>
        {
            ["send-1.xml"] = KszMessages.Send(ok),
            ["send-10000.xml"] = KszMessages.Send(Enumerable.Range(1, 10_000).Select(i => ok with { Id = "P-" + i })),
            ["send-10001.xml"] = KszMessages.Send(Enumerable.Range(1, 10_001).Select(i => ok with { Id = "P-" + i })),
            ["send-connector.xml"] = KszMessages.AsConnector(KszMessages.Send(ok)),
            ["delete.xml"] = KszMessages.Delete(["P-1", "P-2"]),
            ["consult.xml"] = KszMessages.Consult(),
            ["consult-filtered.xml"] = KszMessages.Consult(gebruiker: KszMessages.GebruikerInsz),
            ["insz-ten-digits.xml"] = KszMessages.Send(ok with { Gebruiker = "4801014564" }),
            ["insz-letters.xml"] = KszMessages.Send(ok with { Vrijwilliger = "7902151233x" }),
            ["insz-trailing-line-feed.xml"] = KszMessages.Send(ok with { Gebruiker = KszMessages.GebruikerInsz + "\n" }),
            ["date-february-30.xml"] = KszMessages.Send(ok with { Datum = "2026-02-30" }),
            ["date-with-zone.xml"] = KszMessages.Send(ok with { Datum = "2026-10-24Z" }),
            ["time-25h.xml"] = KszMessages.Send(ok with { Begin = "25:00:00" }),
            ["nis-four-digits.xml"] = KszMessages.Send(ok with { Nis = "4402" }),
            ["id-empty.xml"] = KszMessages.Send(ok with { Id = "" }),
            ["id-long.xml"] = KszMessages.Send(ok with { Id = new string('x', 200) }),
            ["ondernemingsnummer-nine-digits.xml"] = KszMessages.Send([ok], ondernemingsnummer: "021234487"),
            ["erkenningsnummer-letters.xml"] = KszMessages.Send([ok], erkenningsnummer: "12a"),
            ["no-prestatie.xml"] = KszMessages.Send([]),
            ["service-id-unknown.xml"] = KszMessages.Send([ok], serviceId: "OCMWCPASVrijwilligeOppasUpload"),
            ["matrix-id-empty.xml"] = KszMessages.Send([ok], matrixId: ""),
            ["consult-period-reversed.xml"] = KszMessages.Consult(start: "2026-11-30", end: "2026-10-01"),

            // Every pattern-typed field with a final line feed, which System.Xml's patterns let through.
            ["lf-user-id.xml"] = KszMessages.Send([ok], userId: KszMessages.StaffInsz + "\n"),
            ["lf-email.xml"] = KszMessages.Send(ok).Replace("ocmw-gent.be</ssdn:Email>", "ocmw-gent.be\n</ssdn:Email>", StringComparison.Ordinal),
            ["lf-time-request.xml"] = KszMessages.Send(ok).Replace("20261122T101500</", "20261122T101500\n</", StringComparison.Ordinal),
            ["lf-ondernemingsnummer.xml"] = KszMessages.Send([ok], ondernemingsnummer: KszMessages.Ocmw + "\n"),
            ["lf-org-unit.xml"] = KszMessages.Send([ok], orgUnit: KszMessages.Ocmw + "\n"),
            ["lf-prestatie-id.xml"] = KszMessages.Send(ok with { Id = "P-1\n" }),
            ["lf-nis.xml"] = KszMessages.Send(ok with { Nis = "44021\n" }),
            ["lf-begin.xml"] = KszMessages.Send(ok with { Begin = "22:00:00\n" }),
            ["lf-delete-id.xml"] = KszMessages.Delete(["P-1\n"]),
            ["lf-start-date.xml"] = KszMessages.Consult(start: "2026-10-01\n"),
            ["lf-sleutel.xml"] = KszMessages.Consult(sleutel: "abc\n"),
            ["lf-consult-insz.xml"] = KszMessages.Consult(vrijwilliger: KszMessages.VrijwilligerInsz + "\n"),
        };

        foreach (var (name, text) in built)
        {
            File.WriteAllText(Path.Combine(_folder, name), text);
        }

        foreach (var file in fixedFiles.Concat(built.Keys.Select(name => Path.Combine(_folder, name))).ToList())
        {
            if (ConnectorText(file) is { } inner)
            {
                var innerFile = Path.Combine(_folder, Path.GetFileNameWithoutExtension(file) + ".inner.xml");
                File.WriteAllText(innerFile, inner);
                yield return (file, innerFile);
            }
            else
            {
                yield return (file, null);
            }
        }
    }

    private static string? ConnectorText(string file)
    {
        try
        {
            using var input = File.OpenRead(file);
            using var stream = SafeXml.GuardDeclaration(input);
            return XDocument.Load(stream).Descendants(XName.Get("xmlString", Ns.Bcss)).SingleOrDefault()?.Value;
        }
        catch (XmlException)
        {
            return null;
        }
    }
}
