using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Suite.Metrics.Domain;

/// <summary>
/// A mergeable quantile sketch of durations (DDSketch): a value x &gt; 0 goes to bucket i = ceil(log_γ x), which covers
/// (γ^(i-1), γ^i], with γ = (1+a)/(1-a) and a = 0.01; a bucket is estimated as 2γ^i/(γ+1), so every estimate is within
/// a relative 1 % of any value in its bucket. Values &lt;= 0 are counted apart as 0 (exact). Merging adds counts per
/// bucket, so it is associative and commutative, and a merged sketch equals the sketch of all values.
/// Quantile definition (shared with the tests): the value at 0-based rank ⌊q·(n−1)⌋ of the sorted values.
/// </summary>
public sealed class DurationSketch
{
    public const double RelativeAccuracy = 0.01;
    public static readonly double Gamma = (1 + RelativeAccuracy) / (1 - RelativeAccuracy);
    private static readonly double LogGamma = Math.Log(Gamma);
    /// <summary>The JSON key of the bucket of values &lt;= 0.</summary>
    public const string ZeroKey = "z";

    private readonly SortedDictionary<int, long> _buckets = [];

    public long ZeroCount { get; private set; }
    public long Count { get; private set; }
    public IReadOnlyDictionary<int, long> Buckets => _buckets;

    public static int BucketOf(double value) => (int)Math.Ceiling(Math.Log(value) / LogGamma);

    public static double EstimateOf(int bucket) => 2 * Math.Pow(Gamma, bucket) / (Gamma + 1);

    public void Add(long value, long times = 1)
    {
        if (times <= 0)
        {
            return;
        }
        if (value <= 0)
        {
            ZeroCount += times;
        }
        else
        {
            AddToBucket(BucketOf(value), times);
        }
        Count += times;
    }

    public DurationSketch Merge(DurationSketch other)
    {
        foreach (var (bucket, count) in other._buckets)
        {
            AddToBucket(bucket, count);
        }
        ZeroCount += other.ZeroCount;
        Count += other.Count;
        return this;
    }

    private void AddToBucket(int bucket, long count) => _buckets[bucket] = _buckets.GetValueOrDefault(bucket) + count;

    /// <summary>The estimate of the value at rank ⌊q·(n−1)⌋; null when the sketch is empty.</summary>
    public double? Quantile(double q)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(q, 0);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(q, 1);
        if (Count == 0)
        {
            return null;
        }
        var rank = (long)Math.Floor(q * (Count - 1));
        if (rank < ZeroCount)
        {
            return 0;
        }
        var seen = ZeroCount;
        foreach (var (bucket, count) in _buckets)
        {
            seen += count;
            if (rank < seen)
            {
                return EstimateOf(bucket);
            }
        }
        return EstimateOf(_buckets.Keys.Last());
    }

    /// <summary>Compact JSON object bucket index → count (zero bucket under "z"), as stored in the rollups' duration_sketch.</summary>
    public string ToJson()
    {
        var json = new StringBuilder("{");
        if (ZeroCount > 0)
        {
            json.Append('"').Append(ZeroKey).Append("\":").Append(ZeroCount.ToString(CultureInfo.InvariantCulture));
        }
        foreach (var (bucket, count) in _buckets)
        {
            json.Append(json.Length > 1 ? "," : "").Append('"').Append(bucket.ToString(CultureInfo.InvariantCulture)).Append("\":")
                .Append(count.ToString(CultureInfo.InvariantCulture));
        }
        return json.Append('}').ToString();
    }

    public static DurationSketch FromJson(string json)
    {
        var sketch = new DurationSketch();
        using var doc = JsonDocument.Parse(json);
        foreach (var property in doc.RootElement.EnumerateObject())
        {
            var count = property.Value.GetInt64();
            if (property.Name == ZeroKey)
            {
                sketch.ZeroCount += count;
            }
            else
            {
                sketch.AddToBucket(int.Parse(property.Name, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture), count);
            }
            sketch.Count += count;
        }
        return sketch;
    }

    public static DurationSketch Of(IEnumerable<long> values)
    {
        var sketch = new DurationSketch();
        foreach (var v in values)
        {
            sketch.Add(v);
        }
        return sketch;
    }
}
