using System.Buffers;
using System.Net.Http.Headers;
using Microsoft.AspNetCore.DataProtection;
using VrijwilligeOppas.Gateway.Configuration;
using Yarp.ReverseProxy.Configuration;
using Yarp.ReverseProxy.Transforms;
using VrijwilligeOppas.Gateway.Ksz;

namespace VrijwilligeOppas.Gateway.Central;

/// <summary>
/// The central service is the YARP cluster <c>central</c>: destinations, timeouts and health checks come from the
/// <c>ReverseProxy</c> configuration section. The route is fixed in code because it is the product's contract.
/// </summary>
public static class CentralProxyExtensions
{
    public const string ClusterId = "central";
    public const string RouteId = "ksz";
    public const string CentralPath = "VrijwilligeOppas/v1";

    public static IReverseProxyBuilder AddCentralServiceProxy(this WebApplicationBuilder builder)
    {
        if (!builder.Configuration.GetSection($"ReverseProxy:Clusters:{ClusterId}:Destinations").GetChildren().Any(d => !string.IsNullOrWhiteSpace(d["Address"])))
        {
            throw new StartupRefusedException(
                $"ReverseProxy:Clusters:{ClusterId}:Destinations names no address: configure the central service's address (see docs/configuration.md).");
        }

        // YARP's session-affinity policies need Data Protection even though this gateway uses no affinity; its keys
        // go to the data folder so that a read-only root file system works and nothing is written to $HOME.
        var dataDirectory = builder.Configuration[$"{GatewayOptions.Section}:{nameof(GatewayOptions.DataDirectory)}"] ?? "data";
        builder.Services.AddDataProtection()
            .SetApplicationName("vo-gateway")
            .PersistKeysToFileSystem(new DirectoryInfo(Path.Combine(dataDirectory, "dataprotection-keys")));

        var route = new RouteConfig
        {
            RouteId = RouteId,
            ClusterId = ClusterId,
            Match = new RouteMatch { Path = KszEndpoint.Path, Methods = ["POST"] },
        };

        // The central service's TLS certificate: system trust, or the configured CA and pins (Trust/CentralTls).
        var tls = Trust.CentralTls.From(builder.Configuration);
        var proxy = builder.Services.AddReverseProxy();
        if (tls is not null)
        {
            proxy.ConfigureHttpClient(tls.Apply);
        }

        return proxy
            .LoadFromMemory([route], [])
            .LoadFromConfig(builder.Configuration.GetSection("ReverseProxy"))
            .AddTransforms(context =>
            {
                if (context.Route.RouteId != RouteId)
                {
                    return;
                }

                // The OCMW's headers and address are not the central service's business.
                context.CopyRequestHeaders = false;
                context.UseDefaultForwarders = false;
                context.AddRequestTransform(SetCentralRequest);
                context.AddResponseTransform(CaptureCentralResponse);
            });
    }

    private static ValueTask SetCentralRequest(RequestTransformContext transform)
    {
        var feature = transform.HttpContext.Features.Get<CentralExchangeFeature>()
            ?? throw new InvalidOperationException("The ksz route only forwards what the KSZ exchange prepared.");
        transform.ProxyRequest.RequestUri = new Uri(transform.DestinationPrefix.TrimEnd('/') + "/" + CentralPath);
        var content = transform.ProxyRequest.Content!;
        content.Headers.ContentType = new MediaTypeHeaderValue("text/xml") { CharSet = "utf-8" };
        content.Headers.ContentLength = transform.HttpContext.Request.ContentLength;
        transform.ProxyRequest.Headers.TryAddWithoutValidation("SOAPAction", "\"" + feature.SoapAction + "\"");
        return ValueTask.CompletedTask;
    }

    private static async ValueTask CaptureCentralResponse(ResponseTransformContext transform)
    {
        var feature = transform.HttpContext.Features.Get<CentralExchangeFeature>();
        if (feature is null || transform.ProxyResponse is null)
        {
            return;
        }

        transform.SuppressResponseBody = true;
        feature.StatusCode = (int)transform.ProxyResponse.StatusCode;
        try
        {
            feature.ResponseBody = await ReadLimitedAsync(transform.ProxyResponse.Content, feature.MaxResponseBytes, transform.CancellationToken);
        }
        catch (Exception ex) when (ex is HttpRequestException or IOException or OperationCanceledException or InvalidDataException)
        {
            feature.ResponseReadError = ex;
        }
    }

    private static async Task<byte[]> ReadLimitedAsync(HttpContent content, long limit, CancellationToken cancellationToken)
    {
        if (content.Headers.ContentLength > limit)
        {
            throw new InvalidDataException($"The central answer is larger than {limit} bytes.");
        }

        await using var stream = await content.ReadAsStreamAsync(cancellationToken);
        using var buffer = new MemoryStream(content.Headers.ContentLength is { } length ? (int)length : 16 * 1024);
        var chunk = ArrayPool<byte>.Shared.Rent(64 * 1024);
        try
        {
            int read;
            while ((read = await stream.ReadAsync(chunk, cancellationToken)) > 0)
            {
                if (buffer.Length + read > limit)
                {
                    throw new InvalidDataException($"The central answer is larger than {limit} bytes.");
                }

                buffer.Write(chunk, 0, read);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(chunk);
        }

        return buffer.ToArray();
    }
}
