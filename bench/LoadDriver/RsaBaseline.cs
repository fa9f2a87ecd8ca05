using System.Diagnostics;
using System.Security.Cryptography;

namespace VrijwilligeOppas.LoadDriver;

/// <summary>(c) The machine's RSA-2048 SHA-256 signing rate: one signature per signed request is the physical floor.</summary>
internal static class RsaBaseline
{
    public sealed record Rate(int Threads, double SignaturesPerSecond, double CpuMsPerSignature);

    public static Rate Measure(int threads, TimeSpan duration)
    {
        using var key = RSA.Create(2048);
        var parameters = key.ExportParameters(includePrivateParameters: true);
        var hash = SHA256.HashData("one SignedInfo"u8);
        var process = Process.GetCurrentProcess();
        var cpuBefore = process.TotalProcessorTime;
        var stopwatch = Stopwatch.StartNew();
        var counts = new long[threads];
        Parallel.For(0, threads, new ParallelOptions { MaxDegreeOfParallelism = threads }, thread =>
        {
            using var own = RSA.Create(parameters);
            while (stopwatch.Elapsed < duration)
            {
                own.SignHash(hash, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
                counts[thread]++;
            }
        });
        var elapsed = stopwatch.Elapsed;
        process.Refresh();
        var signatures = counts.Sum();
        return new Rate(threads, signatures / elapsed.TotalSeconds, (process.TotalProcessorTime - cpuBefore).TotalMilliseconds / signatures);
    }
}
