using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using VrijwilligeOppas.Gateway.Reliability;

namespace VrijwilligeOppas.Gateway.Tests;

/// <summary>
/// Back-pressure and the circuit breaker: beyond the slots and the queue the OCMW is told GATEWAY_BEZET at once,
/// without its body being read; a dead central service is answered without being tried once the circuit is open.
/// </summary>
public sealed class BackPressureTests : IAsyncLifetime
{
    private readonly TaskCompletionSource _release = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _atCentral;
    private int _mostAtCentral;
    private StubCentral _stub = null!;

    [Fact]
    public async Task BeyondSlotsAndQueue_TheOcmwIsToldBusyAtOnce_AndTheOthersAreServedWhenSlotsFree()
    {
        using var gateway = new GatewayFactory(settings: Settings(("Reliability:MaxConcurrentMessages", "2"), ("Reliability:QueueLimit", "1")));
        var gate = gateway.Services.GetRequiredService<ExchangeGate>();
        var admitted = new[] { gateway.PostAsync(KszMessages.Send(new KszMessages.P("a"))), gateway.PostAsync(KszMessages.Send(new KszMessages.P("b"))) };
        await Until(() => _atCentral == 2);
        var queued = gateway.PostAsync(KszMessages.Send(new KszMessages.P("c")));
        await Until(() => gate.Queued == 1);

        using var client = gateway.CreateClient();
        var turnedAway = await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => PostAsync(client, KszMessages.Send(new KszMessages.P("d")))));
        _release.SetResult();
        var served = await Task.WhenAll([.. admitted, queued]);

        Assert.All(turnedAway, busy =>
        {
            Assert.Equal(["GATEWAY_BEZET"], busy.Answer.ReasonCodes);
            Assert.Empty(SchemaValidation.KszErrors(busy.Answer.Body));
            Assert.Equal("5", busy.RetryAfter);
        });
        Assert.All(served, answer => Assert.Equal(0, answer.ReturnCode));
        Assert.Equal(2, _mostAtCentral);
        Assert.Equal(3, _stub.Requests);
        var records = await CentralFaultTests.RecordsAsync(gateway);
        Assert.Equal(3, records.Count(r => r.ReasonCode == "GATEWAY_BEZET"));
    }

    [Fact]
    public async Task AQueuedMessage_WaitsNoLongerThanTheQueueTimeout()
    {
        await HoldingStub(TimeProvider.System);
        using var gateway = new GatewayFactory(realClock: true, settings: Settings(("Reliability:MaxConcurrentMessages", "1"), ("Reliability:QueueTimeout", "00:00:01")));
        var admitted = gateway.PostAsync(KszMessages.Send(new KszMessages.P("a")));
        await Until(() => _atCentral == 1);

        var waited = await gateway.PostAsync(KszMessages.Send(new KszMessages.P("b")));
        _release.SetResult();

        Assert.Equal(["GATEWAY_BEZET"], waited.ReasonCodes);
        Assert.Equal(0, (await admitted).ReturnCode);
    }

    [Fact]
    public async Task ABusyGateway_AnswersBeforeReadingTheBody()
    {
        // The smallest budget: a message at the central service holds a few KiB of it, so five megabytes do not fit.
        using var gateway = new GatewayFactory(settings: Settings(("Reliability:MaxBufferedRequestBytes", "1048576")));
        gateway.UseKestrel(0);
        gateway.StartServer();
        using var client = new HttpClient { BaseAddress = gateway.ServerAddress };
        var admitted = PostAsync(client, KszMessages.Send(new KszMessages.P("a")));
        await Until(() => _atCentral == 1);

        // Five megabytes announced, a few hundred sent: the answer comes while the body is still missing.
        using var socket = await AnnounceAsync(gateway, "Content-Length: 5000000", "<soap:Envelope");
        var reply = await ReadHeadAndBodyAsync(socket.GetStream());
        _release.SetResult();

        Assert.StartsWith("HTTP/1.1 200", reply, StringComparison.Ordinal);
        Assert.Contains("<common:ReasonCode>GATEWAY_BEZET</common:ReasonCode>", reply, StringComparison.Ordinal);
        Assert.Contains("Retry-After: 5", reply, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(0, (await admitted).Answer.ReturnCode);
    }

    [Fact]
    public async Task AChunkedBody_CountsAsTheLargestAccepted_SoItCannotSlipUnderTheBudget()
    {
        _release.SetResult();
        using var gateway = new GatewayFactory(settings: Settings(("Reliability:MaxBufferedRequestBytes", "1048576"), ("Gateway:MaxRequestBytes", "1048576")));
        gateway.UseKestrel(0);
        gateway.StartServer();
        var gate = gateway.Services.GetRequiredService<ExchangeGate>();
        using var client = new HttpClient { BaseAddress = gateway.ServerAddress };

        // No Content-Length: nobody knows how large it will be, so it takes the whole budget while it trickles.
        using (await AnnounceAsync(gateway, "Transfer-Encoding: chunked", "e\r\n<soap:Envelope\r\n"))
        {
            await Until(() => gate.BufferedBytes == 1048576);
            var meanwhile = await PostAsync(client, KszMessages.Send(new KszMessages.P("a")));

            Assert.Equal(["GATEWAY_BEZET"], meanwhile.Answer.ReasonCodes);
        }

        await Until(() => gate.BufferedBytes == 0);
        Assert.Equal(0, (await PostAsync(client, KszMessages.Send(new KszMessages.P("b")))).Answer.ReturnCode);
    }

    [Fact]
    public async Task ASlowUpload_HoldsNoSlot_SoCompleteMessagesAreServedBesideIt()
    {
        _release.SetResult();
        using var gateway = new GatewayFactory(settings: Settings(("Reliability:MaxConcurrentMessages", "1"), ("Reliability:QueueLimit", "0")));
        gateway.UseKestrel(0);
        gateway.StartServer();
        var gate = gateway.Services.GetRequiredService<ExchangeGate>();
        using var client = new HttpClient { BaseAddress = gateway.ServerAddress };
        var slowBody = Encoding.UTF8.GetBytes(KszMessages.Send(new KszMessages.P("slow")));

        using var slow = await AnnounceAsync(gateway, $"Content-Length: {slowBody.Length}", Encoding.UTF8.GetString(slowBody, 0, 100));
        await Until(() => gate.BufferedBytes > 0);
        var beside = new List<(KszAnswer Answer, string? RetryAfter)>();
        for (var i = 0; i < 3; i++)
        {
            beside.Add(await PostAsync(client, KszMessages.Send(new KszMessages.P("beside-" + i))));
        }

        await Until(() => gate.InProgress == 0); // the last reply is out; its slot is given back just after
        var stillUploading = gate.BufferedBytes;
        await slow.GetStream().WriteAsync(slowBody.AsMemory(100));
        var slowReply = await ReadHeadAndBodyAsync(slow.GetStream());

        Assert.All(beside, answer => Assert.Equal(0, answer.Answer.ReturnCode));
        Assert.Equal((slowBody.Length + 1023) / 1024 * 1024, stillUploading); // the slow body's share, in whole KiB, and nothing else
        Assert.Contains("<common:ReturnCode>0</common:ReturnCode>", slowReply, StringComparison.Ordinal);
        Assert.Equal(4, _stub.Requests);
    }

    [Fact]
    public async Task BulkSends_WaitForALane_WhileSmallMessagesPassThem()
    {
        using var gateway = new GatewayFactory(settings: Settings(("Reliability:MaxConcurrentBulkMessages", "1"), ("Reliability:BulkMessageBytes", "8192")));
        var gate = gateway.Services.GetRequiredService<ExchangeGate>();
        var bulk = Enumerable.Range(0, 40).Select(i => new KszMessages.P("bulk-" + i)).ToArray();
        Assert.True(Encoding.UTF8.GetByteCount(KszMessages.Send(bulk)) >= 8192);
        Assert.True(Encoding.UTF8.GetByteCount(KszMessages.Send(new KszMessages.P("small"))) < 8192);

        var first = gateway.PostAsync(KszMessages.Send(bulk));
        await Until(() => _atCentral == 1);
        var second = gateway.PostAsync(KszMessages.Send(bulk));
        await Until(() => gate.Queued == 1);
        var small = gateway.PostAsync(KszMessages.Send(new KszMessages.P("small")));
        await Until(() => _atCentral == 2);
        var bulkWhileSmallAtCentral = (gate.BulkInProgress, gate.Queued);
        _release.SetResult();

        Assert.Equal((1, 1), bulkWhileSmallAtCentral);
        Assert.All(await Task.WhenAll(first, second, small), answer => Assert.Equal(0, answer.ReturnCode));
        Assert.Equal(3, _stub.Requests);
    }

    [Fact]
    public async Task DeadCentralService_OpensTheCircuit_AnswersWithoutTrying_AndClosesWhenItIsBack()
    {
        _release.SetResult();
        var dead = true;
        await _stub.DisposeAsync();
        _stub = await StubCentral.StartAsync(async (context, request) =>
        {
            if (dead)
            {
                context.Response.StatusCode = 503;
                return;
            }

            await StubCentral.AcceptAll(context, request);
        }, TimeProvider.System);
        using var gateway = new GatewayFactory(realClock: true, settings: Settings(("ReverseProxy:Clusters:central:HealthCheck:Passive:ReactivationPeriod", "00:00:02")));

        var first = await gateway.PostAsync(KszMessages.Send(new KszMessages.P("a")));   // three attempts
        var second = await gateway.PostAsync(KszMessages.Send(new KszMessages.P("b")));  // two more open the circuit
        var whileOpen = await gateway.PostAsync(KszMessages.Send(new KszMessages.P("c")));
        using var client = gateway.CreateClient();
        var readiness = await client.GetAsync(new Uri("/health/ready", UriKind.Relative));
        dead = false;
        await Until(async () => (await client.GetAsync(new Uri("/health/ready", UriKind.Relative))).IsSuccessStatusCode, TimeSpan.FromSeconds(15));
        var afterwards = await gateway.PostAsync(KszMessages.Send(new KszMessages.P("d")));

        Assert.Equal(["CENTRALE_DIENST_ONBESCHIKBAAR"], first.ReasonCodes);
        Assert.Equal(["CENTRALE_DIENST_ONBEREIKBAAR"], whileOpen.ReasonCodes);
        Assert.Equal(10000, second.ReturnCode);
        Assert.Equal(6, _stub.Requests); // 5 failures, then nothing until the period ended, then "d"
        Assert.Equal(System.Net.HttpStatusCode.ServiceUnavailable, readiness.StatusCode);
        Assert.Equal(0, afterwards.ReturnCode);
        Assert.Contains(gateway.Logs, line => line.Contains("circuit open", StringComparison.Ordinal));
        Assert.Contains(gateway.Logs, line => line.Contains("circuit closed", StringComparison.Ordinal));
    }

    public Task InitializeAsync() => HoldingStub(clock: null);

    /// <summary>A central service that holds every request until the test releases them, signing by the given clock.</summary>
    private async Task HoldingStub(TimeProvider? clock)
    {
        if (_stub is not null)
        {
            await _stub.DisposeAsync();
        }

        _stub = await StubCentral.StartAsync(async (context, request) =>
        {
            var now = Interlocked.Increment(ref _atCentral);
            InterlockedMax(ref _mostAtCentral, now);
            await _release.Task;
            Interlocked.Decrement(ref _atCentral);
            await StubCentral.AcceptAll(context, request);
        }, clock);
    }

    public async Task DisposeAsync()
    {
        _release.TrySetResult();
        await _stub.DisposeAsync();
    }

    private Dictionary<string, string?> Settings(params (string Key, string Value)[] extra)
    {
        var settings = _stub.Settings;
        foreach (var (key, value) in extra)
        {
            settings[key] = value;
        }

        return settings;
    }

    private static void InterlockedMax(ref int target, int value)
    {
        int seen;
        while ((seen = Volatile.Read(ref target)) < value && Interlocked.CompareExchange(ref target, value, seen) != seen)
        {
        }
    }

    private static Task Until(Func<bool> condition) => Until(() => Task.FromResult(condition()), TimeSpan.FromSeconds(10));

    private static async Task Until(Func<Task<bool>> condition, TimeSpan limit)
    {
        var deadline = DateTime.UtcNow + limit;
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "the condition did not come true in time");
            await Task.Delay(20);
        }
    }

    private static async Task<(KszAnswer Answer, string? RetryAfter)> PostAsync(HttpClient client, string xml)
    {
        using var content = new StringContent(xml, Encoding.UTF8);
        content.Headers.ContentType = MediaTypeHeaderValue.Parse("text/xml; charset=utf-8");
        using var response = await client.PostAsync(new Uri("/ksz/VrijwilligeOppas", UriKind.Relative), content);
        return (new KszAnswer((int)response.StatusCode, await response.Content.ReadAsStringAsync()), response.Headers.RetryAfter?.ToString());
    }

    /// <summary>A raw connection that announces a body by <paramref name="framing"/> (its length, or chunked) and sends only <paramref name="start"/>.</summary>
    private static async Task<TcpClient> AnnounceAsync(GatewayFactory gateway, string framing, string start)
    {
        var socket = new TcpClient();
        await socket.ConnectAsync(gateway.ServerAddress!.Host, gateway.ServerAddress.Port);
        await socket.GetStream().WriteAsync(Encoding.UTF8.GetBytes($"POST /ksz/VrijwilligeOppas HTTP/1.1\r\nHost: localhost\r\nContent-Type: text/xml; charset=utf-8\r\n{framing}\r\n\r\n{start}"));
        return socket;
    }

    private static async Task<string> ReadHeadAndBodyAsync(NetworkStream stream)
    {
        var received = new StringBuilder();
        var buffer = new byte[8192];
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (!received.ToString().Contains("</soap:Envelope>", StringComparison.Ordinal))
        {
            var read = await stream.ReadAsync(buffer, timeout.Token);
            if (read == 0)
            {
                break;
            }

            received.Append(Encoding.UTF8.GetString(buffer, 0, read));
        }

        return received.ToString();
    }
}
