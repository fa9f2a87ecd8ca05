using System.Diagnostics;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace VrijwilligeOppas.Tests.Shared;

/// <summary>
/// A local RFC 3161 time-stamping authority made with <c>openssl ts</c>: its own CA, a TSA certificate with the
/// critical timeStamping usage issued by that CA, and an <c>openssl ts -reply</c> configuration. Independent of the
/// .NET code under test, which requests and verifies its tokens.
/// </summary>
internal sealed class OpenSslTsa : IDisposable
{
    private static readonly DateTimeOffset NotBefore = new(2024, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset NotAfter = new(2029, 12, 31, 0, 0, 0, TimeSpan.Zero);

    private OpenSslTsa(string folder, X509Certificate2 ca)
    {
        Folder = folder;
        Ca = ca;
    }

    public string Folder { get; }

    public X509Certificate2 Ca { get; }

    /// <summary>The CA certificate (PEM) a verifier is configured with.</summary>
    public string CaPath => Path.Combine(Folder, "ca.crt");

    public static string? OpenSsl { get; } = new[] { "/usr/bin/openssl", "/usr/local/bin/openssl" }.FirstOrDefault(File.Exists);

    /// <summary>A TSA whose CA is <paramref name="caName"/>; two TSAs made with different names do not trust each other.</summary>
    public static OpenSslTsa Create(string caName = "Test TSA root")
    {
        var folder = Directory.CreateTempSubdirectory("vo-tsa-").FullName;
        using var caKey = RSA.Create(2048);
        var caRequest = new CertificateRequest($"CN={caName}", caKey, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        caRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        caRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        var ca = caRequest.CreateSelfSigned(NotBefore, NotAfter);

        using var tsaKey = RSA.Create(2048);
        var tsaRequest = new CertificateRequest("CN=Test TSA", tsaKey, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        tsaRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        tsaRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        tsaRequest.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.8")], critical: true));
        using var tsa = tsaRequest.Create(ca, NotBefore, NotAfter, RandomNumberGenerator.GetBytes(8));

        File.WriteAllText(Path.Combine(folder, "ca.crt"), ca.ExportCertificatePem());
        File.WriteAllText(Path.Combine(folder, "tsa.crt"), tsa.ExportCertificatePem());
        File.WriteAllText(Path.Combine(folder, "tsa.key"), tsaKey.ExportPkcs8PrivateKeyPem());
        File.WriteAllText(Path.Combine(folder, "serial"), "01\n");
        File.WriteAllText(Path.Combine(folder, "tsa.cnf"), $"""
            [ tsa ]
            default_tsa = tsa_config
            [ tsa_config ]
            dir = {folder}
            serial = $dir/serial
            crypto_device = builtin
            signer_cert = $dir/tsa.crt
            certs = $dir/ca.crt
            signer_key = $dir/tsa.key
            signer_digest = sha256
            default_policy = 1.2.3.4.1
            digests = sha256, sha384, sha512
            accuracy = secs:1
            ordering = yes
            tsa_name = yes
            ess_cert_id_chain = no
            ess_cert_id_alg = sha256
            """);
        return new OpenSslTsa(folder, ca);
    }

    /// <summary>Answers a DER <c>TimeStampReq</c> with a DER <c>TimeStampResp</c>, as a TSA's HTTP endpoint does.</summary>
    public async Task<byte[]> ReplyAsync(byte[] query)
    {
        var name = Guid.NewGuid().ToString("N");
        var (queryPath, replyPath) = (Path.Combine(Folder, name + ".tsq"), Path.Combine(Folder, name + ".tsr"));
        await File.WriteAllBytesAsync(queryPath, query);
        await RunAsync("ts", "-reply", "-config", Path.Combine(Folder, "tsa.cnf"), "-queryfile", queryPath, "-out", replyPath);
        return await File.ReadAllBytesAsync(replyPath);
    }

    /// <summary>A token (DER TimeStampToken) over <paramref name="data"/>, made entirely by openssl.</summary>
    public async Task<byte[]> StampAsync(byte[] data)
    {
        var name = Guid.NewGuid().ToString("N");
        var (dataPath, queryPath, tokenPath) = (Path.Combine(Folder, name + ".dat"), Path.Combine(Folder, name + ".tsq"), Path.Combine(Folder, name + ".tok"));
        await File.WriteAllBytesAsync(dataPath, data);
        await RunAsync("ts", "-query", "-data", dataPath, "-sha256", "-cert", "-out", queryPath);
        await RunAsync("ts", "-reply", "-config", Path.Combine(Folder, "tsa.cnf"), "-queryfile", queryPath, "-token_out", "-out", tokenPath);
        return await File.ReadAllBytesAsync(tokenPath);
    }

    /// <summary>Runs openssl; returns its exit code and output (for <c>openssl ts -verify</c>, whose verdict is the point).</summary>
    public static async Task<(int ExitCode, string Output)> RunAsync(params string[] arguments)
    {
        var start = new ProcessStartInfo(OpenSsl ?? throw new InvalidOperationException("openssl is not installed")) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEndAsync();
        var output = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        var result = (process.ExitCode, output + await error);
        if (arguments is ["ts", "-reply" or "-query", ..] && result.ExitCode != 0)
        {
            throw new InvalidOperationException("openssl " + string.Join(' ', arguments) + " failed: " + result.Item2);
        }

        return result;
    }

    public void Dispose() => Directory.Delete(Folder, recursive: true);
}

/// <summary>A fact that needs <c>openssl</c> (Debian package <c>openssl</c>); skipped without it, which <c>.ci/run</c> refuses.</summary>
internal sealed class OpenSslFactAttribute : FactAttribute
{
    public OpenSslFactAttribute()
    {
        if (OpenSslTsa.OpenSsl is null)
        {
            Skip = "openssl is not installed (apt-get install openssl); .ci/run installs it.";
        }
    }
}
