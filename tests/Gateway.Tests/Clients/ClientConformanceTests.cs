using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace VrijwilligeOppas.Gateway.Tests.Clients;

/// <summary>
/// The SOAP stacks OCMW vendors use, unchanged, against the real gateway on a loopback port: node-soap, Python zeep and
/// suds, PHP's SoapClient (tests/Clients/) and the .NET WCF client (<see cref="WcfClient"/>). Each sends two
/// prestaties, corrects one, consults in pages of one, deletes one known and one unknown id, and uses the connector
/// form; the test checks what each client read from the replies, and that every request it put on the wire is valid
/// against the project's XSDs and KSZ's own.
/// </summary>
public sealed class ClientConformanceTests : IDisposable
{
    private readonly GatewayFactory _gateway;
    private readonly Uri _address;
    private readonly ConcurrentQueue<(string Request, string Reply)> _exchanges = new();

    public ClientConformanceTests()
    {
        _gateway = new GatewayFactory { Replace = services => services.AddSingleton<IStartupFilter>(new CapturingFilter(_exchanges)) };
        _gateway.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        _gateway.StartServer();
        _address = _gateway.ServerAddress!;
    }

    public static string ClientsFolder => RepoPaths.Combine("tests", "Clients");

    [ClientFact(ClientKind.NodeSoap)]
    public async Task NodeSoap_WithPlainObjects_SendsCorrectsConsultsPagesDeletes_AndUsesTheConnector()
    {
        using var result = await RunAsync("node", Path.Combine(ClientsFolder, "node"), "client.mjs", Base);

        AssertScenario(result.RootElement, "N");
        Assert.Equal([0, 0], result.RootElement.GetProperty("connector").GetProperty("returnCodes").EnumerateArray().Select(e => e.GetInt32()));
        AssertEveryRequestValid();
    }

    [ClientFact(ClientKind.Zeep)]
    public async Task Zeep_WithItsGeneratedTypes_SendsCorrectsConsultsPagesDeletes_AndUsesTheConnector()
    {
        using var result = await RunAsync(ClientFactAttribute.DebianPython, Path.Combine(ClientsFolder, "python"), "zeep_client.py", Base);

        AssertScenario(result.RootElement, "Z");
        Assert.Equal([0, 0], result.RootElement.GetProperty("connector").GetProperty("returnCodes").EnumerateArray().Select(e => e.GetInt32()));
        AssertEveryRequestValid(languageSent: true);
    }

    [ClientFact(ClientKind.Suds)]
    public async Task Suds_AsLinosCbssModuleCallsTheConnector_ReadsEveryOutcomeFromServiceReply()
    {
        using var result = await RunAsync(ClientFactAttribute.DebianPython, Path.Combine(ClientsFolder, "python"), "suds_client.py", Base, Path.Combine(KszOwnSchemas.Folder, "WSDL", "WebServiceConnector.wsdl"));

        AssertScenario(result.RootElement, "S");
        AssertRefusalReadable(result.RootElement, "ERROR DIENST_ONBEKEND (GATEWAY)");
        AssertEveryRequestValid();
    }

    [ClientFact(ClientKind.Php)]
    public async Task PhpSoapClient_WithKszsConnectorWsdl_PingsFirst_AndReadsRepliesWithSimplexml()
    {
        using var result = await RunAsync("php", Path.Combine(ClientsFolder, "php"), "client.php", Base, Path.Combine(KszOwnSchemas.Folder, "WSDL"));

        var root = result.RootElement;
        Assert.Equal("ping from CPAS", root.GetProperty("ping").GetProperty("echo").GetString());
        Assert.StartsWith("refused=no client certificate was presented", root.GetProperty("ping").GetProperty("sslCertificate").GetString(), StringComparison.Ordinal);
        Assert.Equal("\"http://ksz-bcss.fgov.be/connectors/WebServiceConnector/sendXML\"", root.GetProperty("soapAction").GetString());
        AssertScenario(root, "C");
        AssertRefusalReadable(root, "ERROR ONDERNEMINGSNUMMER_ONTBREEKT (GATEWAY)");
        AssertEveryRequestValid(languageSent: true);
    }

    [Fact]
    public async Task DotNetWcfClient_WithTheContractSvcutilWouldGenerate_SendsCorrectsConsultsPagesDeletes_AndUsesTheConnector()
    {
        var result = await WcfClient.RunAsync(new Uri(Base + "/ksz/VrijwilligeOppas"));

        AssertScenario(result, "W");
        Assert.Equal([0, 0], result.GetProperty("connector").GetProperty("returnCodes").EnumerateArray().Select(e => e.GetInt32()));
        AssertEveryRequestValid();
    }

