using System.Collections.Concurrent;
using System.Net.Http.Headers;
using System.Text;
using System.Xml.Linq;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using VrijwilligeOppas.Gateway.Sandbox;
using VrijwilligeOppas.Mapping.Contracts;

namespace VrijwilligeOppas.Gateway.Tests;

/// <summary>
/// The real gateway host in sandbox mode, with the real emulator on a loopback port, its own data folder, a clock
/// the test controls and every log line captured.
/// </summary>
public sealed class GatewayFactory : WebApplicationFactory<Program>
{
    public static readonly DateTimeOffset DefaultNow = new(2026, 11, 22, 10, 15, 0, TimeSpan.FromHours(1));

    private readonly Dictionary<string, string?> _settings;

    public GatewayFactory(DateTimeOffset? now = null, Dictionary<string, string?>? settings = null, bool realClock = false)
    {
        Clock = realClock ? TimeProvider.System : new FakeTimeProvider(now ?? DefaultNow);
        _settings = settings ?? [];
    }

    public TimeProvider Clock { get; }

    /// <summary>Service replacements for the test (a failing store, say), applied after the gateway's own.</summary>
    public Action<IServiceCollection>? Replace { get; init; }

    public string DataDirectory { get; } = Path.Combine(Path.GetTempPath(), "vo-gateway-tests", Guid.NewGuid().ToString("N"));

    public ConcurrentQueue<string> Logs { get; } = new();

    /// <summary>The real address after <c>UseKestrel</c> and <c>StartServer</c>; null on the in-memory test server.</summary>
    public Uri? ServerAddress => Services.GetRequiredService<Microsoft.AspNetCore.Hosting.Server.IServer>().Features
        .Get<Microsoft.AspNetCore.Hosting.Server.Features.IServerAddressesFeature>()?.Addresses.Select(a => new Uri(a)).FirstOrDefault();

    public Uri EmulatorAddress => Services.GetRequiredService<SandboxCentralService>().EmulatorAddress!;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("Gateway:DataDirectory", DataDirectory);
        if (Clock is FakeTimeProvider)
        {
            // A fake clock never lets a backoff delay end; retries still happen, back to back.
            builder.UseSetting("Reliability:RetryBaseDelay", "00:00:00");
        }

        foreach (var (key, value) in _settings)
        {
            builder.UseSetting(key, value);
        }

        builder.ConfigureLogging(logging => logging.AddProvider(new CapturingLoggerProvider(Logs)).SetMinimumLevel(LogLevel.Trace));
        builder.ConfigureServices(services => services.AddSingleton(Clock));
        if (Replace is { } replace)
        {
            builder.ConfigureTestServices(replace);
        }
    }

    /// <summary>
    /// Posts a SOAP message as an OCMW would. Every SSDN reply is held to the project's published schemas and to KSZ's
    /// own (<c>../shared/ksz/</c>): whatever a test sends, the answer must be one a KSZ client can validate and read.
    /// </summary>
    public async Task<KszAnswer> PostAsync(string xml, string? soapAction = null, string contentType = "text/xml; charset=utf-8")
    {
        using var client = CreateClient();
        using var content = new StringContent(xml, Encoding.UTF8);
        content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        using var request = new HttpRequestMessage(HttpMethod.Post, "/ksz/VrijwilligeOppas") { Content = content };
        if (soapAction is not null)
        {
            request.Headers.TryAddWithoutValidation("SOAPAction", soapAction);
        }

        using var response = await client.SendAsync(request);
        var answer = new KszAnswer((int)response.StatusCode, await response.Content.ReadAsStringAsync());
        if (answer.FaultCode is null)
        {
            Assert.Empty(SchemaValidation.KszErrors(answer.Body));
            Assert.Empty(KszOwnSchemas.Errors(answer.Body));
        }

        return answer;
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        try
        {
            Directory.Delete(DataDirectory, recursive: true);
        }
        catch (IOException)
        {
            // SQLite's pool may still hold the file for a moment; the folder is under the temp directory.
        }
    }

    private sealed class CapturingLoggerProvider(ConcurrentQueue<string> lines) : ILoggerProvider
    {
        public ILogger CreateLogger(string categoryName) => new Logger(categoryName, lines);

        public void Dispose()
        {
        }

        private sealed class Logger(string category, ConcurrentQueue<string> lines) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state)
                where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
                lines.Enqueue($"{logLevel} {category}: {formatter(state, exception)} {exception}");
        }
    }
}

