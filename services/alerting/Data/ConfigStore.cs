using System.Collections.Concurrent;
using Npgsql;
using Suite.Alerting.Configuration.Runtime;
using Suite.Alerting.Configuration.Yaml;
using Suite.ServiceDefaults.Data;

namespace Suite.Alerting.Data;

/// <summary>A tenant's stored document: its version (1, 2, … per save) and the YAML as stored.</summary>
public sealed record StoredConfig(string Tenant, int Version, string Yaml, AlertingDocument Document, DateTimeOffset UpdatedAt);

/// <summary>The document failed <see cref="ConfigCheck"/>; nothing was stored.</summary>
public sealed class ConfigValidationException(IReadOnlyList<ConfigError> errors)
    : Exception("invalid alerting configuration: " + string.Join("; ", errors))
{
    public IReadOnlyList<ConfigError> Errors { get; } = errors;
}

/// <summary>The save named a version that is no longer the stored one (someone else saved in between).</summary>
public sealed class ConfigVersionConflictException(int expected, int current)
    : Exception($"the configuration is at version {current}, not {expected}: export it again and reapply the change")
{
    public int Expected { get; } = expected;
    public int Current { get; } = current;
}

/// <summary>
/// The tenants' configuration documents in PostgreSQL (alerting_config + alerting_config_history), and the compiled
/// form the pipeline reads. Compiled configs are cached per tenant; a replica re-reads the stored version at most
/// once per <see cref="RefreshInterval"/> (a primary-key lookup) and recompiles only when it changed, so replicas
/// converge within about a second of a save without reading the YAML each time.
/// </summary>
public sealed class ConfigStore(NpgsqlDataSource db, TimeProvider clock) : IConfigSource
{
    public static readonly TimeSpan RefreshInterval = TimeSpan.FromSeconds(1);

    private readonly ConcurrentDictionary<string, Cached> _cache = new(StringComparer.Ordinal);

    private sealed record Cached(CompiledConfig Config, DateTimeOffset CheckedAt);

    public async Task<CompiledConfig> GetAsync(string tenant, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        if (_cache.TryGetValue(tenant, out var cached) && now - cached.CheckedAt < RefreshInterval)
        {
            return cached.Config;
        }
        var version = await VersionAsync(tenant, ct) ?? 0;
        if (cached is not null && cached.Config.Version == version)
        {
            Remember(cached.Config, now);
            return cached.Config;
        }
        var compiled = await LoadAsync(tenant, ct) is { } stored
            ? ConfigCompiler.Compile(tenant, stored.Version, stored.Document)
            : CompiledConfig.Empty(tenant);
        Remember(compiled, now);
        return compiled;
    }

    /// <summary>The stored document, read now (not cached): what export and item edits start from. Null when the tenant has none.</summary>
    public async Task<StoredConfig?> LoadAsync(string tenant, CancellationToken ct)
    {
        await using var conn = await db.OpenTenantConnectionAsync(tenant, ct);
        await using var cmd = new NpgsqlCommand("select version, yaml, updated_at from alerting_config where tenant = @tenant", conn);
        cmd.Parameters.AddWithValue("tenant", tenant);
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        if (!await reader.ReadAsync(ct))
        {
            return null;
        }
        var version = reader.GetInt32(0);
        var yaml = reader.GetString(1);
        // Saved documents passed the same reader and checks; failing here means a code change broke an old document.
        if (!AlertingYaml.TryParse(yaml, out var document, out var errors))
        {
            throw new InvalidOperationException(
                $"stored alerting configuration of tenant '{tenant}' version {version} no longer reads: {string.Join("; ", errors)}");
        }
        return new StoredConfig(tenant, version, yaml, document!, reader.GetFieldValue<DateTimeOffset>(2));
    }

