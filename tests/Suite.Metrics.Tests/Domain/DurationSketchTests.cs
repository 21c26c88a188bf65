using Suite.Metrics.Domain;

namespace Suite.Metrics.Tests.Domain;

public class DurationSketchTests
{
    /// <summary>The shared quantile definition: the value at 0-based rank ⌊q·(n−1)⌋ of the sorted values.</summary>
    public static long ExactQuantile(IReadOnlyList<long> values, double q)
    {
        var sorted = values.Order().ToList();
        return sorted[(int)Math.Floor(q * (sorted.Count - 1))];
    }

    private static void AssertWithinOnePercent(double exact, double estimate) =>
        Assert.True(Math.Abs(estimate - exact) <= DurationSketch.RelativeAccuracy * exact + 1e-9, $"estimate {estimate} vs exact {exact}");

    [Fact]
    public void Gamma_follows_the_relative_accuracy() =>
        Assert.Equal(1.01 / 0.99, DurationSketch.Gamma, 12);

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(7)]
    [InlineData(100)]
    [InlineData(101)]
    [InlineData(4_999)]
    [InlineData(1_000_000)]
    [InlineData(86_400_000)]
    public void A_single_value_is_estimated_within_one_percent(long value)
    {
        var sketch = DurationSketch.Of([value]);
        foreach (var q in new[] { 0, 0.5, 1 })
        {
            AssertWithinOnePercent(value, sketch.Quantile(q)!.Value);
        }
    }

    [Theory]
    [InlineData(new long[] { 0, 0, 5 }, 0.5, 0)]
    [InlineData(new long[] { -3, 0 }, 1, 0)]
    public void Zero_and_negative_values_count_as_zero_exactly(long[] values, double q, double expected) =>
        Assert.Equal(expected, DurationSketch.Of(values).Quantile(q));

    [Fact]
    public void An_empty_sketch_has_no_quantile() => Assert.Null(new DurationSketch().Quantile(0.5));

    [Theory]
    [InlineData(1, 1_000, 0.0)]
    [InlineData(2, 10_000, 0.5)]
    [InlineData(3, 5_000, 0.95)]
    [InlineData(4, 20_000, 0.99)]
    [InlineData(5, 100, 1.0)]
    [InlineData(6, 3, 0.5)]
    public void Quantiles_are_within_one_percent_of_the_exact_ones_over_random_data(int seed, int n, double q)
    {
        var rng = new Random(seed);
        // Uniform, log-uniform (long tail) and a few zeros.
        var values = Enumerable.Range(0, n).Select(i => (i % 3) switch
        {
            0 => rng.NextInt64(1, 5_000),
            1 => (long)Math.Exp(rng.NextDouble() * Math.Log(10_000_000)),
            _ => rng.Next(50) == 0 ? 0 : rng.NextInt64(1, 200),
        }).ToList();
        var sketch = DurationSketch.Of(values);
        Assert.Equal(n, sketch.Count);
        AssertWithinOnePercent(ExactQuantile(values, q), sketch.Quantile(q)!.Value);
    }

    [Theory]
    [InlineData(11)]
    [InlineData(12)]
    [InlineData(13)]
    public void Merge_is_associative_and_equals_the_sketch_of_all_values(int seed)
    {
        var rng = new Random(seed);
        var parts = Enumerable.Range(0, 3).Select(_ => Enumerable.Range(0, rng.Next(0, 500)).Select(_ => rng.NextInt64(0, 100_000)).ToList()).ToList();
        DurationSketch S(int i) => DurationSketch.Of(parts[i]);

        var left = S(0).Merge(S(1)).Merge(S(2));
        var right = S(0).Merge(S(1).Merge(S(2)));
        var swapped = S(2).Merge(S(0)).Merge(S(1));
        var all = DurationSketch.Of(parts.SelectMany(p => p));

        Assert.Equal(all.ToJson(), left.ToJson());
        Assert.Equal(all.ToJson(), right.ToJson());
        Assert.Equal(all.ToJson(), swapped.ToJson());
        foreach (var q in new[] { 0.5, 0.95, 0.99 })
        {
            Assert.Equal(all.Quantile(q), left.Quantile(q));
        }
    }

    [Fact]
    public void Json_round_trips()
    {
        var sketch = DurationSketch.Of([0, 1, 1, 2, 50, 50, 5_000, 123_456]);
        var copy = DurationSketch.FromJson(sketch.ToJson());
        Assert.Equal((sketch.Count, sketch.ZeroCount, sketch.ToJson()), (copy.Count, copy.ZeroCount, copy.ToJson()));
        Assert.Equal("{}", new DurationSketch().ToJson());
        Assert.Equal(sketch.Buckets.OrderBy(b => b.Key), copy.Buckets.OrderBy(b => b.Key));
    }

    [Fact]
    public void Json_with_keys_in_any_order_and_postgres_spacing_parses()
    {
        var copy = DurationSketch.FromJson("""{"5": 2, "z": 1, "-1": 3}""");
        Assert.Equal((6L, 1L), (copy.Count, copy.ZeroCount));
        Assert.Equal([new KeyValuePair<int, long>(-1, 3), new KeyValuePair<int, long>(5, 2)], copy.Buckets.OrderBy(b => b.Key));
    }

    [Theory]
    [InlineData("{}", 0)]
    [InlineData("{ }", 0)]
    [InlineData(" {\"z\": 4} ", 4)]
    public void Empty_and_spaced_objects_parse(string json, long count) => Assert.Equal(count, DurationSketch.FromJson(json).Count);

    [Theory]
    [InlineData("")]
    [InlineData("[]")]
    [InlineData("{\"5\" 2}")]
    [InlineData("{5: 2}")]
    [InlineData("{\"5\": -2}")]
    [InlineData("{\"5\": 2.5}")]
    [InlineData("{\"x\": 2}")]
    [InlineData("{\"5\": 2")]
    public void Anything_else_is_a_format_error(string json) => Assert.ThrowsAny<FormatException>(() => DurationSketch.FromJson(json));
}
