using Npgsql;

namespace Suite.ServiceDefaults.Data;

/// <summary>
/// The one way past row-level security: a second data source, registered under the key <see cref="AllTenants"/>,
/// whose connections start with app.all_tenants = on. Work that spans tenants (migrations, retention, ETL, relays,
/// schedulers claiming due rows of every tenant) asks for it by name — [FromKeyedServices(SystemScope.AllTenants)] —
/// so a reviewer sees each place that can read every tenant. It is a separate pool: a connection of one pool never
/// serves the other, and the setting is a startup parameter, so DISCARD ALL keeps it on and cannot carry it over.
/// </summary>
public static class SystemScope
{
    public const string AllTenants = "all-tenants";

    public const string AllTenantsSetting = "app.all_tenants";

    /// <summary><paramref name="connectionString"/> with app.all_tenants = on from the start of every connection.</summary>
    public static string AllTenantsConnectionString(string connectionString)
    {
        var cs = new NpgsqlConnectionStringBuilder(connectionString);
        cs.Options = $"{cs.Options} -c {AllTenantsSetting}=on".Trim();
        cs.ApplicationName = $"{cs.ApplicationName} ({AllTenants})".Trim();
        return cs.ConnectionString;
    }
}
