using System.Text.RegularExpressions;
using VrijwilligeOppas.Mapping.Contracts;

namespace VrijwilligeOppas.Gateway.Tests;

public partial class ContractEndpointTests
{
    [Fact]
    public async Task Wsdl_IsServedWithTheGatewaysAddressAndEveryImportResolves()
    {
        using var gateway = new GatewayFactory();
        using var client = gateway.CreateClient();

        var wsdl = await client.GetStringAsync("/ksz/VrijwilligeOppas?wsdl");

        Assert.Contains($"location=\"{client.BaseAddress!.ToString().TrimEnd('/')}/ksz/VrijwilligeOppas\"", wsdl, StringComparison.Ordinal);
        var pending = new Queue<string>(SchemaLocations(wsdl));
        var fetched = new HashSet<string>();
        while (pending.TryDequeue(out var file))
        {
            if (!fetched.Add(file))
            {
                continue;
            }

            var xsd = await client.GetStringAsync($"/ksz/{file}");
            Assert.Equal(System.Text.Encoding.UTF8.GetString(ContractFiles.Read("ksz/" + file)), xsd);
            foreach (var import in SchemaLocations(xsd))
            {
                pending.Enqueue(import);
            }
        }

        Assert.Equal(["SSDNCommon.xsd", "SSDNCommonTypes.xsd", "SSDNService.xsd", "VrijwilligeOppas.xsd", "WebServiceConnector.xsd"], fetched.Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData("/ksz/nothing.xsd")]
    [InlineData("/ksz/..%2Fehealth%2Fehealth-commons-core-2_0.xsd")]
    [InlineData("/ksz/VrijwilligeOppas.wsdl")]
    public async Task Xsd_UnknownOrOutsideTheKszFolder_IsNotFound(string path)
    {
        using var gateway = new GatewayFactory();
        using var client = gateway.CreateClient();

        Assert.Equal(System.Net.HttpStatusCode.NotFound, (await client.GetAsync(path)).StatusCode);
    }

    [Fact]
    public async Task Health_LiveAndReady_AnswerOk()
    {
        using var gateway = new GatewayFactory();
        using var client = gateway.CreateClient();

        Assert.Equal("Healthy", await client.GetStringAsync("/health/live"));
        Assert.Equal("Healthy", await client.GetStringAsync("/health/ready"));
    }

    [Fact]
    public async Task HealthReady_WithoutAnyHealthyCentralDestination_IsUnhealthy()
    {
        using var gateway = new GatewayFactory(realClock: true, settings: new()
        {
            ["ReverseProxy:Clusters:central:Destinations:primary:Address"] = "http://127.0.0.1:1/",
            ["ReverseProxy:Clusters:central:HealthCheck:Active:Interval"] = "00:00:01",
            ["ReverseProxy:Clusters:central:Metadata:ConsecutiveFailuresHealthPolicy.Threshold"] = "1",
        });
        using var client = gateway.CreateClient();
        var proxy = (Yarp.ReverseProxy.IProxyStateLookup)gateway.Services.GetService(typeof(Yarp.ReverseProxy.IProxyStateLookup))!;

        // Wait for YARP's first active probe of the unreachable destination to mark it unhealthy.
        for (var i = 0; i < 100 && proxy.TryGetCluster("central", out var cluster) && cluster.Destinations.Values.All(d => d.Health.Active != Yarp.ReverseProxy.Model.DestinationHealth.Unhealthy); i++)
        {
            await Task.Delay(100);
        }

        var response = await client.GetAsync("/health/ready");

        Assert.Equal(System.Net.HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal(System.Net.HttpStatusCode.OK, (await client.GetAsync("/health/live")).StatusCode);
    }

    private static IEnumerable<string> SchemaLocations(string xml) => SchemaLocation().Matches(xml).Select(m => m.Groups[1].Value);

    [GeneratedRegex("schemaLocation=\"([^\"]+)\"")]
    private static partial Regex SchemaLocation();
}
