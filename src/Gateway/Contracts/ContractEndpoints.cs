using System.Text;
using Microsoft.Extensions.Options;
using VrijwilligeOppas.Gateway.Configuration;
using VrijwilligeOppas.Gateway.Ksz;
using VrijwilligeOppas.Mapping.Contracts;

namespace VrijwilligeOppas.Gateway.Contracts;

/// <summary>
/// Serves the KSZ contract: <c>GET /ksz/VrijwilligeOppas?wsdl</c> and the XSDs it imports, so that a client can be
/// generated from the URL alone. The bytes are those the gateway validates against.
/// </summary>
public static class ContractEndpoints
{
    private const string WsdlFile = "ksz/VrijwilligeOppas.wsdl";
    private const string PlaceholderAddress = "http://localhost:8080/ksz/VrijwilligeOppas";

    public static WebApplication MapContracts(this WebApplication app)
    {
        app.MapGet(KszEndpoint.Path, (HttpRequest request, IOptions<GatewayOptions> options) =>
        {
            if (!request.Query.ContainsKey("wsdl"))
            {
                return Results.Text("POST SOAP 1.1 messages here; GET ?wsdl for the contract.", "text/plain", Encoding.UTF8, StatusCodes.Status405MethodNotAllowed);
            }

            var baseUrl = options.Value.PublicBaseUrl?.TrimEnd('/') ?? $"{request.Scheme}://{request.Host}";
            var wsdl = Encoding.UTF8.GetString(ContractFiles.Read(WsdlFile)).Replace(PlaceholderAddress, baseUrl + KszEndpoint.Path, StringComparison.Ordinal);
            return Results.Text(wsdl, "text/xml", Encoding.UTF8);
        });

        app.MapGet("/ksz/{file}", (string file) =>
            file.EndsWith(".xsd", StringComparison.Ordinal) && ContractFiles.Open("ksz/" + file) is { } stream
                ? Results.Stream(stream, "text/xml; charset=utf-8")
                : Results.NotFound());
        return app;
    }
}
