using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace Suite.ServiceDefaults.Audit;

public static class AuditExtensions
{
    /// <summary>The store and its metrics; called by AddSuiteDatabase, since the rows live in the service's database.</summary>
    public static IServiceCollection AddSuiteAudit(this IServiceCollection services) =>
        services.AddSingleton<AuditStore>().AddSingleton<AuditMetrics>();

    /// <summary>Maps suite.audit.v1.Audit (gRPC, and GET /v1/audit) when the service has an audit store.</summary>
    public static WebApplication MapSuiteAudit(this WebApplication app)
    {
        if (app.Services.GetService<AuditStore>() is not null)
        {
            app.MapGrpcService<AuditApi>();
        }
        return app;
    }
}
