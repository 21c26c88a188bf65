using System.Globalization;
using System.Text;

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

    // Unordered while merging (hundreds of sketches per query); sorted only when a quantile or the JSON is produced.
    private readonly Dictionary<int, long> _buckets = [];

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

    private void AddToBucket(int bucket, long count)
    {
        ref var slot = ref System.Runtime.InteropServices.CollectionsMarshal.GetValueRefOrAddDefault(_buckets, bucket, out _);
        slot += count;
    }

    private IEnumerable<KeyValuePair<int, long>> Ordered() => _buckets.OrderBy(b => b.Key);

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
        var last = 0;
        foreach (var (bucket, count) in Ordered())
        {
            seen += count;
            last = bucket;
            if (rank < seen)
            {
                return EstimateOf(bucket);
            }
        }
        return EstimateOf(last);
    }

    /// <summary>Compact JSON object bucket index → count (zero bucket under "z"), as stored in the rollups' duration_sketch.</summary>
    public string ToJson()
    {
        var json = new StringBuilder("{");
        if (ZeroCount > 0)
        {
            json.Append('"').Append(ZeroKey).Append("\":").Append(ZeroCount.ToString(CultureInfo.InvariantCulture));
        }
        foreach (var (bucket, count) in Ordered())
        {
            json.Append(json.Length > 1 ? "," : "").Append('"').Append(bucket.ToString(CultureInfo.InvariantCulture)).Append("\":")
                .Append(count.ToString(CultureInfo.InvariantCulture));
        }
        return json.Append('}').ToString();
    }

    /// <summary>
    /// Reads the stored object (as written by <see cref="ToJson"/>, or as PostgreSQL prints jsonb: with spaces) without
    /// a JSON DOM: percentile queries read hundreds of these per call. Anything else is a <see cref="FormatException"/>.
    /// </summary>
    public static DurationSketch FromJson(string json)
    {
        var sketch = new DurationSketch();
        var span = json.AsSpan().Trim();
        if (span.Length < 2 || span[0] != '{' || span[^1] != '}')
        {
            throw new FormatException("a duration sketch is a JSON object");
        }
        span = span[1..^1];
        while (true)
        {
            span = span.TrimStart();
            if (span.IsEmpty)
            {
                return sketch;
            }
            if (span[0] != '"')
            {
                throw new FormatException("expected a quoted bucket key");
            }
            var keyEnd = span[1..].IndexOf('"');
            if (keyEnd < 0)
            {
                throw new FormatException("unterminated bucket key");
            }
            var key = span.Slice(1, keyEnd);
            span = span[(keyEnd + 2)..].TrimStart();
            if (span.IsEmpty || span[0] != ':')
            {
                throw new FormatException("expected ':' after a bucket key");
            }
            span = span[1..].TrimStart();
            var valueEnd = span.IndexOf(',');
            var value = (valueEnd < 0 ? span : span[..valueEnd]).TrimEnd();
            var count = long.Parse(value, NumberStyles.None, CultureInfo.InvariantCulture);
            if (key.SequenceEqual(ZeroKey))
            {
                sketch.ZeroCount += count;
            }
            else
            {
                sketch.AddToBucket(int.Parse(key, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture), count);
            }
            sketch.Count += count;
            if (valueEnd < 0)
            {
                return sketch;
            }
            span = span[(valueEnd + 1)..];
        }
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
