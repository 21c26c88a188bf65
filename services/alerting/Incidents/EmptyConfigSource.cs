using Suite.Alerting.Configuration.Runtime;

namespace Suite.Alerting.Incidents;

/// <summary>
/// Used only when no configuration store is registered: every tenant has <see cref="CompiledConfig.Empty"/>, so no
/// event rule fires and nothing is routed to anyone.
/// </summary>
public sealed class EmptyConfigSource : IConfigSource
{
    public Task<CompiledConfig> GetAsync(string tenant, CancellationToken ct) => Task.FromResult(CompiledConfig.Empty(tenant));
}
