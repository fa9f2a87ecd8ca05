using System.Text;
using VrijwilligeOppas.Mapping.Ksz;
using VrijwilligeOppas.Xml;

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
        Assert.Contains("XML declaration", result.Fault!.Reason, StringComparison.Ordinal);
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

/// <summary>
/// System.Xml's own defect: a declaration with a long run of bytes that are no UTF-8, followed by an encoding it
/// switches to, made XmlTextReaderImpl.SwitchEncoding copy a negative count (ArgumentOutOfRangeException), which left
/// both readers and became GATEWAY_INTERNE_FOUT. Found by fuzz/Inbound (FuzzCorpus/regressions/crash-60082c5b3636c319.xml).
/// </summary>
public class XmlDeclarationBytesTests
{
    private static readonly KszMessageReader Reader = new(16 * 1024 * 1024);

    public static TheoryData<int, string> Runs => new()
    {
        { 1, "utf-8" },
        { 1200, "utf-8" },
        { 1200, "UTF-8" },
        { 5000, "ISO-8859-1" },
        { 1200, "us-ascii" },
    };

    private static byte[] Body(int run, string encoding)
    {
        var declaration = Encoding.ASCII.GetBytes("<?xml version=\"1.0").Concat(Enumerable.Repeat((byte)0x90, run)).Concat(Encoding.ASCII.GetBytes($"\" encoding=\"{encoding}\"?>\n"));
        return [.. declaration, .. Encoding.UTF8.GetBytes(KszMessages.Send(new KszMessages.P()))];
    }

    [Theory]
    [MemberData(nameof(Runs))]
    public void Read_NonAsciiBytesInDeclaration_IsAClientFault(int run, string encoding)
    {
        var result = Reader.Read(new MemoryStream(Body(run, encoding)));

        Assert.Equal("Client", result.Fault?.Code);
        Assert.Contains("XML declaration", result.Fault!.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Runs))]
    public void TestConnection_NonAsciiBytesInDeclaration_IsAClientFault(int run, string encoding)
    {
        var (echo, fault) = TestConnection.Read(new MemoryStream(Body(run, encoding)), 1 << 20);

        Assert.Null(echo);
        Assert.Equal("Client", fault?.Code);
    }

    [Fact]
    public void Read_FuzzFinding_IsAClientFault()
    {
        var result = Reader.Read(File.OpenRead(RepoPaths.Combine("tests", "Mapping.Tests", "FuzzCorpus", "regressions", "crash-60082c5b3636c319.xml")));

        Assert.Equal("Client", result.Fault?.Code);
    }

    [Fact]
    public void Read_NonAsciiAfterTheDeclaration_IsNotTheDeclarationsConcern()
    {
        // Only the declaration is held to ASCII: a UTF-8 byte-order mark before it, and UTF-8 text after it, are read.
        var xml = KszMessages.Send(new KszMessages.P()).Replace("REF-1", "Référence é", StringComparison.Ordinal);
        byte[] body = [0xEF, 0xBB, 0xBF, .. Encoding.ASCII.GetBytes("<?xml version=\"1.0\" encoding=\"UTF-8\"?>"), .. Encoding.UTF8.GetBytes(xml)];

        var result = Reader.Read(new MemoryStream(body));

        Assert.Equal("Référence é", result.Message?.Context.Reference);
    }

    [Theory]
    [InlineData("<?xml version=\"1.0\"?><a>\u00E9</a>", false)]
    [InlineData("\uFEFF<?xml version=\"1.0\"?><a>\u00E9</a>", false)]
    [InlineData("<a>\u00E9</a>", false)]
    [InlineData("<?xm\u00E9", false)]
    [InlineData("<?xml version=\"1.0\u00E9\"?><a/>", true)]
    [InlineData("\uFEFF<?xml version=\"1.0\" encoding=\"utf-8\u00E9\"?><a/>", true)]
    public void Guard_ByteByByte_RefusesOnlyInsideTheDeclaration(string text, bool refused)
    {
        using var guarded = global::VrijwilligeOppas.Xml.SafeXml.GuardDeclaration(new OneByteStream(Encoding.UTF8.GetBytes(text)));
        var copy = new MemoryStream();

        var error = Record.Exception(() => guarded.CopyTo(copy));

        Assert.Equal(refused, error is System.Xml.XmlException);
        Assert.True(refused || error is null);
    }

    /// <summary>Hands out one byte per read, as a slow network might.</summary>
    private sealed class OneByteStream(byte[] bytes) : MemoryStream(bytes)
    {
        public override int Read(byte[] buffer, int offset, int count) => base.Read(buffer, offset, Math.Min(count, 1));

        public override int Read(Span<byte> buffer) => base.Read(buffer[..Math.Min(buffer.Length, 1)]);
    }
}
