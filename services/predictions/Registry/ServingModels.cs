using System.Collections.Concurrent;
using Suite.Predictions.Domain;

namespace Suite.Predictions.Registry;

/// <summary>
/// The models serving right now, per (tenant, kind); a tenant's own active model wins over the global one. Entries
/// are replaced atomically, so a promotion never fails a call in flight: it finishes on the model it started with.
/// </summary>
public sealed class ServingModels
{
    private readonly ConcurrentDictionary<(string Tenant, string Kind), LoadedModel> _models = new();

    /// <summary>Ready once every kind has a global model (what a tenant without its own falls back to).</summary>
    public bool IsReady => ModelKinds.All.All(kind => _models.ContainsKey((ModelRegistry.Global, kind)));

    public bool TryResolve(string tenant, string kind, out LoadedModel model) =>
        _models.TryGetValue((tenant, kind), out model!) || _models.TryGetValue((ModelRegistry.Global, kind), out model!);

    public void Activate(LoadedModel model) => _models[(model.Descriptor.Tenant, model.Descriptor.Kind)] = model;

    public IReadOnlyList<(string Tenant, string Kind, string Version)> Loaded() =>
        _models.Select(m => (m.Key.Tenant, m.Key.Kind, m.Value.Descriptor.Version)).ToList();

    public void Remove(string tenant, string kind) => _models.TryRemove((tenant, kind), out _);
}
