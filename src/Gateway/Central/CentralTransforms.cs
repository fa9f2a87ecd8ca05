using System.Buffers;
using System.Net.Http.Headers;
using Yarp.ReverseProxy.Transforms;

namespace VrijwilligeOppas.Gateway.Central;

/// <summary>
/// YARP's half of a <see cref="CentralCall"/>: the request transform addresses the signed message to the central
/// service, the response transform captures the answer (bounded) instead of copying it to the OCMW.
/// </summary>
internal static class CentralTransforms
{
    public static ValueTask SendCall(RequestTransformContext transform)
    {
        var call = transform.HttpContext.Features.Get<CentralCall>()
            ?? throw new InvalidOperationException("The central cluster only receives what CentralForwarder prepared.");
        transform.ProxyRequest.RequestUri = new Uri(transform.DestinationPrefix.TrimEnd('/') + "/" + CentralService.CentralPath);
        var content = transform.ProxyRequest.Content!;
        content.Headers.ContentType = new MediaTypeHeaderValue("text/xml") { CharSet = "utf-8" };
        content.Headers.ContentLength = transform.HttpContext.Request.ContentLength;
        transform.ProxyRequest.Headers.TryAddWithoutValidation("SOAPAction", "\"" + call.SoapAction + "\"");
        return ValueTask.CompletedTask;
    }

    public static async ValueTask CaptureAnswer(ResponseTransformContext transform)
    {
        var call = transform.HttpContext.Features.Get<CentralCall>();
        if (call is null || transform.ProxyResponse is null)
        {
            return;
        }

        transform.SuppressResponseBody = true;
        call.StatusCode = (int)transform.ProxyResponse.StatusCode;
        try
        {
            call.ResponseBody = await ReadLimitedAsync(transform.ProxyResponse.Content, call.MaxResponseBytes, transform.CancellationToken);
        }
        catch (Exception ex) when (ex is HttpRequestException or IOException or OperationCanceledException or InvalidDataException)
        {
            call.ResponseReadError = ex;
        }
    }

    private static async Task<byte[]> ReadLimitedAsync(HttpContent content, long limit, CancellationToken cancellationToken)
    {
        if (content.Headers.ContentLength > limit)
        {
            throw new InvalidDataException($"The central answer is larger than {limit} bytes.");
        }

        await using var stream = await content.ReadAsStreamAsync(cancellationToken);
        if (content.Headers.ContentLength is { } announced && announced <= Array.MaxLength)
        {
            // HttpClient ends the stream at the announced length and throws if the connection ends before it, so the
            // answer can be read straight into its own array, without a growing buffer and a copy.
            var answer = GC.AllocateUninitializedArray<byte>((int)announced);
            await stream.ReadExactlyAsync(answer, cancellationToken);
            return answer;
        }

        using var buffer = new MemoryStream(16 * 1024);
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
