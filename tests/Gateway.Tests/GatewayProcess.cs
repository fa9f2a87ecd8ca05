using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;

namespace VrijwilligeOppas.Gateway.Tests;

/// <summary>The gateway as operators run it: its own OS process (<c>dotnet VrijwilligeOppas.Gateway.dll</c>) on a loopback port.</summary>
internal sealed class GatewayProcess : IDisposable
{
    private readonly Process _process;
    private readonly HttpClient _client;

    private GatewayProcess(Process process, Uri address)
    {
        _process = process;
        Address = address;
        _client = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromSeconds(60) };
    }

    public Uri Address { get; }

    public int Id => _process.Id;

    public static async Task<GatewayProcess> StartAsync(IReadOnlyDictionary<string, string> environment)
    {
        var port = FreePort();
        var process = Process.Start(StartInfo(environment, port))!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var gateway = new GatewayProcess(process, new Uri($"http://127.0.0.1:{port}/"));
        await gateway.WaitUntilReadyAsync();
        return gateway;
    }

    /// <summary>Starts the gateway as a process that is expected not to start: its exit code and everything it wrote.</summary>
    public static async Task<(int ExitCode, string Output, string Error)> RunToExitAsync(IReadOnlyDictionary<string, string> environment)
    {
        using var process = Process.Start(StartInfo(environment, FreePort()))!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        try
        {
            await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));
        }
        catch (TimeoutException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        return (process.ExitCode, await output, await error);
    }

    public async Task<KszAnswer> PostAsync(string xml)
    {
        using var content = new StringContent(xml, Encoding.UTF8);
        content.Headers.ContentType = MediaTypeHeaderValue.Parse("text/xml; charset=utf-8");
        using var response = await _client.PostAsync(new Uri("ksz/VrijwilligeOppas", UriKind.Relative), content);
        return new KszAnswer((int)response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    /// <summary>SIGTERM: the way an orchestrator stops a container; the gateway drains and checkpoints.</summary>
    public async Task StopAsync()
    {
        await TerminateAsync();
        await WaitForExitAsync();
    }

    /// <summary>Sends SIGTERM without waiting; <see cref="WaitForExitAsync"/> gives the exit code.</summary>
    public async Task TerminateAsync()
    {
        using var kill = Process.Start("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        await kill.WaitForExitAsync();
    }

    public async Task<int> WaitForExitAsync()
    {
        await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));
        return _process.ExitCode;
    }

    /// <summary>SIGKILL: no chance to flush, checkpoint or say goodbye.</summary>
    public void KillHard() => _process.Kill(entireProcessTree: true);

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        _process.Dispose();
        _client.Dispose();
    }

    private async Task WaitUntilReadyAsync()
    {
        for (var attempt = 0; attempt < 300; attempt++)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"The gateway process exited with {_process.ExitCode} before it was ready.");
            }

            try
            {
                using var response = await _client.GetAsync(new Uri("health/ready", UriKind.Relative));
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }

            await Task.Delay(100);
        }

        throw new TimeoutException("The gateway process did not become ready in 30 s.");
    }

    private static ProcessStartInfo StartInfo(IReadOnlyDictionary<string, string> environment, int port)
    {
        var gatewayDll = typeof(Program).Assembly.Location;
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = Path.GetDirectoryName(gatewayDll)!, RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(gatewayDll);
        start.Environment["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}";
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        return start;
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
