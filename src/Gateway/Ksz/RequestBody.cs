using System.Buffers;
using Microsoft.AspNetCore.Http.Features;
using VrijwilligeOppas.Mapping.Diagnostics;

namespace VrijwilligeOppas.Gateway.Ksz;

internal static class RequestBody
{
    /// <summary>How far past the limit a body is still read (and thrown away) so that its sender gets the SSDN answer instead of a broken pipe.</summary>
    private const int DiscardFactor = 4;

    /// <summary>
    /// Buffers the body asynchronously; refuses it when it exceeds <paramref name="limit"/> bytes, or when all of it
    /// has not arrived within <paramref name="timeout"/> (a slow drip would otherwise hold a slot for ever). Beyond
    /// the limit nothing is kept. When it stops reading early it asks for the connection to be closed, so that the
    /// sender cannot go on pushing.
    /// </summary>
    public static async Task<(MemoryStream? Body, ReasonCode? Refusal)> ReadAsync(HttpRequest request, long limit, TimeSpan timeout, TimeProvider clock, CancellationToken cancellationToken)
    {
        var discardLimit = limit * DiscardFactor;
        if (request.ContentLength > discardLimit)
        {
            return StopReading(request, ReasonCode.BerichtTeGroot);
        }

        // These limits are enforced here, with an SSDN answer; the server's own cap is lifted just above them so that
        // it never turns an oversize body into a connection error instead.
        if (request.HttpContext.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } serverLimit)
        {
            serverLimit.MaxRequestBodySize = discardLimit + 1;
        }

        using var timer = new CancellationTokenSource(timeout, clock);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timer.Token);
        MemoryStream? buffer = new(request.ContentLength is { } length && length <= limit ? (int)length : 64 * 1024);
        var chunk = ArrayPool<byte>.Shared.Rent(64 * 1024);
        long total = 0;
        try
        {
            int read;
            while ((read = await request.Body.ReadAsync(chunk, deadline.Token)) > 0)
            {
                total += read;
                if (total > discardLimit)
                {
                    return StopReading(request, ReasonCode.BerichtTeGroot);
                }

                if (total <= limit)
                {
                    buffer!.Write(chunk, 0, read);
                }
                else
                {
                    buffer = null;
                }
            }
        }
        catch (OperationCanceledException) when (timer.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            return StopReading(request, ReasonCode.BerichtTeTraag);
        }
        catch (Exception ex) when (ex is IOException or BadHttpRequestException or OperationCanceledException)
        {
            // The client hung up or sent less than it announced: nobody is there to answer.
            throw new ClientDisconnectedException(ex);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(chunk);
        }

        if (buffer is null)
        {
            return (null, ReasonCode.BerichtTeGroot);
        }

        buffer.Position = 0;
        return (buffer, null);
    }

    private static (MemoryStream? Body, ReasonCode? Refusal) StopReading(HttpRequest request, ReasonCode reason)
    {
        request.HttpContext.Response.Headers.Connection = "close";
        return (null, reason);
    }
}

/// <summary>The client went away while its message was being read.</summary>
internal sealed class ClientDisconnectedException(Exception inner) : IOException("The client closed the connection while its message was read.", inner);
