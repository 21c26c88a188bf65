using Grpc.Core;
using Suite.Alerting.Configuration.Runtime;
using Suite.Alerting.Configuration.Yaml;
using Suite.Alerting.Data;
using Suite.Contracts.Alerting.V1;
using Suite.ServiceDefaults.Grpc;

namespace Suite.Alerting.Api;

/// <summary>Between the AlertConfig messages/status codes and the configuration types.</summary>
internal static class AlertConfigMapping
{
    /// <summary>The request field a document-level problem (YAML syntax, several documents) is reported on.</summary>
    public const string DocumentField = "yaml";

    public static ConfigSection Section(string key) =>
        ConfigSections.TryParse(key, out var section)
            ? section
            : throw GrpcErrors.InvalidArgument("section", $"'{key}' is not a section: {string.Join(", ", ConfigSections.Keys)}");

    /// <summary>One field violation per problem: the document path, and the message with the line and column when known.</summary>
    public static RpcException Invalid(IReadOnlyList<ConfigError> errors) =>
        GrpcErrors.InvalidArgument(errors.Select(e => new FieldViolation(
            e.Path.Length == 0 ? DocumentField : e.Path,
            e.Line is { } line ? $"{e.Message} (line {line}, column {e.Column})" : e.Message)));

    public static RpcException Conflict(ConfigVersionConflictException ex) => GrpcErrors.FailedPrecondition(ex.Message);

    public static ConfigSummary Summary(int version, AlertingDocument document)
    {
        var summary = new ConfigSummary { Version = version };
        foreach (var (section, count) in ConfigEdit.Counts(document))
        {
            summary.Counts[section] = count;
        }
        return summary;
    }
}
