using Google.Protobuf.Reflection;
using Grpc.Core;
using Grpc.Net.ClientFactory;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Suite.ServiceDefaults.Auth;

namespace Suite.ServiceDefaults.Grpc;

public static class GrpcExtensions
{
    public const int MaxMessageBytes = 4 * 1024 * 1024;

    public static IServiceCollection AddSuiteGrpc(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System); // RoleInterceptor's clock (reader window)
        services.AddGrpc(o =>
        {
            o.Interceptors.Add<ExceptionInterceptor>();
            // Rate limits, then the audit record, then roles: a denied call to an audited method is recorded (who tried
            // what), a call refused for its rate is not. Denials are RpcExceptions, which ExceptionInterceptor passes on.
            o.Interceptors.AddCallPolicies();
            o.Interceptors.Add<RoleInterceptor>();
            o.MaxReceiveMessageSize = MaxMessageBytes;
            o.EnableDetailedErrors = false;
        })
        // JSON error bodies can render google.rpc details (BadRequest field violations) only for registered types.
        .AddJsonTranscoding(o => o.TypeRegistry = TypeRegistry.FromFiles(Google.Rpc.ErrorDetailsReflection.Descriptor));
        services.AddGrpcReflection();
        services.AddGrpcHealthChecks();
        return services;
    }

    /// <summary>
    /// A typed gRPC client for another suite service, found by service discovery (Aspire's convention:
    /// configuration key services:{service}:grpc:0) and calling with the service identity.
    /// </summary>
    public static IHttpClientBuilder AddSuiteGrpcClient<TClient>(this IServiceCollection services, string service) where TClient : class =>
        services
            .AddGrpcClient<TClient>(o => o.Address = new Uri($"http://_grpc.{service}"))
            .AddHttpMessageHandler<ServiceTokenHandler>();

    /// <summary>Call options for a service-to-service call made on behalf of a tenant.</summary>
    public static CallOptions ForTenant(string tenant, CancellationToken cancellationToken = default, TimeSpan? timeout = null) =>
        new(new Metadata { { SuiteClaims.TenantHeader, tenant } },
            deadline: DateTime.UtcNow.Add(timeout ?? TimeSpan.FromSeconds(10)),
            cancellationToken: cancellationToken);
}
