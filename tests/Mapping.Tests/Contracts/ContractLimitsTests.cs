using System.Xml.Linq;
using VrijwilligeOppas.Mapping.Contracts;

namespace VrijwilligeOppas.Mapping.Tests.Contracts;

/// <summary>The schemas are the source of each maximum; the constants code uses must say the same.</summary>
public class ContractLimitsTests
{
    private static readonly XNamespace Xs = "http://www.w3.org/2001/XMLSchema";

    [Theory]
    [InlineData("ksz", "VrijwilligeOppas.xsd")]
    [InlineData("ehealth", "ehealth-vrijwilligeoppas-core-1_0.xsd")]
    public void MaxResultaten_InTheSchema_IsTheConsultPage(string folder, string file)
    {
        var schema = XDocument.Load(RepoPaths.Combine("xsd", folder, file));
        var type = schema.Descendants(Xs + "simpleType").Single(t => (string?)t.Attribute("name") == "MaxResultatenType");
        Assert.Equal(ContractLimits.ConsultPage, (int)type.Descendants(Xs + "maxInclusive").Single().Attribute("value")!);
    }

    [Theory]
    [InlineData("ksz", "VrijwilligeOppas.xsd")]
    [InlineData("ehealth", "ehealth-vrijwilligeoppas-protocol-1_0.xsd")]
    public void AConsultAnswer_HoldsAtMostOnePage(string folder, string file)
    {
        var schema = XDocument.Load(RepoPaths.Combine("xsd", folder, file));
        var pages = schema.Descendants(Xs + "element")
            .Where(e => ((string?)e.Attribute("name") ?? (string?)e.Attribute("ref"))?.EndsWith("Prestatie", StringComparison.Ordinal) == true && (string?)e.Attribute("minOccurs") == "0")
            .Select(e => (string?)e.Attribute("maxOccurs"))
            .ToList();
        Assert.Equal([ContractLimits.ConsultPage.ToString(System.Globalization.CultureInfo.InvariantCulture)], pages);
    }
}
