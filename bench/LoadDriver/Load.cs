using System.Diagnostics;
using System.Net.Http.Headers;

namespace VrijwilligeOppas.LoadDriver;

/// <summary>What one scenario measured: latencies of the requests that succeeded, in milliseconds, sorted.</summary>
internal sealed record LoadResult(int Succeeded, int Failed, TimeSpan Elapsed, double[] LatenciesMs)
{
    public double Throughput => Succeeded / Elapsed.TotalSeconds;

    public double Percentile(double p) => LatenciesMs.Length == 0 ? double.NaN : LatenciesMs[Math.Min(LatenciesMs.Length - 1, (int)Math.Ceiling(p * LatenciesMs.Length) - 1)];
}

/// <summary>A closed loop: each connection sends the next request as soon as it has its answer.</summary>
internal sealed class Load(Uri target, byte[] message, int prestaties, byte[] successMarker) : IDisposable
{
    private readonly HttpClient _client = new(new SocketsHttpHandler { PooledConnectionLifetime = Timeout.InfiniteTimeSpan })
    {
        Timeout = TimeSpan.FromMinutes(5),
    };

    /// <summary>Runs <paramref name="connections"/> loops until <paramref name="duration"/> has passed or each has sent <paramref name="maxRequests"/>.</summary>
    public async Task<LoadResult> RunAsync(int connections, TimeSpan duration, int maxRequests, CancellationToken cancellationToken)
    {
        var stopwatch = Stopwatch.StartNew();
        var loops = await Task.WhenAll(Enumerable.Range(0, connections).Select(async _ =>
        {
            var latencies = new List<double>();
            var failed = 0;
            while (stopwatch.Elapsed < duration && latencies.Count + failed < maxRequests)
            {
                var started = Stopwatch.GetTimestamp();
                if (await SendAsync(cancellationToken))
                {
                    latencies.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                }
                else
                {
                    failed++;
                }
            }

            return (latencies, failed);
        }));
        var elapsed = stopwatch.Elapsed;
        var all = loops.SelectMany(loop => loop.latencies).Order().ToArray();
        return new LoadResult(all.Length, loops.Sum(loop => loop.failed), elapsed, all);
    }

    public void Dispose() => _client.Dispose();

    private async Task<bool> SendAsync(CancellationToken cancellationToken)
    {
        using var content = new ByteArrayContent(message);
        content.Headers.ContentType = MediaTypeHeaderValue.Parse("text/xml; charset=utf-8");
        using var request = new HttpRequestMessage(HttpMethod.Post, target) { Content = content };
        request.Headers.Add(CentralStub.PrestatiesHeader, prestaties.ToString(System.Globalization.CultureInfo.InvariantCulture));
        using var response = await _client.SendAsync(request, cancellationToken);
        var answer = await response.Content.ReadAsByteArrayAsync(cancellationToken);
        return response.IsSuccessStatusCode && answer.AsSpan().IndexOf(successMarker) >= 0;
    }
}
