namespace VrijwilligeOppas.Gateway.Health;

/// <summary>
/// <c>VrijwilligeOppas.Gateway --probe URL</c>: exits 0 when the URL answers 2xx within five seconds, else 1. The
/// container's HEALTHCHECK uses it because the runtime image has no curl.
/// </summary>
public static class HealthProbe
{
    public static async Task<int> RunAsync(string url)
    {
        using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        try
        {
            using var response = await client.GetAsync(new Uri(url));
            return response.IsSuccessStatusCode ? 0 : 1;
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or UriFormatException)
        {
            return 1;
        }
    }
}
