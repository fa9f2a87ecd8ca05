using System.Text;
using System.Xml;
using BenchmarkDotNet.Attributes;
using VrijwilligeOppas.Mapping.Central;
using VrijwilligeOppas.Mapping.Contracts;
using VrijwilligeOppas.Mapping.Exchange;
using VrijwilligeOppas.Mapping.Identifiers;
using VrijwilligeOppas.Mapping.Ksz;
using VrijwilligeOppas.Mapping.Rules;
using VrijwilligeOppas.Tests.Shared;
using VrijwilligeOppas.Emulator.Contract;
using VrijwilligeOppas.Xml;

namespace VrijwilligeOppas.Benchmarks;

/// <summary>
/// The gateway's CPU work per message without the network: parse and validate a KSZ send, admit and map it, write
/// the eHealth request; and read the central answer back. The baseline is a bare XmlReader pass over the same
/// bytes in the same run, so results read as ratios on whatever machine runs them.
/// </summary>
[MemoryDiagnoser]
public class MappingBenchmarks
{
    private static readonly DienstRegistry Registry = new([new Dienst(Erkenningsnummer.Create(123), "OCMW Gent", Ondernemingsnummer.Parse("0212344876"), DienstType.Openbaar, new DateOnly(2015, 1, 1), null)]);
    private static readonly DateTimeOffset Now = new(2026, 11, 22, 10, 15, 0, TimeSpan.FromHours(1));

    private readonly KszMessageReader _reader = new(64 * 1024 * 1024);
    private byte[] _request = [];
    private byte[] _answer = [];

    [Params(1, 100, 10_000)]
    public int Prestaties { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _request = Encoding.UTF8.GetBytes(KszMessages.Send([.. Enumerable.Range(0, Prestaties).Select(i =>
            new KszMessages.P($"P-{i:D6}", Datum: $"2026-10-{1 + (i % 28):D2}", Begin: "22:00:00", Eind: "07:00:00"))]));
        var admitted = Admit();
        var statuses = ((SendPrestatiesRequest)admitted.Request!).Prestaties.Select(p => new PrestatieStatus(p.Id, Resultaat.Aanvaard, p.Periode.DuurMinuten, [])).ToList();
        using var answer = new MemoryStream();
        CentralResponseWriter.Write("SendPrestaties", new CentralStatusResponse("_a", admitted.Request!.Id, Now, new CentralStatus(CentralStatus.Success, null, null), statuses, [], null), answer);
        _answer = answer.ToArray();
    }

    [Benchmark(Baseline = true, Description = "bare XmlReader pass")]
    public int BareXmlReader()
    {
        using var reader = XmlReader.Create(new MemoryStream(_request), new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null, IgnoreWhitespace = true });
        var nodes = 0;
        while (reader.Read())
        {
            nodes++;
        }

        return nodes;
    }

    /// <summary>What schema validation alone costs: the framework's validating reader with the compiled KSZ schemas, no model.</summary>
    [Benchmark(Description = "validating XmlReader pass")]
    public int ValidatingXmlReader()
    {
        using var reader = XmlReader.Create(new MemoryStream(_request), SafeXml.MessageSettings(ContractSchemas.Ksz, long.MaxValue));
        var nodes = 0;
        while (reader.Read())
        {
            nodes++;
        }

        return nodes;
    }

    [Benchmark(Description = "parse + validate")]
    public KszReadResult ParseAndValidate() => _reader.Read(new MemoryStream(_request));

    [Benchmark(Description = "parse + validate + admit + write eHealth")]
    public long ParseValidateMapWrite()
    {
        var admitted = Admit();
        using var output = new MemoryStream(_request.Length * 2);
        CentralRequestWriter.Write(admitted.Request!, output);
        return output.Length;
    }

    [Benchmark(Description = "read + validate eHealth answer")]
    public CentralResponse ReadCentralAnswer() => CentralResponseReader.Read(new MemoryStream(_answer), 64 * 1024 * 1024);

    private AdmissionResult Admit() =>
        Admission.Admit(_reader.Read(new MemoryStream(_request)).Message!, null, BodyForm.DocumentLiteral, null, Registry, "0123456789abcdef0123456789abcdef", Now);
}
