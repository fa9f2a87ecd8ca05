using System.Text.Encodings.Web;
using Microsoft.Extensions.Options;

namespace VrijwilligeOppas.Gateway.Management;

/// <summary>
/// The console and <c>/metrics</c> exist only on the management listener, and the management listener serves
/// nothing else (404 either way, as if absent). Console pages need a recognised reader; every console response
/// carries the security headers, and none is cached.
/// </summary>
internal sealed partial class ConsoleGateMiddleware(RequestDelegate next, ManagementListeners listeners, ConsoleUsers users, IOptions<ManagementOptions> options, ILogger<ConsoleGateMiddleware> logger)
{
    private const string Csp = "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

    public async Task InvokeAsync(HttpContext context)
    {
        var path = context.Request.Path;
        var forManagement = path.StartsWithSegments(ManagementExtensions.ConsolePath) || path.StartsWithSegments(ManagementExtensions.MetricsPath);
        if (!listeners.IsManagement(context))
        {
            if (forManagement)
            {
                context.Response.StatusCode = StatusCodes.Status404NotFound;
                return;
            }

            await next(context);
            return;
        }

        if (!forManagement)
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }

        if (path.StartsWithSegments(ManagementExtensions.MetricsPath))
        {
            await next(context);
            return;
        }

        var headers = context.Response.Headers;
        headers.ContentSecurityPolicy = Csp;
        headers.XFrameOptions = "DENY";
        headers.XContentTypeOptions = "nosniff";
        headers["Referrer-Policy"] = "no-referrer";
        headers["Cross-Origin-Opener-Policy"] = "same-origin";
        headers["Permissions-Policy"] = "camera=(), microphone=(), geolocation=()";
        headers.CacheControl = "no-store";
        headers.Pragma = "no-cache";
        if (context.Request.IsHttps)
        {
            headers.StrictTransportSecurity = "max-age=31536000";
        }

        if (!HttpMethods.IsGet(context.Request.Method) && !HttpMethods.IsHead(context.Request.Method) && !HttpMethods.IsPost(context.Request.Method))
        {
            context.Response.StatusCode = StatusCodes.Status405MethodNotAllowed;
            return;
        }

        if (path.Equals(ManagementExtensions.ConsolePath + "/console.css", StringComparison.Ordinal))
        {
            await next(context);
            return;
        }

        ConsoleUser? user;
        if (options.Value.Authentication == ManagementAuthentication.None)
        {
            if (context.Connection.RemoteIpAddress is not { } remote || !System.Net.IPAddress.IsLoopback(remote.IsIPv4MappedToIPv6 ? remote.MapToIPv4() : remote))
            {
                context.Response.StatusCode = StatusCodes.Status403Forbidden;
                await context.Response.WriteAsync("The unauthenticated sandbox console answers only on this machine (loopback).", context.RequestAborted);
                return;
            }

            user = ConsoleUser.Sandbox;
        }
        else
        {
            var certificate = await context.Connection.GetClientCertificateAsync(context.RequestAborted);
            (user, var refused) = users.Recognise(certificate);
            if (user is null)
            {
                LogRefused(logger, context.Connection.RemoteIpAddress?.ToString(), certificate is null ? "none" : certificate.GetCertHashString(System.Security.Cryptography.HashAlgorithmName.SHA256));
                context.Response.StatusCode = StatusCodes.Status403Forbidden;
                context.Response.ContentType = "text/html; charset=utf-8";
                await context.Response.WriteAsync(
                    $"<!DOCTYPE html><html lang=\"nl\"><head><meta charset=\"utf-8\"><title>Geen toegang</title><link rel=\"stylesheet\" href=\"{ManagementExtensions.ConsolePath}/console.css\"></head>"
                    + $"<body><main><h1>Geen toegang tot de beheerconsole</h1><p class=\"refused\">{HtmlEncoder.Default.Encode(refused!)}</p></main></body></html>",
                    context.RequestAborted);
                return;
            }
        }

        context.Features.Set(user);
        await next(context);
    }

    [LoggerMessage(EventId = 1500, EventName = "ConsoleRefused", Level = LogLevel.Warning,
        Message = "Management console refused a reader from {Address}: certificate {Thumbprint} has no role")]
    private static partial void LogRefused(ILogger logger, string? address, string thumbprint);
}
