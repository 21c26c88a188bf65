using Google.Protobuf.Reflection;
using Grpc.Core;
using Grpc.Net.ClientFactory;
using Microsoft.Extensions.DependencyInjection;
using Suite.ServiceDefaults.Auth;

namespace Suite.ServiceDefaults.Grpc;

public static class GrpcExtensions
{
    public const int MaxMessageBytes = 4 * 1024 * 1024;

    public static IServiceCollection AddSuiteGrpc(this IServiceCollection services)
    {
        services.AddGrpc(o =>
        {
            o.Interceptors.Add<ExceptionInterceptor>();
            o.Interceptors.AddCallPolicies();
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
