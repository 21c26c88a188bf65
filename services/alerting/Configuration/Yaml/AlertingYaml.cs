using System.Text.RegularExpressions;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;
using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;

namespace Suite.Alerting.Configuration.Yaml;

/// <summary>Import and export of the whole alerting configuration as YAML.</summary>
public static partial class AlertingYaml
{
    private static readonly IDeserializer Deserializer = new DeserializerBuilder()
        .WithNamingConvention(UnderscoredNamingConvention.Instance)
        .WithNodeDeserializer(new ReadOnlyCollectionDeserializer(), where => where.OnTop())
        .Build();

    private static readonly ISerializer Serializer = new SerializerBuilder()
        .WithNamingConvention(UnderscoredNamingConvention.Instance)
        .ConfigureDefaultValuesHandling(DefaultValuesHandling.OmitNull | DefaultValuesHandling.OmitEmptyCollections)
        .WithQuotingNecessaryStrings()
        .DisableAliases()
        .Build();

    /// <summary>
    /// Reads a document. Syntax errors, unknown keys (<c>routes.routes[2].recievers: unknown key</c>), wrong shapes and
    /// values that are not numbers where numbers belong throw <see cref="AlertingYamlException"/> listing every problem
    /// with its path, line and column. Does not validate meaning: see <see cref="AlertingDocumentValidation"/>.
    /// </summary>
    public static AlertingDocument Parse(string yaml) =>
        TryParse(yaml, out var document, out var errors) ? document! : throw new AlertingYamlException(errors);

    public static bool TryParse(string yaml, out AlertingDocument? document, out IReadOnlyList<ConfigError> errors)
    {
        ArgumentNullException.ThrowIfNull(yaml);
        document = null;
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(yaml));
        }
        catch (YamlException ex)
        {
            errors = [FromException(ex, "")];
            return false;
        }
        if (stream.Documents.Count > 1)
        {
            var second = stream.Documents[1].RootNode;
            errors = [new ConfigError("", "expected one YAML document, found several", (int)second.Start.Line, (int)second.Start.Column)];
            return false;
        }
        if (stream.Documents.Count == 0 || YamlShapeCheck.IsNull(stream.Documents[0].RootNode))
        {
            document = new AlertingDocument();
            errors = [];
            return true;
        }

        var shape = new YamlShapeCheck();
        shape.Check(stream.Documents[0].RootNode, typeof(AlertingDocument), "");
        if (shape.Errors.Count > 0)
        {
            errors = shape.Errors;
            return false;
        }
        try
        {
            document = Deserializer.Deserialize<AlertingDocument?>(yaml) ?? new AlertingDocument();
            errors = [];
            return true;
        }
        catch (YamlException ex)
        {
            // The shape check should have caught it; still report it with the path of the node it points at.
            errors = [FromException(ex, shape.PathAt(ex.Start.Line, ex.Start.Column))];
            return false;
        }
    }

    /// <summary>Parses and validates: the errors of whichever step failed (none when the document can be used).</summary>
    public static (AlertingDocument? Document, IReadOnlyList<ConfigError> Errors) Load(string yaml)
    {
        if (!TryParse(yaml, out var document, out var errors))
        {
            return (null, errors);
        }
        var problems = AlertingDocumentValidation.Validate(document!);
        return (problems.Count == 0 ? document : null, problems);
    }

    /// <summary>Writes a document; <c>Parse(Write(d))</c> equals <c>d</c> field by field. Unset and empty fields are left out.</summary>
    public static string Write(AlertingDocument document)
    {
        ArgumentNullException.ThrowIfNull(document);
        return Serializer.Serialize(document);
    }

    /// <summary>One item of a section (a recipient, a route tree …) as <see cref="Write"/> writes it inside the document.</summary>
    public static string WriteFragment(object item)
    {
        ArgumentNullException.ThrowIfNull(item);
        return Serializer.Serialize(item);
    }

    private static ConfigError FromException(YamlException ex, string path)
    {
        // YamlDotNet prefixes "(Line: 3, Col: 5, Idx: 20) - (Line: …): " — the position goes in its own fields.
        var innermost = ex.InnerException is { } inner && inner is not YamlException ? ": " + inner.Message : "";
        var message = MarkPrefix().Replace(ex.Message, "") + innermost;
        return new ConfigError(path, message, (int)ex.Start.Line, (int)ex.Start.Column);
    }

    [GeneratedRegex(@"^\(Line: \d+, Col: \d+, Idx: \d+\) - \(Line: \d+, Col: \d+, Idx: \d+\): ")]
    private static partial Regex MarkPrefix();
}

/// <summary>A document that could not be read; <see cref="Errors"/> has every problem found.</summary>
public sealed class AlertingYamlException(IReadOnlyList<ConfigError> errors)
    : FormatException("invalid alerting configuration: " + string.Join("; ", errors))
{
    public IReadOnlyList<ConfigError> Errors { get; } = errors;
}
