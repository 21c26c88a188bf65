using System.Collections.Concurrent;

namespace Suite.Predictions.Models;

/// <summary>The models serving right now, one per kind; swapped atomically when a new version is activated.</summary>
public sealed class ActiveModels
{
    private readonly ConcurrentDictionary<string, ServingModel> _byKind = new(StringComparer.Ordinal);

    public bool TryGet(string kind, out ServingModel model) => _byKind.TryGetValue(kind, out model!);

    public void Activate(ServingModel model) => _byKind[model.Descriptor.Kind] = model;
}
