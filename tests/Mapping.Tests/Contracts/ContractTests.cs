using VrijwilligeOppas.Mapping.Contracts;

namespace VrijwilligeOppas.Mapping.Tests.Contracts;

public class ContractTests
{
    public static TheoryData<string> KszSamples => [.. Directory.GetFiles(RepoPaths.Combine("samples", "ksz"), "*.xml").Select(f => Path.GetFileName(f))];

    public static TheoryData<string> EHealthSamples => [.. Directory.GetFiles(RepoPaths.Combine("samples", "ehealth"), "*.xml").Select(f => Path.GetFileName(f))];

    [Theory]
    [MemberData(nameof(KszSamples))]
    public void KszSample_IsValidAgainstTheKszSchemas(string file)
    {
        var xml = File.ReadAllText(RepoPaths.Combine("samples", "ksz", file));

        Assert.Empty(file.StartsWith("testconnection-", StringComparison.Ordinal) ? SchemaValidation.TestConnectionErrors(xml) : SchemaValidation.KszErrors(xml));
    }

    [Theory]
    [MemberData(nameof(EHealthSamples))]
    public void EHealthSample_IsValidAgainstTheEHealthSchemas(string file) =>
        Assert.Empty(SchemaValidation.EHealthErrors(File.ReadAllText(RepoPaths.Combine("samples", "ehealth", file))));

    [Fact]
    public void Samples_CoverEveryOperationInBothDirections()
    {
        foreach (var op in new[] { "send", "delete", "consult" })
        {
            Assert.True(File.Exists(RepoPaths.Combine("samples", "ksz", $"{op}-request.xml")), op);
            Assert.True(File.Exists(RepoPaths.Combine("samples", "ksz", $"{op}-reply.xml")), op);
            Assert.True(File.Exists(RepoPaths.Combine("samples", "ehealth", $"{op}-request.xml")), op);
            Assert.True(File.Exists(RepoPaths.Combine("samples", "ehealth", $"{op}-response.xml")), op);
        }
    }

    [Fact]
    public void ContractFiles_EmbedEveryFileOfTheXsdFolder()
    {
        var onDisk = Directory.GetFiles(RepoPaths.Combine("xsd"), "*.*", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(RepoPaths.Combine("xsd"), f).Replace('\\', '/'))
            .Order(StringComparer.Ordinal);

        Assert.Equal(onDisk, ContractFiles.All);
        Assert.Equal(File.ReadAllBytes(RepoPaths.Combine("xsd", "ksz", "VrijwilligeOppas.xsd")), ContractFiles.Read("ksz/VrijwilligeOppas.xsd"));
    }

    [Fact]
    public void SchemaSets_Compile() => Assert.True(ContractSchemas.Ksz.IsCompiled && ContractSchemas.EHealth.IsCompiled && ContractSchemas.TestConnection.IsCompiled);

    [Theory]
    [InlineData("TestConnectionService.wsdl")]
    [InlineData("TestConnectionServiceV1.xsd")]
    public void TestConnectionService_IsKszsOwnFile_Unchanged(string file) =>
        Assert.Equal(File.ReadAllBytes(Path.Combine(KszOwnSchemas.Folder, "WSDL", file)), ContractFiles.Read("ksz/" + file));

    public static TheoryData<string, string> BuiltRequests => new()
    {
        { "send", KszMessages.Send(new KszMessages.P("a"), new KszMessages.P("b", Datum: "2026-03-29", Begin: "01:30:00", Eind: "03:30:00")) },
        { "delete", KszMessages.Delete(["a", "b"]) },
        { "consult", KszMessages.Consult(gebruiker: KszMessages.GebruikerInsz, max: 10, sleutel: "abc") },
        { "send, connector form", KszMessages.AsConnector(KszMessages.Send(new KszMessages.P("a"))) },
    };

    [Theory]
    [MemberData(nameof(BuiltRequests))]
    public void TestRequests_AsTheSuiteBuildsThem_AreValidAgainstBothTheProjectsAndKszsSchemas(string name, string xml)
    {
        Assert.True(SchemaValidation.KszErrors(xml).Count == 0, name);
        Assert.Empty(KszOwnSchemas.Errors(xml));
    }

    [Theory]
    [MemberData(nameof(KszSamples))]
    public void KszSample_IsValidAgainstKszsOwnSchemas(string file) =>
        Assert.Empty(KszOwnSchemas.Errors(File.ReadAllText(RepoPaths.Combine("samples", "ksz", file))));
}