    public void Dispose() => _gateway.Dispose();

    private string Base => _address.ToString().TrimEnd('/');

    /// <summary>What every stack must have read: the DST night of 600 minutes, the correction, two pages, the delete.</summary>
    internal static void AssertScenario(JsonElement result, string prefix)
    {
        int ReturnCode(string step) => result.GetProperty(step).GetProperty(result.GetProperty(step).TryGetProperty("serviceReturnCode", out _) ? "serviceReturnCode" : "returnCode").GetInt32();
        IEnumerable<string?> Strings(string step, string name) => result.GetProperty(step).GetProperty(name).EnumerateArray().Select(e => e.GetString());
        IEnumerable<int> Numbers(string step, string name) => result.GetProperty(step).GetProperty(name).EnumerateArray().Select(e => e.GetInt32());

        Assert.Equal(0, ReturnCode("send"));
        Assert.Equal(["AANVAARD", "AANVAARD"], Strings("send", "statuses"));
        Assert.Equal([600, 210], Numbers("send", "durations"));
        Assert.Equal(0, ReturnCode("correction"));
        Assert.Equal(["AANVAARD"], Strings("correction", "statuses"));
        Assert.Equal([240], Numbers("correction", "durations"));
        Assert.Equal([$"{prefix}-1"], Strings("page1", "ids"));
        Assert.Equal([600], Numbers("page1", "durations"));
        Assert.False(string.IsNullOrEmpty(result.GetProperty("page1").GetProperty("next").GetString()));
        Assert.Equal([$"{prefix}-2"], Strings("page2", "ids"));
        Assert.Equal([240], Numbers("page2", "durations"));
        Assert.Equal(1, ReturnCode("delete"));
        Assert.Equal(["VERWIJDERD", "NIET_GEVONDEN"], Strings("delete", "statuses"));
    }

    private static void AssertRefusalReadable(JsonElement result, string detail)
    {
        var refused = result.GetProperty("refused");
        Assert.Equal(10000, refused.GetProperty("returnCode").GetInt32());
        Assert.Equal([detail], refused.GetProperty("details").EnumerateArray().Select(e => e.GetString()));
        Assert.Matches("^[0-9a-f]{32}$", refused.GetProperty("ticket").GetString());
    }

    /// <summary>
    /// What a client put on the wire and the gateway accepted is valid against the project's XSDs and against KSZ's
    /// own; a message carrying <c>Language</c> is the one documented exception on KSZ's side (its published copy
    /// predates the element). Messages a scenario sends to be refused are left out.
    /// </summary>
    private void AssertEveryRequestValid(bool languageSent = false)
    {
        var accepted = _exchanges.Where(e => new KszAnswer(200, e.Reply).ReturnCode != 10000).Select(e => e.Request).ToList();
        Assert.True(accepted.Count >= 5, $"{accepted.Count} accepted messages");
        foreach (var request in accepted)
        {
            Assert.Empty(SchemaValidation.KszErrors(request));
            var kszErrors = KszOwnSchemas.Errors(request);
            if (languageSent)
            {
                Assert.All(kszErrors, error => Assert.Contains("Language", error, StringComparison.Ordinal));
            }
            else
            {
                Assert.Empty(kszErrors);
            }
        }
    }

    private static async Task<JsonDocument> RunAsync(string program, string folder, params string[] arguments)
    {
        var start = new ProcessStartInfo(program) { WorkingDirectory = folder, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(2));
        Assert.True(process.ExitCode == 0, $"{program} {string.Join(' ', arguments)} exited with {process.ExitCode}:\n{await error}\n{await output}");
        return JsonDocument.Parse(await output);
    }

    /// <summary>Keeps every SOAP request the gateway receives and its reply, as they crossed the wire.</summary>
    private sealed class CapturingFilter(ConcurrentQueue<(string Request, string Reply)> exchanges) : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use(async (context, proceed) =>
            {
                if (!HttpMethods.IsPost(context.Request.Method) || context.Request.Path != "/ksz/VrijwilligeOppas")
                {
                    await proceed(context);
                    return;
                }

                context.Request.EnableBuffering();
                using var reader = new StreamReader(context.Request.Body, leaveOpen: true);
                var request = await reader.ReadToEndAsync();
                context.Request.Body.Position = 0;
                var wire = context.Response.Body;
                using var reply = new MemoryStream();
                context.Response.Body = reply;
                await proceed(context);
                context.Response.Body = wire;
                exchanges.Enqueue((request, System.Text.Encoding.UTF8.GetString(reply.ToArray())));
                reply.Position = 0;
                await reply.CopyToAsync(wire);
            });
            next(app);
        };
    }
}
