namespace VrijwilligeOppas.LoadDriver;

/// <summary>The three processes under measurement, on loopback ports, with their logs in the work folder.</summary>
internal sealed class Servers : IAsyncDisposable
{
    private Servers(ChildProcess stub, ChildProcess passthrough, ChildProcess gateway, Uri stubUrl, Uri passthroughUrl, Uri gatewayUrl, Uri gatewayMetricsUrl)
    {
        (Stub, Passthrough, Gateway, StubUrl, PassthroughUrl, GatewayUrl, GatewayMetricsUrl) = (stub, passthrough, gateway, stubUrl, passthroughUrl, gatewayUrl, gatewayMetricsUrl);
    }

    public ChildProcess Stub { get; }

    public ChildProcess Passthrough { get; }

    public ChildProcess Gateway { get; }

    public Uri StubUrl { get; }

    public Uri PassthroughUrl { get; }

    public Uri GatewayUrl { get; }

    /// <summary>The gateway's Prometheus endpoint, on a management listener of its own (loopback, no client certificate).</summary>
    public Uri GatewayMetricsUrl { get; }

    public static async Task<Servers> StartAsync(string work, IReadOnlyDictionary<string, string> gatewayEnvironment, CancellationToken cancellationToken)
    {
        var gatewayAssembly = GatewayAssembly();
        var stubCertificate = Driver.Certificates(work);
        var (stubPort, passthroughPort, gatewayPort, managementPort) = (Driver.FreePort(), Driver.FreePort(), Driver.FreePort(), Driver.FreePort());
        var stubUrl = new Uri(Driver.Format($"http://127.0.0.1:{stubPort}/"));
        var (self, selfArguments) = Self();

        var stub = ChildProcess.Start("stub", self, [.. selfArguments, "stub", stubPort.ToString(System.Globalization.CultureInfo.InvariantCulture), stubCertificate, Path.Combine(work, "stub.key.pem")],
            work, Path.Combine(work, "stub.log"));
        var passthrough = ChildProcess.Start("passthrough", self, [.. selfArguments, "passthrough", passthroughPort.ToString(System.Globalization.CultureInfo.InvariantCulture), stubUrl.ToString()],
            work, Path.Combine(work, "passthrough.log"));
        // The gateway as an operator runs it from its build output: sandbox mode and its own configuration, but
        // the central cluster pointed at the stub, whose certificate it pins.
        var gateway = ChildProcess.Start("gateway", "dotnet", [gatewayAssembly], Path.GetDirectoryName(gatewayAssembly)!, Path.Combine(work, "gateway.log"), new Dictionary<string, string>(gatewayEnvironment)
        {
            ["ASPNETCORE_URLS"] = Driver.Format($"http://127.0.0.1:{gatewayPort}"),
            ["Gateway__DataDirectory"] = Path.Combine(work, "gateway-data"),
            ["Trust__CentralCertificatePath"] = stubCertificate,
            ["ReverseProxy__Clusters__central__Destinations__primary__Address"] = stubUrl.ToString(),
            ["ReverseProxy__Clusters__central__HealthCheck__Active__Enabled"] = "false",
            ["Management__Urls__0"] = Driver.Format($"http://127.0.0.1:{managementPort}"),
            ["Management__Authentication"] = "None",
        });
        var servers = new Servers(stub, passthrough, gateway, stubUrl,
            new Uri(Driver.Format($"http://127.0.0.1:{passthroughPort}{Driver.KszPath}")), new Uri(Driver.Format($"http://127.0.0.1:{gatewayPort}{Driver.KszPath}")),
            new Uri(Driver.Format($"http://127.0.0.1:{managementPort}/metrics")));
        try
        {
            var limit = TimeSpan.FromSeconds(60);
            await stub.WaitUntilServingAsync(stubUrl, limit);
            await passthrough.WaitUntilServingAsync(new Uri(Driver.Format($"http://127.0.0.1:{passthroughPort}/")), limit);
            await gateway.WaitUntilServingAsync(new Uri(Driver.Format($"http://127.0.0.1:{gatewayPort}/health/ready")), limit);
            cancellationToken.ThrowIfCancellationRequested();
            return servers;
        }
        catch
        {
            await servers.DisposeAsync();
            throw;
        }
    }

    /// <summary>The stub's median time per gateway request since the last call (milliseconds).</summary>
    public async Task<double> StubServiceTimeAsync(CancellationToken cancellationToken)
    {
        using var client = new HttpClient();
        using var response = await client.PostAsync(new Uri(StubUrl, "service-time"), null, cancellationToken);
        return double.Parse(await response.Content.ReadAsStringAsync(cancellationToken), System.Globalization.CultureInfo.InvariantCulture);
    }

    public ValueTask DisposeAsync()
    {
        Gateway.Dispose();
        Passthrough.Dispose();
        Stub.Dispose();
        return ValueTask.CompletedTask;
    }

    /// <summary>The gateway built in the same configuration as this driver (the project reference builds it).</summary>
    private static string GatewayAssembly()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Gateway.sln")))
        {
            directory = directory.Parent;
        }

        var configuration = new DirectoryInfo(Path.TrimEndingDirectorySeparator(AppContext.BaseDirectory)).Parent!.Name;
        var path = Path.Combine(directory?.FullName ?? throw new InvalidOperationException("Gateway.sln not found above the driver."),
            "src", "Gateway", "bin", configuration, "net10.0", "VrijwilligeOppas.Gateway.dll");
        return File.Exists(path) ? path : throw new FileNotFoundException("Build the gateway first (the driver's project reference does).", path);
    }

    /// <summary>This driver, to run again as the stub or the passthrough.</summary>
    private static (string FileName, string[] Arguments) Self()
    {
        var process = Environment.ProcessPath!;
        return Path.GetFileNameWithoutExtension(process) == "dotnet"
            ? (process, [typeof(Servers).Assembly.Location])
            : (process, []);
    }
}
