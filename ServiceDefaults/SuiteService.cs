using Microsoft.Extensions.Hosting;

namespace Suite.ServiceDefaults;

/// <summary>Names derived from the host: "Suite.Ingestion" → service "ingestion", meter "Suite.Ingestion".</summary>
public static class SuiteService
{
    public static string NameOf(IHostEnvironment env)
    {
        var app = env.ApplicationName;
        var dot = app.LastIndexOf('.');
        return (dot >= 0 ? app[(dot + 1)..] : app).ToLowerInvariant();
    }

    public static string MeterNameOf(IHostEnvironment env) => env.ApplicationName;
}
