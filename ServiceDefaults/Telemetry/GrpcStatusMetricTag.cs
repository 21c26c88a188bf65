using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace Suite.ServiceDefaults.Telemetry;

/// <summary>
/// Grpc.AspNetCore puts the call's status on the trace (activity tag grpc.status_code) but not on ASP.NET Core's
/// http.server.request.duration, where every completed gRPC call is HTTP 200 whatever its status. This middleware adds
/// the status code as the tag rpc.grpc.status_code (OpenTelemetry's RPC convention; Prometheus label
/// rpc_grpc_status_code="13") so the error-ratio recording rules in deploy/prometheus/rules can tell failed calls apart.
/// </summary>
public static class GrpcStatusMetricTag
{
    public const string TagName = "rpc.grpc.status_code";

    public static IApplicationBuilder UseGrpcStatusMetricTag(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        await next(context);
        if (context.Request.ContentType?.StartsWith("application/grpc", StringComparison.OrdinalIgnoreCase) == true
            && context.Features.Get<IHttpMetricsTagsFeature>() is { } metrics
            && StatusOf(context) is { } status)
        {
            metrics.Tags.Add(new KeyValuePair<string, object?>(TagName, status));
        }
    });

    /// <summary>grpc-status from the trailers, or from the headers of a trailers-only response.</summary>
    public static int? StatusOf(HttpContext context)
    {
        var value = context.Features.Get<IHttpResponseTrailersFeature>()?.Trailers?["grpc-status"].ToString();
        if (string.IsNullOrEmpty(value))
        {
            value = context.Response.Headers["grpc-status"].ToString();
        }
        return int.TryParse(value, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var code) ? code : null;
    }
}
