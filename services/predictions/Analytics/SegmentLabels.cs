namespace Suite.Predictions.Analytics;

/// <summary>
/// Describes a segment by the features whose standardised mean is far from the overall average, strongest first,
/// e.g. "high logins_30d, low open_tickets".
/// </summary>
public static class SegmentLabels
{
    /// <summary>Half a standard deviation: smaller differences are not worth naming.</summary>
    public const double Threshold = 0.5;

    public const int MaxTerms = 3;

    public const string Average = "close to average";

    public static string Describe(IReadOnlyList<string> featureNames, IReadOnlyList<double> standardisedMeans)
    {
        var terms = featureNames
            .Select((name, i) => (Name: name, Z: standardisedMeans[i]))
            .Where(f => Math.Abs(f.Z) >= Threshold)
            .OrderByDescending(f => Math.Abs(f.Z))
            .ThenBy(f => f.Name, StringComparer.Ordinal)
            .Take(MaxTerms)
            .Select(f => (f.Z > 0 ? "high " : "low ") + f.Name)
            .ToList();
        return terms.Count == 0 ? Average : string.Join(", ", terms);
    }
}
