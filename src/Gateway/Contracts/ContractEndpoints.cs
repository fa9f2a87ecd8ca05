using System.Text;
using Microsoft.Extensions.Options;
using VrijwilligeOppas.Gateway.Configuration;
using VrijwilligeOppas.Mapping.Contracts;

namespace VrijwilligeOppas.Gateway.Contracts;

/// <summary>
/// Serves the KSZ contract: the XSDs the WSDLs import, and (for each endpoint, through <see cref="MapWsdl"/>)
/// <c>GET …?wsdl</c>, so that a client can be generated from the URL alone. The bytes are those the gateway validates
/// against; only the service address is the gateway's own.
/// </summary>
public static class ContractEndpoints
{
    public static WebApplication MapContractSchemas(this WebApplication app)
    {
        app.MapGet("/ksz/{file}", (string file) =>
            file.EndsWith(".xsd", StringComparison.Ordinal) && ContractFiles.Open("ksz/" + file) is { } stream
                ? Results.Stream(stream, "text/xml; charset=utf-8")
                : Results.NotFound());
        return app;
    }

    /// <summary><c>GET path?wsdl</c>: the WSDL in <paramref name="file"/>, its placeholder address replaced by the gateway's.</summary>
    public static void MapWsdl(this WebApplication app, string path, string file, string placeholderAddress) =>
        app.MapGet(path, (HttpRequest request, IOptions<GatewayOptions> options) =>
        {
            if (!request.Query.ContainsKey("wsdl"))
            {
                return Results.Text("POST SOAP 1.1 messages here; GET ?wsdl for the contract.", "text/plain", Encoding.UTF8, StatusCodes.Status405MethodNotAllowed);
            }

            var baseUrl = options.Value.PublicBaseUrl?.TrimEnd('/') ?? $"{request.Scheme}://{request.Host}";
            var wsdl = Encoding.UTF8.GetString(ContractFiles.Read(file)).Replace(placeholderAddress, baseUrl + path, StringComparison.Ordinal);
            return Results.Text(wsdl, "text/xml", Encoding.UTF8);
        });
}
