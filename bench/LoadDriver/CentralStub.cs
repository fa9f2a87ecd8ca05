using System.Diagnostics;
using System.Collections.Concurrent;
using System.Net;
using VrijwilligeOppas.Mapping.Central;
using VrijwilligeOppas.Mapping.Exchange;
using VrijwilligeOppas.Mapping.Identifiers;
using VrijwilligeOppas.Security;
using VrijwilligeOppas.Emulator.Contract;

namespace VrijwilligeOppas.LoadDriver;

/// <summary>
/// The minimal central service both paths talk to. It accepts every prestatie of a send, as a healthy central
/// service would, and keeps its own cost small: no validation of the gateway's signature, no store.
/// </summary>
internal static class CentralStub
{
    /// <summary>Tells the passthrough route how many prestaties the (unread) KSZ message holds.</summary>
    public const string PrestatiesHeader = "X-Bench-Prestaties";

    public static async Task<int> RunAsync(int port, string certificatePath, string keyPath)
    {
        var signer = new WsSecuritySigner(CertificateFiles.LoadWithKey(certificatePath, keyPath, password: null), TimeProvider.System);
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.Listen(IPAddress.Loopback, port);
            kestrel.Limits.MaxRequestBodySize = null;
        });
        var app = builder.Build();

        // (b) The gateway's eHealth request. The gateway checks that the answer names this request's Id and is
        // freshly signed, so this answer cannot be made in advance: it costs the stub one RSA signature.
        var serviceTimes = new List<double>();
        app.MapPost("/VrijwilligeOppas/v1", async context =>
        {
            var started = Stopwatch.GetTimestamp();
            using var body = new MemoryStream();
            await context.Request.Body.CopyToAsync(body, context.RequestAborted);
            body.Position = 0;
            var received = CentralRequestReader.Read(body, long.MaxValue);
            var send = received.Request as SendPrestatiesRequest
                ?? throw new InvalidOperationException($"The load driver only sends prestaties, not {received.Operation} ({received.Refusal}).");
            await WriteAsync(context, Answer(signer, received.Id, send.Prestaties.Select(p => p.Id)));
            lock (serviceTimes)
            {
                serviceTimes.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            }
        });

        // The stub's own median time per gateway request since the last call, so that the driver can tell the
        // central service's share of the latency from the gateway's.
        app.MapPost("/service-time", () =>
        {
            lock (serviceTimes)
            {
                serviceTimes.Sort();
                var median = serviceTimes.Count == 0 ? 0 : serviceTimes[serviceTimes.Count / 2];
                serviceTimes.Clear();
                return median.ToString(System.Globalization.CultureInfo.InvariantCulture);
            }
        });

        // (a) The passthrough baseline: the same bytes arrive and are drained; the answer, of the same size, was
        // signed once in advance.
        var canned = new ConcurrentDictionary<int, byte[]>();
        app.MapPost("/passthrough", async context =>
        {
            await context.Request.Body.CopyToAsync(Stream.Null, context.RequestAborted);
            var count = int.Parse(context.Request.Headers[PrestatiesHeader].ToString(), System.Globalization.CultureInfo.InvariantCulture);
            await WriteAsync(context, canned.GetOrAdd(count, n => Answer(signer, "_canned", Enumerable.Range(0, n).Select(BulkMessages.Id))));
        });

        await app.RunAsync();
        return 0;
    }

    private static byte[] Answer(WsSecuritySigner signer, string inResponseTo, IEnumerable<PrestatieId> accepted)
    {
        var status = new CentralStatusResponse("_stub-" + Guid.NewGuid().ToString("N"), inResponseTo, DateTimeOffset.UtcNow,
            new CentralStatus(CentralStatus.Success, null, null), [.. accepted.Select(id => new PrestatieStatus(id, Resultaat.Aanvaard, BulkMessages.Minutes, []))], [], null);
        using var envelope = new MemoryStream();
        CentralResponseWriter.Write("SendPrestaties", status, envelope);
        envelope.Position = 0;
        using var signed = new MemoryStream();
        signer.Sign(envelope, signed);
        return signed.ToArray();
    }

    private static Task WriteAsync(HttpContext context, byte[] answer)
    {
        context.Response.ContentType = "text/xml; charset=utf-8";
        context.Response.ContentLength = answer.Length;
        return context.Response.Body.WriteAsync(answer, context.RequestAborted).AsTask();
    }
}
