using System.Net;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace VrijwilligeOppas.Gateway.Tests.Console;

/// <summary>
/// The two listeners stay apart: the console and /metrics are not on the OCMW-facing port, the OCMW service is not
/// on the management port. /metrics carries the gateway's own metrics, runtime and process metrics, and every
/// metric the Grafana dashboard queries. Console pages carry the security headers and are never cached.
/// </summary>
public sealed partial class ManagementEndpointTests(ConsoleGateway console) : IClassFixture<ConsoleGateway>
{
    [Theory]
    [InlineData("/console")]
    [InlineData("/console/messages")]
    [InlineData("/console/person")]
    [InlineData("/console/console.css")]
    [InlineData("/metrics")]
    public async Task OnTheOcmwPort_TheConsoleAndMetricsAreNotFound(string path)
    {
        using var client = new HttpClient { BaseAddress = console.Ocmw };

        using var response = await client.GetAsync(new Uri(path, UriKind.Relative));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Theory]
    [InlineData("/ksz/VrijwilligeOppas?wsdl")]
    [InlineData("/health/ready")]
    [InlineData("/")]
    public async Task OnTheManagementPort_NothingButTheConsoleAndMetrics(string path)
    {
        using var client = Client("operator");

        using var response = await client.GetAsync(new Uri(path, UriKind.Relative));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task ConsolePages_CarryTheSecurityHeaders_AndChangeNothing()
    {
        using var client = Client("consultant");

        using var page = await client.GetAsync(new Uri("/console/messages", UriKind.Relative));
        using var delete = await client.DeleteAsync(new Uri("/console/messages", UriKind.Relative));
        using var put = await client.PutAsync(new Uri("/console", UriKind.Relative), new StringContent("x"));
        using var postWithoutToken = await client.PostAsync(new Uri("/console/person", UriKind.Relative), new FormUrlEncodedContent([new("Insz", KszMessages.StaffInsz)]));

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        var csp = string.Join(' ', page.Headers.GetValues("Content-Security-Policy"));
        Assert.Contains("default-src 'none'", csp, StringComparison.Ordinal);
        Assert.Contains("frame-ancestors 'none'", csp, StringComparison.Ordinal);
        Assert.DoesNotContain("unsafe-inline", csp, StringComparison.Ordinal);
        Assert.Equal("DENY", page.Headers.GetValues("X-Frame-Options").Single());
        Assert.Equal("nosniff", page.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal("no-referrer", page.Headers.GetValues("Referrer-Policy").Single());
        Assert.True(page.Headers.CacheControl?.NoStore);
        Assert.DoesNotContain("<script", await page.Content.ReadAsStringAsync(), StringComparison.OrdinalIgnoreCase);
        Assert.Equal(HttpStatusCode.MethodNotAllowed, delete.StatusCode);
        Assert.Equal(HttpStatusCode.MethodNotAllowed, put.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, postWithoutToken.StatusCode); // antiforgery
    }

    [Fact]
    public async Task Metrics_HoldTheGatewaysOwn_RuntimeAndProcessMetrics_AndEveryMetricTheDashboardQueries()
    {
        using var client = Client(null);

        var metrics = await client.GetStringAsync(new Uri("/metrics", UriKind.Relative));
        File.WriteAllText(Path.Combine(Path.GetTempPath(), "vo-gateway-metrics.txt"), metrics);

        var exported = MetricName().Matches(metrics).Select(m => m.Groups[1].Value).ToHashSet(StringComparer.Ordinal);
        Assert.Contains("vo_gateway_messages_total", exported);
        Assert.Contains("vo_gateway_refusals_total", exported);
        Assert.Contains(exported, name => name.StartsWith("process_", StringComparison.Ordinal));
        Assert.Contains(exported, name => name.StartsWith("dotnet_", StringComparison.Ordinal));
        Assert.DoesNotContain(KszMessages.StaffInsz, metrics, StringComparison.Ordinal);

        var dashboards = Directory.GetFiles(RepoPaths.Combine("deploy", "grafana"), "*.json");
        Assert.NotEmpty(dashboards);
        foreach (var file in dashboards)
        {
            using var dashboard = JsonDocument.Parse(File.ReadAllText(file));
            var queries = Expressions(dashboard.RootElement).ToList();
            Assert.NotEmpty(queries);
            foreach (var query in queries)
            {
                var names = QueriedMetric().Matches(query).Select(m => m.Value).Where(IsMetricName).ToList();
                Assert.True(names.Count > 0, $"{Path.GetFileName(file)}: '{query}' names no metric");
                Assert.All(names, name => Assert.True(exported.Contains(name), $"{Path.GetFileName(file)}: '{query}' queries {name}, which the gateway does not export"));
            }
        }
    }

    private static IEnumerable<string> Expressions(JsonElement element)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                foreach (var property in element.EnumerateObject())
                {
                    if (property.Name == "expr" && property.Value.ValueKind == JsonValueKind.String)
                    {
                        yield return property.Value.GetString()!;
                    }
                    else
                    {
                        foreach (var inner in Expressions(property.Value))
                        {
                            yield return inner;
                        }
                    }
                }

                break;
            case JsonValueKind.Array:
                foreach (var item in element.EnumerateArray())
                {
                    foreach (var inner in Expressions(item))
                    {
                        yield return inner;
                    }
                }

                break;
        }
    }

    /// <summary>A PromQL identifier that is a metric, not a function, keyword, label or range.</summary>
    private static bool IsMetricName(string token) =>
        token.Contains('_', StringComparison.Ordinal)
        && !token.StartsWith("histogram_", StringComparison.Ordinal)
        && token is not ("le" or "by" or "sum" or "rate" or "increase" or "without" or "reason_code" or "return_code" or "ksz_operation" or "ksz_return_code" or "ksz_reason_code" or "http_response_status_code" or "http_route" or "retry_reason" or "audit_outcome" or "service_name" or "label_values" or "max_over_time" or "avg_over_time");

    private HttpClient Client(string? who)
    {
        var handler = new HttpClientHandler { ServerCertificateCustomValidationCallback = HttpClientHandler.DangerousAcceptAnyServerCertificateValidator };
        if (who is not null)
        {
            handler.ClientCertificates.Add(X509Certificate2.CreateFromPemFile(console.Certificates.CertificatePath(who), console.Certificates.KeyPath(who)));
        }

        return new HttpClient(handler) { BaseAddress = console.Management };
    }

    [GeneratedRegex(@"^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{|\s)", RegexOptions.Multiline)]
    private static partial Regex MetricName();

    /// <summary>Identifiers outside braces and quotes: metric names, functions and keywords (filtered by <see cref="IsMetricName"/>).</summary>
    [GeneratedRegex(@"(?<![{,""=~\w])[a-zA-Z_:][a-zA-Z0-9_:]*(?=\s*[\[{(]|\s*\)|\s*$|\s+[-+*/<>])")]
    private static partial Regex QueriedMetric();
}
