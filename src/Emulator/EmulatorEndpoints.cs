using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using VrijwilligeOppas.Mapping.Central;
using VrijwilligeOppas.Mapping.Exchange;
using VrijwilligeOppas.Mapping.Identifiers;
using VrijwilligeOppas.Mapping.Rules;
using VrijwilligeOppas.Mapping.Time;
using VrijwilligeOppas.Security;
using VrijwilligeOppas.Emulator.Contract;
using VrijwilligeOppas.Emulator.Rules;

namespace VrijwilligeOppas.Emulator;

public static class EmulatorEndpoints
{
    public const string ServicePath = "/VrijwilligeOppas/v1";

    /// <summary>The central service's SOAP endpoint, its health probe and the agency's operator API.</summary>
    public static IEndpointRouteBuilder MapCentralEmulator(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPost(ServicePath, HandleSoapAsync);
        endpoints.MapGet("/health", () => Results.Text("Healthy"));

        var operatorApi = endpoints.MapGroup("/operator");
        operatorApi.MapPost("/reopenings", (ReopeningRequest body, PrestatieStore store, TimeProvider clock) =>
        {
            if (!Erkenningsnummer.TryCreate(body.Erkenningsnummer, out var dienst) || !PrestatieMonth.TryParse(body.Maand, out var month))
            {
                return Results.Problem("erkenningsnummer must be 100..699 and maand yyyy-MM.", statusCode: StatusCodes.Status400BadRequest);
            }

            if (store.LoadCalendar().IsDefinitivelyClosed(month.Year, BrusselsTime.Today(clock)))
            {
                return Results.Problem($"{month.Year} is definitively closed: no month of it can be reopened.", statusCode: StatusCodes.Status409Conflict);
            }

            store.SaveReopening(new Reopening(dienst, month, body.Tot));
            return Results.Created($"/operator/reopenings/{dienst}/{month}", body);
        });
        operatorApi.MapPut("/definitive-closings/{year:int}", (int year, DefinitiveClosingRequest body, PrestatieStore store) =>
        {
            store.SaveDefinitiveClosing(year, body.Vanaf);
            return Results.NoContent();
        });
        return endpoints;
    }

    /// <summary>Verify the gateway's signature, apply the rules, sign the answer, as the real service does.</summary>
    private static async Task HandleSoapAsync(HttpContext context, CentralService service, EmulatorOptions options, WsSecurityVerifier verifier, WsSecuritySigner signer)
    {
        using var body = new MemoryStream();
        await context.Request.Body.CopyToAsync(body, context.RequestAborted);
        body.Position = 0;
        using var answer = new MemoryStream();
        var check = verifier.Verify(body, options.MaxRequestBytes);
        var fault = check.IsValid ? null : new CentralFault("Client", check.Failure == SignatureFailure.NotSoap ? SoaCodes.Malformed : SoaCodes.Authentication, check.Explanation);
        if (fault is null)
        {
            try
            {
                body.Position = 0;
                var received = CentralRequestReader.Read(body, options.MaxRequestBytes);
                CentralResponseWriter.Write(received.Operation, service.Handle(received), answer);
            }
            catch (MalformedMessageException ex)
            {
                fault = new CentralFault("Client", SoaCodes.Malformed, ex.Message);
            }
        }

        if (fault is not null)
        {
            context.Response.StatusCode = StatusCodes.Status500InternalServerError;
            answer.SetLength(0);
            CentralResponseWriter.WriteFault(fault, answer);
        }

        answer.Position = 0;
        using var output = new MemoryStream();
        signer.Sign(answer, output);
        context.Response.ContentType = "text/xml; charset=utf-8";
        context.Response.ContentLength = output.Length;
        await context.Response.Body.WriteAsync(output.GetBuffer().AsMemory(0, (int)output.Length), context.RequestAborted);
    }

    public sealed record ReopeningRequest(int Erkenningsnummer, string Maand, DateOnly Tot);

    public sealed record DefinitiveClosingRequest(DateOnly Vanaf);

    /// <summary>Registers the emulator's state and rules, reading the registry and NIS table once.</summary>
    public static IServiceCollection AddCentralEmulator(this IServiceCollection services, EmulatorOptions options)
    {
        services.AddSingleton(options);
        services.AddSingleton(_ => new PrestatieStore(options.DatabasePath));
        services.AddSingleton(_ => { using var csv = File.OpenText(options.RegistryPath); return DienstRegistry.Parse(csv); });
        services.AddSingleton(_ => { using var csv = File.OpenText(options.NisTablePath); return NisTable.Parse(csv); });
        services.AddSingleton<CentralService>();
        services.AddSingleton(provider => new WsSecuritySigner(options.SigningCertificate, provider.GetRequiredService<TimeProvider>()));
        services.AddSingleton(provider => new WsSecurityVerifier(options.TrustedGatewayCertificate, options.ClockSkew, provider.GetRequiredService<TimeProvider>()));
        return services;
    }
}
