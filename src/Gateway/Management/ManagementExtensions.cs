using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using VrijwilligeOppas.Gateway.Configuration;

namespace VrijwilligeOppas.Gateway.Management;

public static class ManagementExtensions
{
    /// <summary>The path prefix of every console page.</summary>
    public const string ConsolePath = "/console";

    /// <summary>Prometheus' scrape path, on the management listener only.</summary>
    public const string MetricsPath = "/metrics";

    /// <summary>
    /// The management listener of <c>Management:Urls</c> (none when empty), the console's pages and who may read them.
    /// Nothing in the console changes the gateway: its pages read, and only a search form posts.
    /// </summary>
    public static WebApplicationBuilder AddManagementConsole(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<ManagementOptions>().BindConfiguration(ManagementOptions.Section).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<ManagementOptions>, ManagementOptionsValidator>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<ManagementOptions>, ManagementModeValidator>());
        var listeners = new ManagementListeners();
        services.AddSingleton(listeners);
        ManagementListeners.Configure(builder, listeners);
        services.AddSingleton(provider => new ConsoleUsers(provider.GetRequiredService<IOptions<ManagementOptions>>().Value, provider.GetRequiredService<TimeProvider>()));
        services.AddSingleton<ConsoleAudit>();
        services.AddSingleton<ConsoleMessages>();
        services.AddSingleton<ConsoleExport>();
        services.AddRazorPages(pages =>
        {
            pages.RootDirectory = "/Management/Pages";
            pages.Conventions.ConfigureFilter(new Microsoft.AspNetCore.Mvc.AutoValidateAntiforgeryTokenAttribute());
        });
        services.AddAntiforgery(antiforgery =>
        {
            antiforgery.Cookie.Name = "vo-console-af";
            antiforgery.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            antiforgery.Cookie.SameSite = SameSiteMode.Strict;
        });
        return builder;
    }

    /// <summary>
    /// Keeps the two listeners apart (console and metrics only on the management port, and nothing else there),
    /// authenticates the reader and sets the security headers; maps the pages.
    /// </summary>
    public static WebApplication UseManagementConsole(this WebApplication app)
    {
        // Resolved here so that a bad Users entry stops the start, not the first page.
        _ = app.Services.GetRequiredService<ConsoleUsers>();
        app.UseMiddleware<ConsoleGateMiddleware>();
        app.MapRazorPages();
        app.MapPrometheusScrapingEndpoint(ManagementExtensions.MetricsPath);
        app.MapGet(ConsolePath + "/console.css", () => Results.Text(ConsoleStyles.Css, "text/css"));
        return app;
    }
}

/// <summary>
/// Unauthenticated reading is for the sandbox only (and its pages for loopback clients only); client certificates need the listener's own TLS
/// certificate and at least one user; the management listener may never share the OCMW-facing port.
/// </summary>
internal sealed class ManagementModeValidator(IOptions<GatewayOptions> gateway, IConfiguration configuration) : IValidateOptions<ManagementOptions>
{
    public ValidateOptionsResult Validate(string? name, ManagementOptions options)
    {
        var problems = new List<string>();
        var ocmwPorts = OcmwPorts(configuration);
        foreach (var url in options.Urls)
        {
            BindingAddress address;
            try
            {
                address = BindingAddress.Parse(url);
            }
            catch (FormatException)
            {
                problems.Add($"{ManagementOptions.Section}:Urls: '{url}' is not an address such as https://+:9443.");
                continue;
            }

            if (address.Port != 0 && ocmwPorts.Contains(address.Port))
            {
                problems.Add($"{ManagementOptions.Section}:Urls: '{url}' uses the OCMW-facing port {address.Port}; the console needs a port of its own.");
            }

            if (options.Authentication == ManagementAuthentication.None)
            {
                // Any address, so that a container's Prometheus can scrape it; the console pages themselves answer
                // only clients on the loopback interface (ConsoleGateMiddleware).
                if (address.Scheme != "http")
                {
                    problems.Add($"{ManagementOptions.Section}:Authentication None is plain http: '{url}' would need a certificate nobody checks.");
                }
            }
            else if (address.Scheme != "https")
            {
                problems.Add($"{ManagementOptions.Section}:Urls: '{url}' must be https: client certificates are presented in the TLS handshake.");
            }
        }

        if (options.Urls.Count > 0 && options.Authentication == ManagementAuthentication.None && gateway.Value.Mode != GatewayMode.Sandbox)
        {
            problems.Add($"{ManagementOptions.Section}:Authentication None is for the sandbox only: personal data may be read only after authentication with an individual key (2020 protocol, art. 6).");
        }

        if (options.Urls.Count > 0 && options.Authentication == ManagementAuthentication.ClientCertificate)
        {
            if (string.IsNullOrWhiteSpace(options.CertificatePath))
            {
                problems.Add($"{ManagementOptions.Section}:CertificatePath is required with client certificates: the management listener's own TLS certificate.");
            }

            if (options.Users.Count == 0)
            {
                problems.Add($"{ManagementOptions.Section}:Users is empty: grant each operator, helpdesk member and consultant a role by certificate thumbprint or eID serial number.");
            }
        }

        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }

    private static HashSet<int> OcmwPorts(IConfiguration configuration)
    {
        var urls = (configuration[WebHostDefaults.ServerUrlsKey] ?? string.Empty).Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Concat(configuration.GetSection("Kestrel:Endpoints").GetChildren().Select(e => e["Url"]).OfType<string>());
        var ports = new HashSet<int>();
        foreach (var url in urls)
        {
            try
            {
                ports.Add(BindingAddress.Parse(url).Port);
            }
            catch (FormatException)
            {
                // Kestrel itself reports its own bad addresses.
            }
        }

        foreach (var port in $"{configuration[WebHostDefaults.HttpPortsKey]};{configuration[WebHostDefaults.HttpsPortsKey]}".Split(';', StringSplitOptions.RemoveEmptyEntries))
        {
            if (int.TryParse(port, System.Globalization.CultureInfo.InvariantCulture, out var number))
            {
                ports.Add(number);
            }
        }

        ports.Remove(0);
        return ports;
    }
}
