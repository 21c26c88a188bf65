namespace Suite.ServiceDefaults.Auth;

/// <summary>Claim names and roles carried by Suite bearer tokens.</summary>
public static class SuiteClaims
{
    public const string Tenant = "tenant";
    public const string Role = "role";
    public const string Subject = "sub";

    /// <summary>Service-to-service calls carry the tenant in this header; only honoured for the service role.</summary>
    public const string TenantHeader = "x-suite-tenant";
}

public static class SuiteRoles
{
    public const string Admin = "admin";
    public const string Executive = "executive";
    public const string Monitor = "monitor";
    public const string Reader = "reader";
    public const string Client = "client";
    public const string Service = "service";

    /// <summary>Every role, in the order docs and messages list them.</summary>
    public static readonly IReadOnlyList<string> All = [Admin, Executive, Monitor, Reader, Client, Service];
}
