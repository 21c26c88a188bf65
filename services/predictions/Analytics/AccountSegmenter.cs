using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers;

namespace Suite.Predictions.Analytics;

/// <summary>
/// Segments accounts with ML.NET k-means (k-means++ start, one thread, fixed seed: the same input gives the same
/// segments). Features are standardised first so that a feature in dollars does not drown one in days.
/// </summary>
public static class AccountSegmenter
{
    public const int DefaultK = 5;
    public const int MinK = 2;
    public const int MaxK = 20;

    public static Segmentation Segment(
        IReadOnlyList<(string AccountId, double[] Features)> accounts, IReadOnlyList<string> featureNames, int k = DefaultK, int seed = 1)
    {
        Validate(accounts, featureNames, k);
        var dimensions = featureNames.Count;
        var (means, scales) = Moments(accounts, dimensions);
        var standardised = accounts
            .Select(a => a.Features.Select((x, j) => (x - means[j]) / scales[j]).ToArray())
            .ToArray();

        var clusters = Cluster(standardised, dimensions, k, seed);

        // Renumber by size (ties: the cluster whose first member comes first) so output does not depend on ML.NET's ids.
        var segmentOf = clusters
            .Select((cluster, index) => (Cluster: cluster, Index: index))
            .GroupBy(c => c.Cluster)
            .OrderByDescending(g => g.Count())
            .ThenBy(g => g.First().Index)
            .Select((g, i) => (g.Key, Segment: i + 1))
            .ToDictionary(x => x.Key, x => x.Segment);
        var segments = clusters.Select(c => segmentOf[c]).ToArray();

        var profiles = new List<SegmentProfile>();
        var centroids = new Dictionary<int, double[]>();
        foreach (var group in Enumerable.Range(0, accounts.Count).GroupBy(i => segments[i]).OrderBy(g => g.Key))
        {
            var members = group.ToArray();
            var centroid = new double[dimensions];
            var meanByName = new Dictionary<string, double>(StringComparer.Ordinal);
            for (var j = 0; j < dimensions; j++)
            {
                centroid[j] = members.Average(i => standardised[i][j]);
                meanByName[featureNames[j]] = members.Average(i => accounts[i].Features[j]);
            }
            centroids[group.Key] = centroid;
            profiles.Add(new SegmentProfile(group.Key, members.Length, meanByName, SegmentLabels.Describe(featureNames, centroid)));
        }

        var assignments = accounts
            .Select((a, i) => new SegmentAssignment(a.AccountId, segments[i], Distance(standardised[i], centroids[segments[i]])))
            .ToArray();
        return new Segmentation(assignments, profiles);
    }

    private static uint[] Cluster(double[][] standardised, int dimensions, int k, int seed)
    {
        var ml = new MLContext(seed);
        // The vector size is only known at run time, so the schema is adjusted rather than declared by attribute.
        var schema = SchemaDefinition.Create(typeof(SegmentRow));
        schema[nameof(SegmentRow.Features)].ColumnType = new VectorDataViewType(NumberDataViewType.Single, dimensions);
        var data = ml.Data.LoadFromEnumerable(
            standardised.Select(v => new SegmentRow { Features = v.Select(x => (float)x).ToArray() }), schema);

        var trainer = ml.Clustering.Trainers.KMeans(new KMeansTrainer.Options
        {
            FeatureColumnName = nameof(SegmentRow.Features),
            NumberOfClusters = k,
            InitializationAlgorithm = KMeansTrainer.InitializationAlgorithm.KMeansPlusPlus,
            MaximumNumberOfIterations = 1000,
            // Parallel k-means merges partial sums in a thread-dependent order; one thread keeps results reproducible.
            NumberOfThreads = 1,
        });
        var model = trainer.Fit(data);
        return model.Transform(data).GetColumn<uint>("PredictedLabel").ToArray();
    }

    private static (double[] Means, double[] Scales) Moments(IReadOnlyList<(string AccountId, double[] Features)> accounts, int dimensions)
    {
        var means = new double[dimensions];
        var scales = new double[dimensions];
        for (var j = 0; j < dimensions; j++)
        {
            var mean = accounts.Average(a => a.Features[j]);
            var variance = accounts.Average(a => (a.Features[j] - mean) * (a.Features[j] - mean));
            means[j] = mean;
            // A constant feature carries no information: leave it at 0 instead of dividing by zero.
            scales[j] = variance > 0 ? Math.Sqrt(variance) : 1;
        }
        return (means, scales);
    }

    private static double Distance(double[] a, double[] b)
    {
        double sum = 0;
        for (var j = 0; j < a.Length; j++)
        {
            sum += (a[j] - b[j]) * (a[j] - b[j]);
        }
        return Math.Sqrt(sum);
    }

    private static void Validate(IReadOnlyList<(string AccountId, double[] Features)> accounts, IReadOnlyList<string> featureNames, int k)
    {
        ArgumentNullException.ThrowIfNull(accounts);
        ArgumentNullException.ThrowIfNull(featureNames);
        if (k is < MinK or > MaxK)
        {
            throw new ArgumentOutOfRangeException(nameof(k), k, $"must be between {MinK} and {MaxK}");
        }
        if (featureNames.Count == 0)
        {
            throw new ArgumentException("at least one feature is needed", nameof(featureNames));
        }
        if (featureNames.Any(string.IsNullOrWhiteSpace) || featureNames.Distinct(StringComparer.Ordinal).Count() != featureNames.Count)
        {
            throw new ArgumentException("feature names must be non-empty and distinct", nameof(featureNames));
        }
        if (accounts.Count < k)
        {
            throw new ArgumentException($"needs at least k = {k} accounts, got {accounts.Count}", nameof(accounts));
        }
        for (var i = 0; i < accounts.Count; i++)
        {
            var (id, features) = accounts[i];
            if (string.IsNullOrEmpty(id))
            {
                throw new ArgumentException($"account {i} has no id", nameof(accounts));
            }
            if (features is null || features.Length != featureNames.Count)
            {
                throw new ArgumentException($"account {id} has {features?.Length ?? 0} features, expected {featureNames.Count}", nameof(accounts));
            }
            if (!features.All(double.IsFinite))
            {
                throw new ArgumentException($"account {id} has a feature that is not a finite number", nameof(accounts));
            }
        }
    }

    private sealed class SegmentRow
    {
        public float[] Features { get; set; } = [];
    }
}
