using Google.Protobuf.WellKnownTypes;
using Suite.Alerting.Configuration.Runtime;
using Suite.Alerting.Domain;
using Suite.Alerting.Domain.Rules;
using Suite.Alerting.Jobs.DocumentRules;
using Suite.Contracts.Common.V1;
using Suite.Contracts.Metrics.V1;

namespace Suite.Alerting.Tests.Domain.DocumentRules;

public sealed class KpiRuleInputsTests
{
    private static readonly DateTimeOffset Now = new(2026, 6, 10, 12, 30, 20, TimeSpan.Zero);

    private static CompiledRule Rule(RuleCondition condition, TimeSpan? window = null, TimeSpan? step = null, long minSamples = 0) =>
        new("r", "warning", condition, null, "k", new Dictionary<string, string>(), new Dictionary<string, string>(), new Dictionary<string, string>(),
            window, step, minSamples);

    public static TheoryData<RuleCondition, TimeSpan?, TimeSpan?, TimeSpan> Lookbacks => new()
    {
        { new ThresholdCondition(Comparison.Above, 1, TimeSpan.Zero), null, null, TimeSpan.FromMinutes(5) },
        { new ThresholdCondition(Comparison.Above, 1, TimeSpan.Zero), TimeSpan.FromDays(1), null, TimeSpan.FromDays(1) },
        { new ChangeCondition(TimeSpan.FromDays(30), ChangeDirection.Decline, 15), null, TimeSpan.FromDays(1), TimeSpan.FromDays(61) },
        { new ZScoreCondition(20, 3), null, TimeSpan.FromHours(1), TimeSpan.FromHours(22) },
        { new CusumCondition(30, 0.5), null, TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(40) },
        { new TukeyCondition(10), null, null, TimeSpan.FromMinutes(12) },
        { new AbsenceCondition(TimeSpan.FromHours(2)), null, TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(125) },
    };

    [Theory]
    [MemberData(nameof(Lookbacks))]
    public void Fetches_as_far_back_as_the_condition_reads(RuleCondition condition, TimeSpan? window, TimeSpan? step, TimeSpan expected) =>
        Assert.Equal(expected, KpiRuleInputs.LookbackOf(Rule(condition, window, step)));

    [Theory]
    [InlineData(60, Granularity.Minute)]
    [InlineData(3600, Granularity.Hour)]
    [InlineData(86400, Granularity.Day)]
    public void The_step_picks_the_bucket_size(int seconds, Granularity expected) =>
        Assert.Equal(expected, KpiRuleInputs.GranularityOf(TimeSpan.FromSeconds(seconds)));

    [Fact]
    public void Window_total_kinds_read_one_value_and_respect_min_samples()
    {
        var series = new KpiSeries { Total = new KpiPoint { HasValue = true, Value = 0.4, Numerator = 4, Denominator = 10 } };
        var threshold = new ThresholdCondition(Comparison.Above, 0.2, TimeSpan.Zero);
        Assert.Equal([(Now, 0.4)], KpiRuleInputs.ToSeries(Rule(threshold), series, Now).Points.Select(p => (p.At, p.Value)));
        Assert.Empty(KpiRuleInputs.ToSeries(Rule(threshold, minSamples: 11), series, Now).Points);
    }

    [Fact]
    public void Series_kinds_leave_out_the_bucket_in_progress_but_absence_counts_it()
    {
        var minute = new DateTimeOffset(2026, 6, 10, 12, 30, 0, TimeSpan.Zero);
        var series = new KpiSeries();
        series.Points.Add(new KpiPoint { Start = Timestamp.FromDateTimeOffset(minute.AddMinutes(-2)), HasValue = true, Value = 5, Numerator = 5 });
        series.Points.Add(new KpiPoint { Start = Timestamp.FromDateTimeOffset(minute.AddMinutes(-1)), HasValue = true, Value = 0, Numerator = 0 });
        series.Points.Add(new KpiPoint { Start = Timestamp.FromDateTimeOffset(minute), HasValue = true, Value = 2, Numerator = 2 });

        var zscore = KpiRuleInputs.ToSeries(Rule(new ZScoreCondition(2, 3)), series, Now);
        Assert.Equal([5.0, 0.0], zscore.Points.Select(p => p.Value));
        // Absence: only buckets where something happened are data, the current one included.
        var absence = KpiRuleInputs.ToSeries(Rule(new AbsenceCondition(TimeSpan.FromMinutes(10))), series, Now);
        Assert.Equal([5.0, 2.0], absence.Points.Select(p => p.Value));
    }
}
