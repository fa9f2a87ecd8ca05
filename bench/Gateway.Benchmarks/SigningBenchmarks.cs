using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using BenchmarkDotNet.Attributes;
using VrijwilligeOppas.Mapping.Central;
using VrijwilligeOppas.Mapping.Exchange;
using VrijwilligeOppas.Mapping.Identifiers;
using VrijwilligeOppas.Security;
using VrijwilligeOppas.Emulator.Contract;

namespace VrijwilligeOppas.Benchmarks;

/// <summary>
/// WS-Security per message: signing the eHealth request and verifying the central answer. The baseline is one raw
/// RSA-2048 SHA-256 signature in the same run, the physical floor of signing one message.
/// </summary>
[MemoryDiagnoser]
public class SigningBenchmarks
{
    private static readonly DateTimeOffset Now = new(2026, 11, 22, 9, 15, 0, TimeSpan.Zero);

    private X509Certificate2 _certificate = null!;
    private RSA _key = null!;
    private WsSecuritySigner _signer = null!;
    private WsSecurityVerifier _verifier = null!;
    private byte[] _request = [];
    private byte[] _signedAnswer = [];
    private readonly byte[] _digest = SHA256.HashData("one message"u8);

    [Params(1, 100, 10_000)]
    public int Prestaties { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _certificate = SelfSignedCertificates.Create("benchmark", Now.AddYears(-1), Now.AddYears(2));
        _key = _certificate.GetRSAPrivateKey()!;
        var clock = new FixedClock(Now);
        _signer = new WsSecuritySigner(_certificate, clock);
        _verifier = new WsSecurityVerifier(X509CertificateLoader.LoadCertificate(_certificate.RawData), TimeSpan.FromMinutes(5), clock);

        var ids = Enumerable.Range(0, Prestaties).Select(i => PrestatieId.Parse($"P-{i:D6}")).ToList();
        var afzender = new Afzender(Ondernemingsnummer.Parse("0212344876"), Insz.Parse("85073003328"), "REF-1");
        using (var request = new MemoryStream())
        {
            CentralRequestWriter.Write(new DeletePrestatiesRequest("_r", Now, afzender, Erkenningsnummer.Create(123), ids), request);
            _request = request.ToArray();
        }

        using var answer = new MemoryStream();
        CentralResponseWriter.Write("DeletePrestaties", new CentralStatusResponse("_a", "_r", Now, new CentralStatus(CentralStatus.Success, null, null), [.. ids.Select(id => new PrestatieStatus(id, Resultaat.Verwijderd, null, []))], [], null), answer);
        answer.Position = 0;
        using var signed = new MemoryStream();
        _signer.Sign(answer, signed);
        _signedAnswer = signed.ToArray();
    }

    [Benchmark(Baseline = true, Description = "one RSA-2048 signature")]
    public byte[] RawSignature() => _key.SignHash(_digest, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);

    [Benchmark(Description = "sign eHealth request")]
    public long Sign()
    {
        using var output = new MemoryStream(_request.Length + 4096);
        _signer.Sign(new MemoryStream(_request), output);
        return output.Length;
    }

    [Benchmark(Description = "verify signed answer")]
    public bool Verify() => _verifier.Verify(new MemoryStream(_signedAnswer), 64 * 1024 * 1024).IsValid;

    private sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
