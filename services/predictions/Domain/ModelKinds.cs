namespace Suite.Predictions.Domain;

/// <summary>Kinds of model the registry holds.</summary>
public static class ModelKinds
{
    public const string Churn = "churn";
    public const string Conversion = "conversion";
    public const string Threat = "threat";

    public static readonly IReadOnlyList<string> All = [Churn, Conversion, Threat];

    public static bool IsKnown(string kind) => All.Contains(kind, StringComparer.Ordinal);
}
