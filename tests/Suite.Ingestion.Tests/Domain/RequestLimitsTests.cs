using Google.Protobuf;
using Suite.Contracts.Ingestion.V1;
using Suite.Ingestion.Domain;
using Suite.Ingestion.Domain.Limits;

namespace Suite.Ingestion.Tests.Domain;

public class RequestLimitsTests
{
    private static readonly DateTimeOffset Now = new(2025, 6, 15, 12, 0, 0, TimeSpan.Zero);

    /// <summary>An event of exactly <paramref name="bytes"/> encoded bytes (a padding property grows it).</summary>
    private static Event EventOfSize(int bytes)
    {
        var e = EventValidatorTests.ValidEvent();
        e.Properties["pad"] = "";
        var padding = bytes - e.CalculateSize();
        // The value's length prefix grows by a byte at 128 and 16384: adjust until the size is exact.
        for (var n = padding; n >= 0; n--)
        {
            e.Properties["pad"] = new string('x', n);
            if (e.CalculateSize() <= bytes)
            {
                break;
            }
        }
        Assert.Equal(bytes, e.CalculateSize());
        return e;
    }

    [Theory]
    [InlineData(32 * 1024, 32 * 1024, true)]
    [InlineData(32 * 1024 + 1, 32 * 1024, false)]
    [InlineData(2000, 1024, false)]
    [InlineData(1024, 1024, true)]
    public void Event_size_limit(int eventBytes, int maxBytes, bool allowed)
    {
        var limits = new RequestLimits(maxBytes, 1024 * 1024);

        var rejection = limits.CheckEvent(EventOfSize(eventBytes));

        if (allowed)
        {
            Assert.Null(rejection);
            return;
        }
        Assert.NotNull(rejection);
        Assert.False(rejection.IsValid);
        Assert.True(rejection.ExceedsLimit);
        Assert.Equal("event_too_large", rejection.Code);
        Assert.Equal("event", Assert.Single(rejection.Violations).Field);
        Assert.Contains(maxBytes.ToString(), rejection.Violations[0].Description);
    }

    [Theory]
    [InlineData(10, 20_000, false)]
    [InlineData(60, 20_000, true)]
    public void Batch_size_limit(int events, int maxBatchBytes, bool tooLarge)
    {
        var batch = new EventBatch { Events = { Enumerable.Range(0, events).Select(_ => EventOfSize(400)) } };
        var limits = new RequestLimits(32 * 1024, maxBatchBytes);

        Assert.Equal(tooLarge ? batch.CalculateSize() : null, limits.BatchTooLarge(batch));
    }

    [Theory]
    [InlineData("", 0)]
    [InlineData("b-1", 1)]
    [InlineData("b-1", 200)]
    [InlineData("", 1000)]
    public void The_batch_size_from_event_sizes_is_the_encoded_size(string batchId, int events)
    {
        var batch = new EventBatch { BatchId = batchId, Events = { Enumerable.Range(0, events).Select(i => EventOfSize(100 + i * 37 % 20_000)) } };

        var sizes = batch.Events.Select(e => e.CalculateSize()).ToArray();

        Assert.Equal(batch.CalculateSize(), RequestLimits.BatchSize(batchId, sizes));
    }

    [Theory]
    [InlineData(64, 64, true)]
    [InlineData(65, 64, false)]
    [InlineData(5, 4, false)]
    [InlineData(0, 0, true)]
    public void Property_count_limit_comes_from_the_policy(int properties, int maxProperties, bool valid)
    {
        var e = EventValidatorTests.ValidEvent();
        for (var i = 0; i < properties; i++)
        {
            e.Properties[$"k{i}"] = "v";
        }
        var validator = new EventValidator(IngestionPolicy.Default with { MaxProperties = maxProperties });

        var result = validator.Validate(e, Now);

        Assert.Equal(valid, result.IsValid);
        if (!valid)
        {
            Assert.True(result.ExceedsLimit);
            Assert.Equal("too_many_properties", result.Code);
            Assert.Equal("properties", Assert.Single(result.Violations).Field);
        }
    }

    [Fact]
    public void Format_violations_are_not_limits()
    {
        var e = EventValidatorTests.ValidEvent();
        e.Type = "login";

        var result = new EventValidator(IngestionPolicy.Default).Validate(e, Now);

        Assert.False(result.ExceedsLimit);
        Assert.Equal("type", result.Code);
    }
}
