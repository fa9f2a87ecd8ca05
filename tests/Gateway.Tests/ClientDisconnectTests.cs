using System.Net;
using System.Net.Sockets;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using VrijwilligeOppas.Audit;
using VrijwilligeOppas.Gateway.Audit;
using VrijwilligeOppas.Gateway.Reliability;

namespace VrijwilligeOppas.Gateway.Tests;

/// <summary>
/// A client that hangs up — with a TCP reset, on the real Kestrel — while its body is read, while its message is at
/// the central service, and while the gateway waits to retry. Each leaves an outcome record, is logged as one
/// information line without a stack trace, and nothing is sent again once the client is gone (docs/reliability.md).
/// </summary>
public class ClientDisconnectTests
{
    [Fact]
    public async Task ClientHangsUpDuringTheBodyRead_LeavesAnOutcomeRecord_OneInformationLine_AndNothingIsForwarded()
    {
        await using var stub = await StubCentral.StartAsync(StubCentral.AcceptAll);
        using var gateway = Start(stub.Settings);
        var body = Encoding.UTF8.GetBytes(KszMessages.Send(new KszMessages.P("a")));

        using (var client = await SendAsync(gateway, body, body.Length / 2))
        {
            await WaitUntilAsync(() => gateway.Services.GetRequiredService<ExchangeGate>().BufferedBytes > 0); // its body is being read
            Reset(client);
        }

        var records = await OutcomeAsync(gateway);

        Assert.Equal([(AuditStage.Outcome, AuditEntries.ClientDisconnected)], records.Select(r => (r.Stage, r.ReasonCode)));
        Assert.Equal(0, stub.Requests);
        AssertOneInformationLine(gateway, "its message was read: nothing was forwarded");
    }

    [Fact]
    public async Task ClientHangsUpWhileTheMessageIsAtTheCentralService_LeavesBothRecords_AndTheSendIsNotRepeated()
    {
        var arrived = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var stub = await StubCentral.StartAsync(async (context, _) =>
        {
            arrived.TrySetResult();
            await Task.Delay(Timeout.Infinite, context.RequestAborted).ContinueWith(_ => { }, TaskScheduler.Default);
        });
        using var gateway = Start(stub.Settings);
        var body = Encoding.UTF8.GetBytes(KszMessages.Send(new KszMessages.P("a")));

        using (var client = await SendAsync(gateway, body, body.Length))
        {
            await arrived.Task.WaitAsync(TimeSpan.FromSeconds(30));
            Reset(client);
        }

        var records = await OutcomeAsync(gateway);

        Assert.Equal([(AuditStage.Forwarding, null), (AuditStage.Outcome, AuditEntries.ClientDisconnected)], records.Select(r => (r.Stage, r.ReasonCode)));
        Assert.Equal(1, stub.Requests); // the outcome is written after the decision not to try again
        AssertOneInformationLine(gateway, "its message was at the central service: not tried again; its outcome at the central service is unknown");
    }

    [Fact]
    public async Task ClientHangsUpDuringTheRetryBackoff_LeavesBothRecords_AndNoFurtherAttemptIsMade()
    {
        await using var stub = await StubCentral.StartAsync((context, _) =>
        {
            context.Response.StatusCode = 503; // certainly not applied: a send would be tried again after a backoff
            return Task.CompletedTask;
        });
        var settings = stub.Settings;
        settings["Reliability:RetryBaseDelay"] = "00:01:00"; // on the test's clock, which only moves when told
        settings["Reliability:CentralDeadline"] = "00:30:00";
        using var gateway = Start(settings);
        var body = Encoding.UTF8.GetBytes(KszMessages.Send(new KszMessages.P("a")));

        using (var client = await SendAsync(gateway, body, body.Length))
        {
            await WaitUntilAsync(() => gateway.Logs.Any(l => l.Contains("trying again in", StringComparison.Ordinal)));
            Reset(client);
        }

        var records = await OutcomeAsync(gateway);
        ((FakeTimeProvider)gateway.Clock).Advance(TimeSpan.FromMinutes(5)); // any backoff still waiting would end now

        Assert.Equal([(AuditStage.Forwarding, null), (AuditStage.Outcome, AuditEntries.ClientDisconnected)], records.Select(r => (r.Stage, r.ReasonCode)));
        Assert.Equal(1, stub.Requests);
        AssertOneInformationLine(gateway, "not tried again");
    }

