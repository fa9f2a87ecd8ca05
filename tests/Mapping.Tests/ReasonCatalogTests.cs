using VrijwilligeOppas.Mapping.Diagnostics;

namespace VrijwilligeOppas.Mapping.Tests;

public class ReasonCatalogTests
{
    private static readonly string Documentation = File.ReadAllText(RepoPaths.Combine("docs", "return-codes.md"));

    [Fact]
    public void EveryReasonCode_IsDocumentedWithItsDutchDiagnostic()
    {
        foreach (var code in ReasonCatalog.All)
        {
            Assert.Contains($"`{ReasonCatalog.Name(code)}`", Documentation, StringComparison.Ordinal);
            Assert.Contains(ReasonCatalog.Diagnostic(code), Documentation, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void ReasonCodeNames_AreUniqueAndFitTheSchema()
    {
        var names = ReasonCatalog.All.Select(ReasonCatalog.Name).ToList();

        Assert.Equal(names.Count, names.Distinct(StringComparer.Ordinal).Count());
        Assert.All(names, n => Assert.Matches("^[A-Z][A-Z0-9_]{1,59}$", n));
        Assert.All(ReasonCatalog.All, c => Assert.InRange(ReasonCatalog.Diagnostic(c).Length, 1, 1000));
    }
}
