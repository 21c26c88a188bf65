using System.Diagnostics.Metrics;
using Grpc.Core;
using Grpc.Core.Interceptors;
using Microsoft.Extensions.Hosting;
using Suite.ServiceDefaults.Grpc;

namespace Suite.ServiceDefaults.Limits;

/// <summary>
/// Counts every gRPC call (streams once, at their start) against the caller's budgets before the handler runs; a call
/// over a budget is refused with RESOURCE_EXHAUSTED, RetryInfo, QuotaFailure and a retry-after trailer.
/// </summary>
public sealed class RateLimitInterceptor(CallRateLimiter limiter, RateLimitOptions options, LimitsMetrics metrics) : Interceptor
{
    public override Task<TResponse> UnaryServerHandler<TRequest, TResponse>(
        TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
    {
        Check(context);
        return continuation(request, context);
    }

    public override Task<TResponse> ClientStreamingServerHandler<TRequest, TResponse>(
        IAsyncStreamReader<TRequest> requestStream, ServerCallContext context, ClientStreamingServerMethod<TRequest, TResponse> continuation)
    {
        Check(context);
        return continuation(requestStream, context);
    }

    public override Task ServerStreamingServerHandler<TRequest, TResponse>(
        TRequest request, IServerStreamWriter<TResponse> responseStream, ServerCallContext context, ServerStreamingServerMethod<TRequest, TResponse> continuation)
    {
        Check(context);
        return continuation(request, responseStream, context);
    }

    public override Task DuplexStreamingServerHandler<TRequest, TResponse>(
        IAsyncStreamReader<TRequest> requestStream, IServerStreamWriter<TResponse> responseStream, ServerCallContext context, DuplexStreamingServerMethod<TRequest, TResponse> continuation)
    {
        Check(context);
        return continuation(requestStream, responseStream, context);
    }

    private void Check(ServerCallContext context)
    {
        var budgets = RateLimitPlan.For(context.Method, RateLimitPlan.CallerOf(context.GetHttpContext().User), options);
        if (budgets.Count == 0)
        {
            return;
        }
        var decision = limiter.Acquire(budgets);
        if (decision.Exhausted is { } budget)
        {
            metrics.Refused(budget.Quota);
            var http = context.GetHttpContext();
            if (!RequestSizeLimitMiddleware.IsGrpc(http.Request))
            {
                // JSON callers get no trailers: the standard header instead.
                http.Response.Headers.RetryAfter = GrpcErrors.RetryAfterSeconds(decision.RetryAfter).ToString(System.Globalization.CultureInfo.InvariantCulture);
            }
            throw GrpcErrors.RateLimited(
                $"{budget.Subject} is over its limit of {budget.Rule.Permits} {budget.Quota} per {budget.Rule.Window}; retry after {GrpcErrors.RetryAfterSeconds(decision.RetryAfter)} s",
                decision.RetryAfter, budget.Subject, $"{budget.Quota} ({budget.Rule.Permits} per {budget.Rule.Window})");
        }
    }
}

/// <summary>suite_{service}_rate_limited_calls_total{quota}: calls refused by a request budget.</summary>
public sealed class LimitsMetrics
{
    private readonly Counter<long> _refused;

    public LimitsMetrics(IMeterFactory meters, IHostEnvironment env)
    {
        var service = SuiteService.NameOf(env);
        _refused = meters.Create(SuiteService.MeterNameOf(env))
            .CreateCounter<long>($"suite.{service}.rate_limited_calls", "{call}", "gRPC calls refused by a request rate limit");
    }

    public void Refused(string quota) => _refused.Add(1, new KeyValuePair<string, object?>("quota", quota));
}