/// <summary>What the gateway answered, with the SSDN reply unwrapped from either body form.</summary>
public sealed record KszAnswer(int StatusCode, string Body)
{
    private static readonly XNamespace Soap = Ns.Soap;
    private static readonly XNamespace Ssdn = Ns.Ssdn;
    private static readonly XNamespace Common = Ns.Common;
    private static readonly XNamespace Vo = Ns.Vo;

    public XElement Reply => Document.Descendants(Ssdn + "SSDNReply").SingleOrDefault()
        ?? XElement.Parse(Document.Descendants(XName.Get("xmlString", Ns.Bcss)).Single().Value);

    public bool IsConnectorForm => Document.Descendants(XName.Get("xmlString", Ns.Bcss)).Any();

    public XDocument Document => XDocument.Parse(Body);

    public string? FaultCode => Document.Descendants(Soap + "Fault").SingleOrDefault()?.Element("faultcode")?.Value;

    public int ReturnCode => (int)Reply.Element(Ssdn + "ReplyContext")!.Element(Common + "ResultSummary")!.Element(Common + "ReturnCode")!;

    public int? ServiceReturnCode => (int?)Reply.Element(Ssdn + "ServiceReply")?.Element(Common + "ResultSummary")?.Element(Common + "ReturnCode");

    /// <summary>ReasonCodes of the whole-message refusal.</summary>
    public IReadOnlyList<string> ReasonCodes => [.. Reply.Element(Ssdn + "ReplyContext")!.Descendants(Common + "ReasonCode").Select(e => e.Value)];

    /// <summary>ReasonCodes in the ServiceReply's own ResultSummary (not those of its items).</summary>
    public IReadOnlyList<string> ServiceReasonCodes => [.. Reply.Element(Ssdn + "ServiceReply")!.Element(Common + "ResultSummary")!.Descendants(Common + "ReasonCode").Select(e => e.Value)];

    /// <summary>Whether the ServiceReply carries a payload reply (a refusal's does not).</summary>
    public bool HasPayload => Reply.Element(Ssdn + "ServiceReply")!.Elements().Any(e => e.Name.Namespace == Vo);

    /// <summary>
    /// A refusal as KSZ's clients read it: 10000 with the same Details in ReplyContext and in ServiceReply, which is
    /// there although nothing was processed (Lino raises "Missing ResultSummary" without it).
    /// </summary>
    public void AssertRefusedInBothSummaries(string reasonCode)
    {
        Assert.Equal((10000, 10000), (ReturnCode, ServiceReturnCode));
        Assert.Equal([reasonCode], ReasonCodes);
        Assert.Equal([reasonCode], ServiceReasonCodes);
        Assert.False(HasPayload);
    }

    public string Ticket => Reply.Descendants(Ssdn + "Ticket").Single().Value;

    public IReadOnlyList<XElement> Resultaten => [.. Reply.Descendants(Vo + "Resultaat")];

    public IReadOnlyList<XElement> Prestaties => [.. Reply.Descendants(Vo + "Prestatie")];

    public string? VolgendeSleutel => Reply.Descendants(Vo + "VolgendeSleutel").SingleOrDefault()?.Value;

    public static string Status(XElement resultaat) => resultaat.Element(Vo + "Status")!.Value;

    public static int? Duur(XElement element) => (int?)element.Element(Vo + "DuurMinuten");

    public static IReadOnlyList<string> ItemReasons(XElement resultaat) => [.. resultaat.Descendants(Common + "ReasonCode").Select(e => e.Value)];

    public static IReadOnlyList<string> ItemAuthors(XElement resultaat) => [.. resultaat.Descendants(Common + "AuthorCodeList").Select(e => e.Value)];

    public static string Field(XElement element, string name) => element.Element(Vo + name)!.Value;
}
