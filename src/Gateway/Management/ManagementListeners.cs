using System.Net;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using VrijwilligeOppas.Security;

namespace VrijwilligeOppas.Gateway.Management;

/// <summary>
/// The management listener(s), added to Kestrel in code. Kestrel binds either code-configured endpoints or the
/// <c>urls</c>/<c>http_ports</c> addresses, never both, so when the OCMW-facing port comes from those settings (the
/// image's <c>ASPNETCORE_HTTP_PORTS</c>) it is added here as well, first; <c>Kestrel:Endpoints</c> combine as they are.
/// Requests are told apart by the local port they arrived on: <see cref="IsManagement"/>.
/// </summary>
internal sealed class ManagementListeners
{
    private readonly List<ListenOptions> _listeners = [];
    private readonly HashSet<ListenOptions> _tls = [];

    public bool Enabled { get; private set; }

    /// <summary>The bound addresses (with the real port once Kestrel has started).</summary>
    public IReadOnlyList<Uri> Addresses => [.. _listeners.Select(l => new Uri($"{(_tls.Contains(l) ? "https" : "http")}://{Host(l.IPEndPoint!)}/"))];

    public bool IsManagement(HttpContext context) =>
        Enabled && _listeners.Exists(l => l.IPEndPoint is { } endpoint && endpoint.Port == context.Connection.LocalPort);

    public static void Configure(WebApplicationBuilder builder, ManagementListeners listeners)
    {
        var options = builder.Configuration.GetSection(ManagementOptions.Section).Get<ManagementOptions>() ?? new ManagementOptions();
        if (options.Urls.Count == 0)
        {
            return;
        }

        listeners.Enabled = true;
        var configuration = builder.Configuration;
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            foreach (var address in OcmwAddresses(configuration))
            {
                Listen(kestrel, address, https => https.UseHttps());
            }

            X509Certificate2? certificate = options.Authentication == ManagementAuthentication.ClientCertificate && options.CertificatePath is { Length: > 0 } path
                ? CertificateFiles.LoadWithKey(path, options.CertificateKeyPath, options.CertificatePassword)
                : null;
            foreach (var url in options.Urls)
            {
                var address = BindingAddress.Parse(url);
                var listener = Listen(kestrel, address, listen => listen.UseHttps(https =>
                {
                    https.ServerCertificate = certificate;

                    // Who holds the certificate is decided after the handshake, against Management:Users, so that a
                    // person without one reads why instead of a browser's TLS error.
                    https.ClientCertificateMode = ClientCertificateMode.AllowCertificate;
                    https.ClientCertificateValidation = static (_, _, _) => true;
                }));
                listeners._listeners.Add(listener);
                if (address.Scheme == "https")
                {
                    listeners._tls.Add(listener);
                }
            }
        });
    }

    /// <summary>The OCMW-facing addresses Kestrel would have bound from the host settings, had no endpoint been added in code.</summary>
    private static IEnumerable<BindingAddress> OcmwAddresses(ConfigurationManager configuration)
    {
        if (configuration.GetSection("Kestrel:Endpoints").GetChildren().Any())
        {
            return [];
        }

        var urls = (configuration[WebHostDefaults.ServerUrlsKey] ?? string.Empty).Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList();
        if (urls.Count == 0)
        {
            urls.AddRange(Ports(configuration[WebHostDefaults.HttpPortsKey], "http"));
            urls.AddRange(Ports(configuration[WebHostDefaults.HttpsPortsKey], "https"));
        }

        return urls.Select(BindingAddress.Parse);
    }

    private static IEnumerable<string> Ports(string? ports, string scheme) =>
        (ports ?? string.Empty).Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(port => $"{scheme}://*:{port}");

    private static ListenOptions Listen(KestrelServerOptions kestrel, BindingAddress address, Action<ListenOptions> https)
    {
        ListenOptions? bound = null;
        void Configure(ListenOptions listen)
        {
            bound = listen;
            if (address.Scheme == "https")
            {
                https(listen);
            }
        }

        if (address.Host is "*" or "+" or "0.0.0.0" or "[::]")
        {
            kestrel.ListenAnyIP(address.Port, Configure);
        }
        else if (address.Host == "localhost")
        {
            kestrel.Listen(IPAddress.Loopback, address.Port, Configure);
        }
        else
        {
            kestrel.Listen(IPAddress.Parse(address.Host.Trim('[', ']')), address.Port, Configure);
        }

        return bound!;
    }

    private static string Host(IPEndPoint endpoint) =>
        endpoint.Address.Equals(IPAddress.Any) || endpoint.Address.Equals(IPAddress.IPv6Any) ? $"localhost:{endpoint.Port}" : endpoint.ToString();
}
