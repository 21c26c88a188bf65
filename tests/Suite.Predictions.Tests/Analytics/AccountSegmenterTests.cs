using MathNet.Numerics.Distributions;
using Suite.Predictions.Analytics;

namespace Suite.Predictions.Tests.Analytics;

public class AccountSegmenterTests
{
    private static readonly string[] FeatureNames = ["logins_30d", "open_tickets", "mrr"];

    // Five well-separated groups of different sizes, in very different units (counts, tickets, dollars).
    private static readonly (int Size, double[] Centre)[] Groups =
    [
        (300, [25, 0.5, 200]),
        (200, [3, 6, 150]),
        (150, [12, 2, 2_000]),
        (100, [40, 1, 5_000]),
        (50, [1, 0.2, 40]),
    ];

    private static (List<(string AccountId, double[] Features)> Accounts, List<int> Truth) Generate(int seed)
    {
        var random = new Random(seed);
        var rows = Groups
            .SelectMany((g, group) => Enumerable.Range(0, g.Size).Select(_ => (
                Group: group,
                Features: g.Centre.Select(c => c + Normal.Sample(random, 0, 0.05 * Math.Max(c, 5))).ToArray())))
            .OrderBy(_ => random.Next())
            .ToList();
        return (rows.Select((r, i) => ($"acc_{i:D4}", r.Features)).ToList(), rows.Select(r => r.Group).ToList());
    }

    [Fact]
    public void Recovers_well_separated_clusters_numbered_by_size()
    {
        var (accounts, truth) = Generate(seed: 11);

        var segmentation = AccountSegmenter.Segment(accounts, FeatureNames);

        // Purity: each segment counted by its majority true group.
        var purity = segmentation.Assignments
            .Select((a, i) => (a.Segment, Truth: truth[i]))
            .GroupBy(x => x.Segment)
            .Sum(g => g.GroupBy(x => x.Truth).Max(t => t.Count())) / (double)accounts.Count;
        Assert.True(purity >= 0.95, $"purity {purity:F3}");
        Assert.Equal([1, 2, 3, 4, 5], segmentation.Profiles.Select(p => p.Segment));
        Assert.Equal(Groups.Select(g => g.Size), segmentation.Profiles.Select(p => p.Size));
        Assert.Equal(accounts.Select(a => a.AccountId), segmentation.Assignments.Select(a => a.AccountId));
    }

    [Fact]
    public void Profiles_hold_the_members_means_and_distances_are_to_the_members_centre()
    {
        var (accounts, _) = Generate(seed: 12);

        var segmentation = AccountSegmenter.Segment(accounts, FeatureNames, k: 4, seed: 3);

        Assert.Equal(accounts.Count, segmentation.Profiles.Sum(p => p.Size));
        foreach (var profile in segmentation.Profiles)
        {
            var members = accounts.Where((_, i) => segmentation.Assignments[i].Segment == profile.Segment).ToList();
            Assert.Equal(members.Count, profile.Size);
            Assert.Equal(FeatureNames, profile.Means.Keys);
            for (var j = 0; j < FeatureNames.Length; j++)
            {
                Assert.Equal(members.Average(m => m.Features[j]), profile.Means[FeatureNames[j]], 9);
            }
        }
        Assert.All(segmentation.Assignments, a => Assert.True(a.DistanceToCentroid >= 0));
        Assert.True(segmentation.Profiles.Zip(segmentation.Profiles.Skip(1), (a, b) => a.Size >= b.Size).All(x => x));
    }

    [Fact]
    public void Labels_name_what_sets_a_segment_apart()
    {
        var (accounts, truth) = Generate(seed: 13);

        var segmentation = AccountSegmenter.Segment(accounts, FeatureNames);

        // Group 3 (40 logins, 5,000 MRR) stands out on mrr and logins; group 1 (3 logins, 6 tickets) on tickets.
        string LabelOf(int group) => segmentation.Profiles[segmentation.Assignments[truth.IndexOf(group)].Segment - 1].Label;
        Assert.StartsWith("high mrr", LabelOf(3), StringComparison.Ordinal);
        Assert.Contains("high logins_30d", LabelOf(3), StringComparison.Ordinal);
        Assert.StartsWith("high open_tickets", LabelOf(1), StringComparison.Ordinal);
        Assert.Contains("low logins_30d", LabelOf(1), StringComparison.Ordinal);
    }

    [Fact]
    public void Is_deterministic_for_a_seed()
    {
        var (accounts, _) = Generate(seed: 14);

        var first = AccountSegmenter.Segment(accounts, FeatureNames, k: 6, seed: 5);
        var second = AccountSegmenter.Segment(accounts, FeatureNames, k: 6, seed: 5);

        Assert.Equal(first.Assignments, second.Assignments);
        Assert.Equal(first.Profiles.Select(p => (p.Segment, p.Size, p.Label)), second.Profiles.Select(p => (p.Segment, p.Size, p.Label)));
    }

    [Theory]
    [InlineData(new[] { 1.2, -0.7, 0.1 }, "high a, low b")]
    [InlineData(new[] { 0.3, -0.49, 0.0 }, SegmentLabels.Average)]
    [InlineData(new[] { -0.5, 0.5, 0.0 }, "low a, high b")]
    [InlineData(new[] { 0.6, -2.0, 1.0, 3.0 }, "high d, low b, high c")]
    public void Labels_list_the_strongest_deviations_first(double[] standardisedMeans, string expected)
    {
        var names = new[] { "a", "b", "c", "d" }.Take(standardisedMeans.Length).ToList();

        Assert.Equal(expected, SegmentLabels.Describe(names, standardisedMeans));
    }

    [Theory]
    [InlineData(1, 10, 3, 0, "k")]
    [InlineData(21, 30, 3, 0, "k")]
    [InlineData(5, 4, 3, 0, "accounts")]
    [InlineData(2, 10, 2, 0, "accounts")]
    [InlineData(2, 10, 3, double.NaN, "accounts")]
    [InlineData(2, 10, 3, double.NegativeInfinity, "accounts")]
    public void Validates_its_inputs(int k, int accountCount, int featuresOfLastAccount, double lastValue, string invalidParameter)
    {
        var accounts = Enumerable.Range(0, accountCount)
            .Select(i => ($"a{i}", new double[] { i, i % 3, 1 }))
            .ToList();
        var last = new double[featuresOfLastAccount];
        last[0] = lastValue;
        accounts[^1] = ("last", last);

        var error = Assert.ThrowsAny<ArgumentException>(() => AccountSegmenter.Segment(accounts, FeatureNames, k));

        Assert.Equal(invalidParameter, error.ParamName);
    }

    [Fact]
    public void Feature_names_must_be_distinct() =>
        Assert.Equal("featureNames", Assert.ThrowsAny<ArgumentException>(() =>
            AccountSegmenter.Segment([("a", [1.0, 2.0]), ("b", [2.0, 3.0])], ["x", "x"], k: 2)).ParamName);
}
