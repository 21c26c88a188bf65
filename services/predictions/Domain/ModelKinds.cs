namespace Suite.Predictions.Domain;

/// <summary>Kinds of model the registry holds; conversion and threat join churn later.</summary>
public static class ModelKinds
{
    public const string Churn = "churn";

    public static readonly IReadOnlyList<string> All = [Churn];

    public static bool IsKnown(string kind) => All.Contains(kind, StringComparer.Ordinal);
}
