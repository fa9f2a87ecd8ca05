using System.Text;
using VrijwilligeOppas.Mapping.Ksz;

namespace VrijwilligeOppas.Mapping.Tests.Ksz;

/// <summary>
/// The XML declaration is read before any encoding applies, and System.Xml checks only that its version starts with
/// "1.0": a byte that is no UTF-8, or any text after "1.0", came through and the message was answered. XML 1.0 says
/// VersionNum is "1." and digits (libxml2 and the JDK refuse the rest). Found by fuzz/Inbound.
/// </summary>
public class XmlDeclarationTests
{
    private static readonly KszMessageReader Reader = new(16 * 1024 * 1024);

    private static byte[] WithDeclaration(byte[] declaration, string document)
    {
        var body = Encoding.UTF8.GetBytes(document);
        return [.. declaration, .. body];
    }

    public static TheoryData<string> NotXml10 => new()
    {
        "3C3F786D6C2076657273696F6E3D22312E30E9223F3E", // <?xml version="1.0\xE9"?>
        "3C3F786D6C2076657273696F6E3D22312E3078223F3E", // <?xml version="1.0x"?>
        "3C3F786D6C2076657273696F6E3D22312E30C3A9223F3E", // <?xml version="1.0é"?> in UTF-8
        "3C3F786D6C2076657273696F6E3D22312E3020223F3E", // <?xml version="1.0 "?>
    };

    [Theory]
    [MemberData(nameof(NotXml10))]
    public void Read_DeclarationVersionNotXml10_IsAFaultNotAMessage(string declarationHex)
    {
        var result = Reader.Read(new MemoryStream(WithDeclaration(Convert.FromHexString(declarationHex), KszMessages.Send(new KszMessages.P()))));

        Assert.Null(result.Message);
        Assert.Equal("Client", result.Fault?.Code);
        Assert.Contains("version", result.Fault!.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(NotXml10))]
    public void TestConnection_DeclarationVersionNotXml10_IsAFault(string declarationHex)
    {
        var body = WithDeclaration(Convert.FromHexString(declarationHex), File.ReadAllText(RepoPaths.Combine("samples", "ksz", "testconnection-request.xml"))[File.ReadAllText(RepoPaths.Combine("samples", "ksz", "testconnection-request.xml")).IndexOf("<soap", StringComparison.Ordinal)..]);

        var (echo, fault) = TestConnection.Read(new MemoryStream(body), 1 << 20);

        Assert.Null(echo);
        Assert.Equal("Client", fault?.Code);
    }

    [Theory]
    [InlineData("1.0")]
    [InlineData("1.0\" encoding=\"UTF-8\" standalone=\"yes")]
    public void Read_Xml10Declaration_IsRead(string version)
    {
        var result = Reader.Read(new MemoryStream(WithDeclaration(Encoding.ASCII.GetBytes($"<?xml version=\"{version}\"?>"), KszMessages.Send(new KszMessages.P()))));

        Assert.NotNull(result.Message);
    }

    [Fact]
    public void Read_NonAsciiByteInEncodingName_IsAFaultNotAnException()
    {
        // The earlier finding: this threw ArgumentOutOfRangeException before the reader's guard.
        var declaration = Encoding.Latin1.GetBytes("<?xml version=\"1.0\" encoding=\"UTF-8\u00E9\"?>");

        var result = Reader.Read(new MemoryStream(WithDeclaration(declaration, KszMessages.Send(new KszMessages.P()))));
        var (echo, fault) = TestConnection.Read(new MemoryStream(declaration.Concat(Encoding.UTF8.GetBytes("<a/>")).ToArray()), 1 << 20);

        Assert.Equal("Client", result.Fault?.Code);
        Assert.Null(echo);
        Assert.Equal("Client", fault?.Code);
    }
}
