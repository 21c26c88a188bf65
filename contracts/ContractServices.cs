using System.Reflection;
using Google.Protobuf.Reflection;

namespace Suite.Contracts;

/// <summary>Every gRPC service the .proto files define, found through the generated *Reflection.Descriptor properties.</summary>
public static class ContractServices
{
    public static IReadOnlyList<ServiceDescriptor> All { get; } = typeof(ContractServices).Assembly.GetTypes()
        .Select(t => t.GetProperty("Descriptor", BindingFlags.Public | BindingFlags.Static))
        .Where(p => p?.PropertyType == typeof(FileDescriptor))
        .SelectMany(p => ((FileDescriptor)p!.GetValue(null)!).Services)
        .ToList();

    /// <summary>"/package.Service/Method", the name gRPC calls a method by.</summary>
    public static string FullName(this MethodDescriptor method) => $"/{method.Service.FullName}/{method.Name}";
}