    [Fact]
    public async Task ClientHangsUpWhileItsTestMessageIsRead_IsOneInformationLine_AndOnRecord()
    {
        await using var stub = await StubCentral.StartAsync(StubCentral.AcceptAll);
        using var gateway = Start(stub.Settings);
        var body = Encoding.UTF8.GetBytes(TestConnectionServiceTests.Request);

        using (var client = await SendAsync(gateway, body, body.Length / 2, "/ksz/TestConnectionService"))
        {
            await Task.Delay(500);
            Reset(client);
        }

        var records = await OutcomeAsync(gateway);

        Assert.Equal([("testconnection", AuditEntries.ClientDisconnected)], records.Select(r => (r.Operation, r.ReasonCode)));
        AssertOneInformationLine(gateway, "nothing was answered");
    }

    private static GatewayFactory Start(Dictionary<string, string?> settings)
    {
        var gateway = new GatewayFactory(settings: settings);
        gateway.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        gateway.StartServer();
        return gateway;
    }

    /// <summary>Sends the request line, headers announcing the whole body, and the first <paramref name="bytes"/> of it.</summary>
    private static async Task<TcpClient> SendAsync(GatewayFactory gateway, byte[] body, int bytes, string path = "/ksz/VrijwilligeOppas")
    {
        var client = new TcpClient();
        await client.ConnectAsync(gateway.ServerAddress!.Host, gateway.ServerAddress.Port);
        var stream = client.GetStream();
        await stream.WriteAsync(Encoding.ASCII.GetBytes($"POST {path} HTTP/1.1\r\nHost: gateway\r\nContent-Type: text/xml; charset=utf-8\r\nContent-Length: {body.Length}\r\n\r\n"));
        await stream.WriteAsync(body.AsMemory(0, bytes));
        await stream.FlushAsync();
        return client;
    }

    /// <summary>Closes with a TCP reset, as a crashed client or a dropped network does.</summary>
    private static void Reset(TcpClient client)
    {
        client.Client.LingerState = new LingerOption(true, 0);
        client.Close();
    }

    /// <summary>The message's records, once its outcome record is there.</summary>
    private static async Task<List<AuditRecord>> OutcomeAsync(GatewayFactory gateway)
    {
        List<AuditRecord> records = [];
        await WaitUntilAsync(async () => (records = await CentralFaultTests.RecordsAsync(gateway)).Any(r => r.Stage == AuditStage.Outcome));
        Assert.Single(records.Select(r => r.Ticket).Distinct());
        return records;
    }

    private static void AssertOneInformationLine(GatewayFactory gateway, string consequence)
    {
        var lines = gateway.Logs.Where(l => l.Contains("closed the connection", StringComparison.Ordinal)).ToList();
        var line = Assert.Single(lines);
        Assert.StartsWith("Information ", line, StringComparison.Ordinal);
        Assert.Contains(consequence, line, StringComparison.Ordinal);
        Assert.DoesNotContain(gateway.Logs, l => l.StartsWith("Error ", StringComparison.Ordinal) || l.StartsWith("Critical ", StringComparison.Ordinal));
        Assert.DoesNotContain("   at ", line, StringComparison.Ordinal); // no stack trace
    }

    private static Task WaitUntilAsync(Func<bool> condition) => WaitUntilAsync(() => Task.FromResult(condition()));

    private static async Task WaitUntilAsync(Func<Task<bool>> condition)
    {
        for (var i = 0; i < 600; i++)
        {
            if (await condition())
            {
                return;
            }

            await Task.Delay(50);
        }

        throw new TimeoutException("The condition was not met in 30 s.");
    }
}
