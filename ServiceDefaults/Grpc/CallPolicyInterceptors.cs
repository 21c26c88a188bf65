using Grpc.AspNetCore.Server;
using Suite.ServiceDefaults.Audit;
using Suite.ServiceDefaults.Limits;

namespace Suite.ServiceDefaults.Grpc;

public static class CallPolicyInterceptors
{
    /// <summary>
    /// Rate limits, then the audit record. A call refused for its rate is therefore not audited: a client hammering a
    /// mutation must not be able to flood the audit log (the refusals are counted in a metric instead).
    /// </summary>
    public static void AddCallPolicies(this InterceptorCollection interceptors)
    {
        interceptors.Add<RateLimitInterceptor>();
        interceptors.Add<AuditInterceptor>();
    }
}
