using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Suite.ServiceDefaults.Audit;
using Suite.ServiceDefaults.Auth;
using Suite.ServiceDefaults.Grpc;
using Suite.ServiceDefaults.Limits;
using Suite.ServiceDefaults.Telemetry;

namespace Suite.ServiceDefaults;

/// <summary>
/// The one call each service makes (eShop's ServiceDefaults shape): telemetry, health, auth, gRPC conventions,
/// service discovery and resilience for outgoing calls.
/// </summary>
public static class Extensions
{
    public const string ReadyTag = "ready";

    public static TBuilder AddServiceDefaults<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        builder.Services.AddSingleton(TimeProvider.System);
        builder.AddSuiteTelemetry();
        builder.Services.AddHealthChecks().AddCheck("self", () => HealthCheckResult.Healthy(), ["live"]);
        builder.AddSuiteAuthentication();
        builder.Services.AddSuiteGrpc();
        builder.AddSuiteLimits();

        builder.Services.AddServiceDiscovery();
        builder.Services.ConfigureHttpClientDefaults(http =>
        {
            http.AddStandardResilienceHandler();
            http.AddServiceDiscovery();
        });
        return builder;
    }

    /// <summary>
    /// /health (ready: dependencies reachable), /alive (process up), /metrics, gRPC health and reflection, the audit log
    /// service; gRPC status on the request metric; the HTTP body size limit.
    /// </summary>
    public static WebApplication MapDefaultEndpoints(this WebApplication app)
    {
        app.UseGrpcStatusMetricTag();
        app.UseRequestSizeLimit();
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseGrpcRequestParsing();

        app.MapHealthChecks("/health", new HealthCheckOptions { Predicate = _ => true }).AllowAnonymous();
        app.MapHealthChecks("/alive", new HealthCheckOptions { Predicate = r => r.Tags.Contains("live") }).AllowAnonymous();
        app.MapPrometheusScrapingEndpoint("/metrics").AllowAnonymous();
        app.MapGrpcHealthChecksService().AllowAnonymous();
        app.MapGrpcReflectionService().AllowAnonymous();
        app.MapSuiteAudit();
        return app;
    }
}
