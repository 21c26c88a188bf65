using System.Diagnostics;
using Grpc.Core;
using Grpc.Core.Interceptors;
using Microsoft.Extensions.Logging;
using Suite.ServiceDefaults.Auth;

namespace Suite.ServiceDefaults.Audit;

/// <summary>
/// Records each call <see cref="AuditPolicy"/> selects, after it finished, with its status. A failed write is logged
/// and counted but does not fail the call: the change has already been committed, so an error would only make the
/// client retry a mutation that happened (the write-failure counter is what to alert on).
/// </summary>
public sealed class AuditInterceptor(TimeProvider clock, ILogger<AuditInterceptor> logger, AuditStore? store = null, AuditMetrics? metrics = null) : Interceptor
{
    private static readonly TimeSpan WriteTimeout = TimeSpan.FromSeconds(5);

    public override async Task<TResponse> UnaryServerHandler<TRequest, TResponse>(
        TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
    {
        if (!Applies(context))
        {
            return await continuation(request, context);
        }
        var started = Start();
        try
        {
            var response = await continuation(request, context);
            await RecordAsync(context, request, started, context.Status.StatusCode);
            return response;
        }
        catch (Exception ex)
        {
            await RecordAsync(context, request, started, StatusOf(ex, context));
            throw;
        }
    }

    public override async Task<TResponse> ClientStreamingServerHandler<TRequest, TResponse>(
        IAsyncStreamReader<TRequest> requestStream, ServerCallContext context, ClientStreamingServerMethod<TRequest, TResponse> continuation)
    {
        if (!Applies(context))
        {
            return await continuation(requestStream, context);
        }
        var started = Start();
        try
        {
            var response = await continuation(requestStream, context);
            await RecordAsync(context, null, started, context.Status.StatusCode);
            return response;
        }
        catch (Exception ex)
        {
            await RecordAsync(context, null, started, StatusOf(ex, context));
            throw;
        }
    }

    public override async Task ServerStreamingServerHandler<TRequest, TResponse>(
        TRequest request, IServerStreamWriter<TResponse> responseStream, ServerCallContext context, ServerStreamingServerMethod<TRequest, TResponse> continuation)
    {
        if (!Applies(context))
        {
            await continuation(request, responseStream, context);
            return;
        }
        var started = Start();
        try
        {
            await continuation(request, responseStream, context);
            await RecordAsync(context, request, started, context.Status.StatusCode);
        }
        catch (Exception ex)
        {
            await RecordAsync(context, request, started, StatusOf(ex, context));
            throw;
        }
    }

    public override async Task DuplexStreamingServerHandler<TRequest, TResponse>(
        IAsyncStreamReader<TRequest> requestStream, IServerStreamWriter<TResponse> responseStream, ServerCallContext context, DuplexStreamingServerMethod<TRequest, TResponse> continuation)
    {
        if (!Applies(context))
        {
            await continuation(requestStream, responseStream, context);
            return;
        }
        var started = Start();
        try
        {
            await continuation(requestStream, responseStream, context);
            await RecordAsync(context, null, started, context.Status.StatusCode);
        }
        catch (Exception ex)
        {
            await RecordAsync(context, null, started, StatusOf(ex, context));
            throw;
        }
    }

    // Hosts without a database (test stand-ins built on the defaults) have no store: nothing to record into.
    private bool Applies(ServerCallContext context) => store is not null && AuditPolicy.IsAudited(context.Method);

    private (DateTimeOffset At, long Ticks) Start() => (clock.GetUtcNow(), Stopwatch.GetTimestamp());

    private static StatusCode StatusOf(Exception ex, ServerCallContext context) => ex switch
    {
        RpcException rpc => rpc.StatusCode,
        OperationCanceledException when context.CancellationToken.IsCancellationRequested => StatusCode.Cancelled,
        _ => StatusCode.Internal,   // what ExceptionInterceptor will answer
    };

    private async Task RecordAsync(ServerCallContext context, object? request, (DateTimeOffset At, long Ticks) started, StatusCode status)
    {
        var user = context.GetHttpContext().User;
        var record = new AuditRecord(
            started.At,
            TenantOf(context),
            user.FindFirst(SuiteClaims.Subject)?.Value ?? "",
            user.FindAll(SuiteClaims.Role).Select(c => c.Value).ToList(),
            context.Method,
            request is null ? "(stream)" : AuditSummary.Of(request),
            status.ToString(),
            Stopwatch.GetElapsedTime(started.Ticks).TotalMilliseconds);
        try
        {
            // Not the call's token: a client that gives up must not erase the trace of what it did.
            using var timeout = new CancellationTokenSource(WriteTimeout);
            await store!.AppendAsync(record, timeout.Token);
        }
        catch (Exception ex)
        {
            metrics?.WriteFailed();
            logger.LogError(ex, "Audit record lost: {Method} by {Subject} of {Tenant} ended {Status}", record.Method, record.Subject, record.Tenant, record.Status);
        }
    }

    private static string TenantOf(ServerCallContext context)
    {
        try
        {
            return context.RequireTenant();
        }
        catch (RpcException)
        {
            return "";   // refused for lack of a tenant: recorded, but listed for no tenant
        }
    }
}
