using Microsoft.AspNetCore.Http.Features;

namespace VrijwilligeOppas.Gateway.Ksz;

internal static class RequestBody
{
    /// <summary>Buffers the body asynchronously, or returns null as soon as it exceeds <paramref name="limit"/> bytes.</summary>
    public static async Task<MemoryStream?> ReadAsync(HttpRequest request, long limit, CancellationToken cancellationToken)
    {
        if (request.ContentLength > limit)
        {
            return null;
        }

        // This limit is enforced here, with an SSDN answer; the server's own cap is lifted just above it so that it
        // never turns an oversize body into a connection error instead.
        if (request.HttpContext.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } serverLimit)
        {
            serverLimit.MaxRequestBodySize = limit + 1;
        }

        var buffer = new MemoryStream(request.ContentLength is { } length ? (int)length : 64 * 1024);
        var chunk = new byte[64 * 1024];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > limit)
            {
                await buffer.DisposeAsync();
                return null;
            }

            buffer.Write(chunk, 0, read);
        }

        buffer.Position = 0;
        return buffer;
    }
}
