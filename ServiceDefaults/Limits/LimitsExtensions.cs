using Grpc.AspNetCore.Server;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Suite.ServiceDefaults.Configuration;

namespace Suite.ServiceDefaults.Limits;

public static class LimitsExtensions
{
    /// <summary>Binds and validates RateLimits and RequestLimits (a bad value stops the start) and applies the sizes.</summary>
    public static IHostApplicationBuilder AddSuiteLimits(this IHostApplicationBuilder builder)
    {
        var rates = builder.Configuration.BindStrict<RateLimitOptions>(RateLimitOptions.Section, o => o.Validate());
        var sizes = builder.Configuration.BindStrict<RequestSizeOptions>(RequestSizeOptions.Section, o => o.Validate());
        builder.Services.AddSingleton(rates);
        builder.Services.AddSingleton(sizes);
        builder.Services.AddSingleton<CallRateLimiter>();
        builder.Services.AddSingleton<LimitsMetrics>();
        builder.Services.PostConfigure<GrpcServiceOptions>(o => o.MaxReceiveMessageSize = sizes.MaxGrpcMessageBytes);
        return builder;
    }

    public static IApplicationBuilder UseRequestSizeLimit(this IApplicationBuilder app) => app.UseMiddleware<RequestSizeLimitMiddleware>();
}
