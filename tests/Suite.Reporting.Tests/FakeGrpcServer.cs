using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Suite.ServiceDefaults.Auth;
using Suite.Testing;

namespace Suite.Reporting.Tests;

/// <summary>
/// A fake gRPC service on a loopback port with the suite's token validation (so the tenant a caller's token names
/// reaches the fake), its recorded calls shared as a singleton.
/// </summary>
public static class FakeGrpcServer
{
    public static Task<LoopbackServer> StartAsync<TService, TCalls>(TCalls calls) where TService : class where TCalls : class =>
        LoopbackServer.StartAsync(
            app =>
            {
                app.UseAuthentication();
                app.UseAuthorization();
                app.MapGrpcService<TService>();
            },
            HttpProtocols.Http2,
            builder =>
            {
                builder.AddSuiteAuthentication();
                builder.Services.AddGrpc();
                builder.Services.AddSingleton(calls);
            },
            new Dictionary<string, string?> { ["Auth:SigningKey"] = InfraFixture.SigningKey });
}