    /// <summary>The stored version, or null when the tenant has no document.</summary>
    public async Task<int?> VersionAsync(string tenant, CancellationToken ct)
    {
        await using var conn = await db.OpenTenantConnectionAsync(tenant, ct);
        await using var cmd = new NpgsqlCommand("select version from alerting_config where tenant = @tenant", conn);
        cmd.Parameters.AddWithValue("tenant", tenant);
        return await cmd.ExecuteScalarAsync(ct) is int version ? version : null;
    }

    /// <summary>
    /// Validates the whole document and stores it as the next version, with a history row, in one transaction. With
    /// <paramref name="expectedVersion"/> (0 = "no document yet") the save only happens if that is still the stored
    /// version. Returns the compiled new version (also cached here at once).
    /// </summary>
    /// <exception cref="ConfigValidationException">The document is invalid; nothing was stored.</exception>
    /// <exception cref="ConfigVersionConflictException">The stored version is not <paramref name="expectedVersion"/>.</exception>
    public async Task<CompiledConfig> SaveAsync(string tenant, AlertingDocument document, int? expectedVersion, CancellationToken ct)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(tenant);
        ArgumentNullException.ThrowIfNull(document);
        var errors = ConfigCheck.Validate(document);
        if (errors.Count > 0)
        {
            throw new ConfigValidationException(errors);
        }
        var yaml = AlertingYaml.Write(document);
        // Two first saves of a tenant race on the insert; the loser retries and then sees the winner's row.
        for (var attempt = 1; ; attempt++)
        {
            var saved = await TrySaveAsync(tenant, yaml, expectedVersion, ct);
            if (saved is { } version)
            {
                var compiled = ConfigCompiler.Compile(tenant, version, document);
                Remember(compiled, clock.GetUtcNow());
                return compiled;
            }
            if (attempt == 3)
            {
                throw new InvalidOperationException($"could not save the configuration of tenant '{tenant}': concurrent first saves");
            }
        }
    }

    private async Task<int?> TrySaveAsync(string tenant, string yaml, int? expectedVersion, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTenantTransactionAsync(tenant, ct);
        int current;
        await using (var select = new NpgsqlCommand("select version from alerting_config where tenant = @tenant for update", conn, tx))
        {
            select.Parameters.AddWithValue("tenant", tenant);
            current = await select.ExecuteScalarAsync(ct) is int v ? v : 0;
        }
        if (expectedVersion is { } expected && expected != current)
        {
            throw new ConfigVersionConflictException(expected, current);
        }
        var next = current + 1;
        var write = current == 0
            ? "insert into alerting_config (tenant, version, yaml, updated_at) values (@tenant, @version, @yaml, @now) on conflict (tenant) do nothing"
            : "update alerting_config set version = @version, yaml = @yaml, updated_at = @now where tenant = @tenant";
        await using (var cmd = new NpgsqlCommand(write, conn, tx))
        {
            cmd.Parameters.AddWithValue("tenant", tenant);
            cmd.Parameters.AddWithValue("version", next);
            cmd.Parameters.AddWithValue("yaml", yaml);
            cmd.Parameters.AddWithValue("now", now);
            if (await cmd.ExecuteNonQueryAsync(ct) == 0)
            {
                await tx.RollbackAsync(ct);
                return null;
            }
        }
        await using (var history = new NpgsqlCommand(
            "insert into alerting_config_history (tenant, version, yaml, updated_at) values (@tenant, @version, @yaml, @now)", conn, tx))
        {
            history.Parameters.AddWithValue("tenant", tenant);
            history.Parameters.AddWithValue("version", next);
            history.Parameters.AddWithValue("yaml", yaml);
            history.Parameters.AddWithValue("now", now);
            await history.ExecuteNonQueryAsync(ct);
        }
        await tx.CommitAsync(ct);
        return next;
    }

    private void Remember(CompiledConfig config, DateTimeOffset checkedAt) =>
        // Never replace a newer compiled version with an older one (a slow reader finishing after a save).
        _cache.AddOrUpdate(config.Tenant, new Cached(config, checkedAt),
            (_, old) => old.Config.Version > config.Version ? old : new Cached(config, checkedAt));
}
