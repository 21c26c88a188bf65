using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Npgsql;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Suite.ServiceDefaults.Telemetry;

public static class TelemetryExtensions
{
    /// <summary>Buckets for latency histograms, in seconds (1 ms … 10 s).</summary>
    public static readonly double[] LatencyBucketsSeconds = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

    public static IHostApplicationBuilder AddSuiteTelemetry(this IHostApplicationBuilder builder)
    {
        var service = SuiteService.NameOf(builder.Environment);
        var otel = builder.Services.AddOpenTelemetry()
            .ConfigureResource(r => r.AddService(serviceName: service, serviceNamespace: "suite"))
            .WithMetrics(m => m
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation()
                .AddRuntimeInstrumentation()
                .AddMeter(SuiteService.MeterNameOf(builder.Environment), "MassTransit", "Npgsql", "Suite.Outbox")
                .AddPrometheusExporter())
            .WithTracing(t => t
                .AddSource(builder.Environment.ApplicationName, "MassTransit")
                .AddAspNetCoreInstrumentation(o => o.Filter = ctx => !IsInfraPath(ctx.Request.Path.Value))
                .AddGrpcClientInstrumentation()
                .AddHttpClientInstrumentation()
                .AddNpgsql());

        // Traces leave the process only when an OTLP collector is configured (standard OTEL_* variables).
        if (!string.IsNullOrWhiteSpace(builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]))
        {
            otel.UseOtlpExporter();
        }
        return builder;
    }

    private static bool IsInfraPath(string? path) =>
        path is not null && (path.StartsWith("/metrics") || path.StartsWith("/health") || path.StartsWith("/alive"));
}
