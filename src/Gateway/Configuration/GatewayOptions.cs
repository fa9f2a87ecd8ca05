using System.ComponentModel.DataAnnotations;

namespace VrijwilligeOppas.Gateway.Configuration;

/// <summary>The <c>Gateway</c> configuration section.</summary>
public sealed class GatewayOptions
{
    public const string Section = "Gateway";

    /// <summary>Sandbox runs the central-service emulator in-process; Production forwards to the configured cluster.</summary>
    public GatewayMode Mode { get; set; } = GatewayMode.Sandbox;

    /// <summary>How callers prove who they are. None trusts <c>AuthorizedUser/OrgUnit</c> and is refused in Production.</summary>
    public CallerAuthentication CallerAuthentication { get; set; } = CallerAuthentication.None;

    /// <summary>Writable folder for SQLite databases and generated development material; relative to the working directory.</summary>
    [Required]
    public string DataDirectory { get; set; } = "data";

    /// <summary>CSV registry of the diensten this gateway acts for; relative paths are resolved against the application folder.</summary>
    [Required]
    public string RegistryPath { get; set; } = "reference/diensten-sandbox.csv";

    /// <summary>Largest accepted request body in bytes (a 10 000-prestatie send is about 5 MB).</summary>
    [Range(1024, 256L * 1024 * 1024)]
    public long MaxRequestBytes { get; set; } = 16L * 1024 * 1024;

    /// <summary>Time within which the whole request body must have arrived; a slower body is refused (BERICHT_TE_TRAAG).</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:30:00")]
    public TimeSpan RequestBodyTimeout { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>Largest central-service answer read, in bytes.</summary>
    [Range(1024, 256L * 1024 * 1024)]
    public long MaxCentralResponseBytes { get; set; } = 32L * 1024 * 1024;

    /// <summary>How many gateway instances the deployment runs; more than one needs a shared (PostgreSQL) audit store.</summary>
    [Range(1, 1000)]
    public int Instances { get; set; } = 1;

    /// <summary>Base URL written into the served WSDL; when empty the request's own scheme and host are used.</summary>
    [Url]
    public string? PublicBaseUrl { get; set; }

    public string ResolveFromApp(string path) => Path.IsPathRooted(path) ? path : Path.Combine(AppContext.BaseDirectory, path);
}

public enum GatewayMode
{
    Sandbox,
    Production,
}

public enum CallerAuthentication
{
    /// <summary>Sandbox only: the OrgUnit in the message is taken as the caller.</summary>
    None,

    /// <summary>Mutual TLS (or a configured proxy's header): the certificate must be in <c>Callers:Clients</c>.</summary>
    ClientCertificate,
}
