using VrijwilligeOppas.Mapping.Identifiers;
using VrijwilligeOppas.Mapping.Rules;
using VrijwilligeOppas.Emulator.Rules;

namespace VrijwilligeOppas.Mapping.Tests.Rules;

public class ReferenceDataTests
{
    [Fact]
    public void NisTable_SeededFromTheSharedData_Has581Municipalities()
    {
        using var csv = File.OpenText(RepoPaths.Combine("reference", "nis-municipalities.csv"));

        var table = NisTable.Parse(csv);

        Assert.Equal(581, table.Count);
        Assert.True(table.Contains(NisCode.Parse("44021"))); // Gent
        Assert.False(table.Contains(NisCode.Parse("99999")));
    }

    [Fact]
    public void NisTable_BadLine_IsRefusedWithItsLineNumber()
    {
        var ex = Assert.Throws<FormatException>(() => NisTable.Parse(new StringReader("nis_code,name\n11001,Aartselaar\nABCDE,X\n")));

        Assert.Contains("line 3", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void SandboxRegistry_MatchesTheSpecification()
    {
        using var csv = File.OpenText(RepoPaths.Combine("reference", "diensten-sandbox.csv"));

        var registry = DienstRegistry.Parse(csv);

        Assert.Equal(4, registry.Count);
        var aalst = registry.Find(Erkenningsnummer.Create(457))!;
        Assert.Equal("0256000024", aalst.Initiatiefnemer.Value);
        Assert.True(aalst.IsErkendOp(new DateOnly(2025, 12, 31)));
        Assert.False(aalst.IsErkendOp(new DateOnly(2026, 1, 1)));
        Assert.False(registry.Find(Erkenningsnummer.Create(456))!.IsErkendOp(new DateOnly(2016, 2, 29)));
    }

    [Fact]
    public void Registry_DuplicateErkenningsnummer_IsRefused() =>
        Assert.Throws<FormatException>(() => DienstRegistry.Parse(new StringReader(
            "h\n123,A,0212344876,openbaar,2015-01-01,\n123,B,0212344876,openbaar,2015-01-01,\n")));
}
