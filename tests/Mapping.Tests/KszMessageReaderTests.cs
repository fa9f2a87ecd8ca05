using System.Text;
using VrijwilligeOppas.Mapping.Diagnostics;
using VrijwilligeOppas.Mapping.Ksz;

namespace VrijwilligeOppas.Mapping.Tests;

public class KszMessageReaderTests
{
    private static readonly KszMessageReader Reader = new(16 * 1024 * 1024);

    internal static string Sample(string name) => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "samples", "ksz", name));

    internal static KszReadResult Read(string xml) => Reader.Read(new MemoryStream(Encoding.UTF8.GetBytes(xml)));

    [Fact]
    public void Read_MissingOndernemingsnummer_RefusesWithOntbreekt()
    {
        var xml = Sample("send-request.xml").Replace("<vo:Ondernemingsnummer>0212344876</vo:Ondernemingsnummer>", "", StringComparison.Ordinal);

        var result = Read(xml);

        Assert.Equal(ReasonCode.OndernemingsnummerOntbreekt, result.Refusal?.Code);
        Assert.NotNull(result.Context);
    }
}
