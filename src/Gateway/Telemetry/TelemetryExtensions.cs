using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace VrijwilligeOppas.Gateway.Telemetry;

public static class TelemetryExtensions
{
    /// <summary>
    /// Traces, metrics and logs through OpenTelemetry; exported with OTLP when <c>OTEL_EXPORTER_OTLP_ENDPOINT</c>
    /// is set (the standard OpenTelemetry environment variables configure the exporter).
    /// </summary>
    public static WebApplicationBuilder AddGatewayTelemetry(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<GatewayTelemetry>();
        builder.Logging.Configure(options => options.ActivityTrackingOptions = ActivityTrackingOptions.TraceId | ActivityTrackingOptions.SpanId);
        var otel = builder.Services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService("vo-gateway"))
            .WithTracing(tracing => tracing.AddSource(GatewayTelemetry.Name, "Microsoft.AspNetCore", "System.Net.Http"))
            .WithMetrics(metrics => metrics.AddMeter(GatewayTelemetry.Name, "Microsoft.AspNetCore.Hosting", "System.Net.Http")
                .AddRuntimeInstrumentation()
                .AddProcessInstrumentation()
                .AddPrometheusExporter()) // scraped at /metrics on the management listener only (Management:Urls)
            .WithLogging();
        if (!string.IsNullOrWhiteSpace(builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]))
        {
            otel.UseOtlpExporter();
        }

        return builder;
    }
}
