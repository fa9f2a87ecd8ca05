using System.Xml;
using VrijwilligeOppas.Fuzz.Inbound;
using VrijwilligeOppas.Mapping.Diagnostics;

namespace VrijwilligeOppas.Mapping.Tests.Fuzz;

/// <summary>
/// Replays every file of the fuzz corpus (FuzzCorpus/seeds, FuzzCorpus/regressions: each crash afl-fuzz found) and
/// the sample requests through the harness afl-fuzz runs (fuzz/Inbound): no exception leaves the inbound path, a
/// refusal names a precise reason, an answer is valid XML. fuzz/run.sh adds new crashes to the corpus.
/// </summary>
public class FuzzCorpusReplayTests
{
    private static readonly string Corpus = RepoPaths.Combine("tests", "Mapping.Tests", "FuzzCorpus");

    public static TheoryData<string> Inputs()
    {
        var files = Directory.EnumerateFiles(Corpus, "*", SearchOption.AllDirectories)
            .Concat(Directory.EnumerateFiles(RepoPaths.Combine("samples", "ksz"), "*request*.xml"))
            .Where(f => !f.EndsWith(".md", StringComparison.Ordinal))
            .Select(f => Path.GetRelativePath(RepoPaths.Root, f))
            .Order(StringComparer.Ordinal);
        return [.. files];
    }

    [Theory]
    [MemberData(nameof(Inputs))]
    public void Replay_HoldsEveryInvariant(string file)
    {
        var outcome = InboundHarness.Run(File.ReadAllBytes(Path.Combine(RepoPaths.Root, file)));

        switch (outcome.Kind)
        {
            case InboundKind.Refused:
                Assert.Contains(outcome.Code, Enum.GetValues<ReasonCode>().Select(ReasonCatalog.Name));
                Assert.NotEqual(ReasonCatalog.Name(ReasonCode.GatewayInterneFout), outcome.Code);
                break;
            case InboundKind.Fault:
                Assert.Contains(outcome.Code, new[] { "Client", "VersionMismatch", "MustUnderstand" });
                break;
        }

        // The harness validated the reply against KSZ's schemas; here a plain parser reads it once more.
        using var reply = XmlReader.Create(new MemoryStream(outcome.Reply), new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit });
        while (reply.Read())
        {
        }
    }

    [Fact]
    public void Corpus_HoldsTheSeedsAndTheSamples()
    {
        Assert.NotEmpty(Directory.GetFiles(Path.Combine(Corpus, "seeds")));
        Assert.True(Directory.Exists(Path.Combine(Corpus, "regressions")));
        Assert.Contains(Inputs(), (object[] row) => ((string)row[0]).EndsWith("send-request.xml", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("send-request.xml", InboundKind.Answered, null)]
    [InlineData("send-request-connector.xml", InboundKind.Answered, null)]
    [InlineData("delete-request.xml", InboundKind.Answered, null)]
    [InlineData("consult-request.xml", InboundKind.Answered, null)]
    [InlineData("refusal-request.xml", InboundKind.Refused, "DIENST_ONBEKEND")]
    public void Samples_GoTheWholeWay(string sample, InboundKind kind, string? code)
    {
        var outcome = InboundHarness.Run(File.ReadAllBytes(RepoPaths.Combine("samples", "ksz", sample)));

        Assert.Equal((kind, code), (outcome.Kind, outcome.Code));
    }
}
