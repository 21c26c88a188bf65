using YamlDotNet.Core;
using YamlDotNet.Serialization;

namespace Suite.Alerting.Configuration.Yaml;

/// <summary>
/// YamlDotNet only fills types implementing ICollection/IDictionary; the document records expose read-only
/// interfaces, so read those as List/Dictionary (which implement them).
/// </summary>
internal sealed class ReadOnlyCollectionDeserializer : INodeDeserializer
{
    public bool Deserialize(IParser reader, Type expectedType, Func<IParser, Type, object?> nestedObjectDeserializer, out object? value, ObjectDeserializer rootDeserializer)
    {
        var concrete = expectedType.IsGenericType ? expectedType.GetGenericTypeDefinition() switch
        {
            var t when t == typeof(IReadOnlyList<>) => typeof(List<>).MakeGenericType(expectedType.GetGenericArguments()),
            var t when t == typeof(IReadOnlyDictionary<,>) => typeof(Dictionary<,>).MakeGenericType(expectedType.GetGenericArguments()),
            _ => null,
        } : null;
        if (concrete is null)
        {
            value = null;
            return false;
        }
        value = nestedObjectDeserializer(reader, concrete);
        return true;
    }
}
