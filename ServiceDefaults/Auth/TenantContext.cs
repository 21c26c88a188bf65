using System.Security.Claims;
using Grpc.Core;

namespace Suite.ServiceDefaults.Auth;

/// <summary>The tenant of a call comes from the token, never from the payload.</summary>
public static class TenantContext
{
    public static string RequireTenant(this ServerCallContext context) =>
        ResolveTenant(context.GetHttpContext().User, context.RequestHeaders.GetValue(SuiteClaims.TenantHeader));

    /// <summary>
    /// End users: the token's tenant claim. The service identity (role "service") acts for the tenant named in the
    /// x-suite-tenant header, because one service token serves every tenant.
    /// </summary>
    public static string ResolveTenant(ClaimsPrincipal user, string? tenantHeader)
    {
        if (user.Identity?.IsAuthenticated != true)
        {
            throw new RpcException(new Status(StatusCode.Unauthenticated, "a bearer token is required"));
        }
        if (user.IsInRole(SuiteRoles.Service))
        {
            return IsValidTenant(tenantHeader)
                ? tenantHeader!
                : throw new RpcException(new Status(StatusCode.InvalidArgument, $"service calls must name the tenant in the {SuiteClaims.TenantHeader} header"));
        }
        var tenant = user.FindFirst(SuiteClaims.Tenant)?.Value;
        return IsValidTenant(tenant)
            ? tenant!
            : throw new RpcException(new Status(StatusCode.PermissionDenied, "the token carries no valid tenant claim"));
    }

    /// <summary>Tenant ids: 1–64 chars of [a-z0-9_-].</summary>
    public static bool IsValidTenant(string? tenant) =>
        !string.IsNullOrEmpty(tenant) && tenant.Length <= 64 &&
        tenant.All(c => c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '-' or '_');
}
