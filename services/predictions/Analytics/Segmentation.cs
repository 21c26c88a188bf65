namespace Suite.Predictions.Analytics;

/// <summary>Which segment an account fell in and how far it lies from the segment centre (in standard deviations).</summary>
public readonly record struct SegmentAssignment(string AccountId, int Segment, double DistanceToCentroid);

/// <summary>A segment: its size, the mean of every feature in original units, and a short description.</summary>
public sealed record SegmentProfile(int Segment, int Size, IReadOnlyDictionary<string, double> Means, string Label);

/// <summary>
/// Accounts split into segments numbered 1, 2, ... by size, largest first. Assignments keep the input order.
/// </summary>
public sealed record Segmentation(IReadOnlyList<SegmentAssignment> Assignments, IReadOnlyList<SegmentProfile> Profiles);
