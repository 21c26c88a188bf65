using Suite.Contracts.Metrics.V1;
using Suite.ServiceDefaults.Grpc;

namespace Suite.Metrics.Domain;

/// <summary>Pure validation of GetFunnel requests; violations name proto fields.</summary>
public static class FunnelRequestValidator
{
    public const int MinSteps = 2;
    public const int MaxSteps = 10;
    private const int MaxNameLength = 64;
    /// <summary>user_events keeps 90 days by default: a longer window or range could not be answered.</summary>
    public static readonly TimeSpan MaxWindow = TimeSpan.FromDays(90);
    public static readonly TimeSpan MaxRange = TimeSpan.FromDays(90);

    public static (FunnelQuery? Query, IReadOnlyList<FieldViolation> Violations) Validate(GetFunnelRequest request)
    {
        var violations = new List<FieldViolation>();
        void Fail(string field, string description) => violations.Add(new FieldViolation(field, description));

        if (request.Steps.Count is < MinSteps or > MaxSteps)
        {
            Fail("steps", $"{MinSteps} to {MaxSteps} steps are required");
        }
        for (var i = 0; i < request.Steps.Count && i < MaxSteps; i++)
        {
            var step = request.Steps[i];
            if (!IsName(step.Domain))
            {
                Fail($"steps[{i}].domain", $"is required (at most {MaxNameLength} characters)");
            }
            if (!IsName(step.Type))
            {
                Fail($"steps[{i}].type", $"is required (at most {MaxNameLength} characters)");
            }
        }
        if (request.ConversionWindowSeconds <= 0 || request.ConversionWindowSeconds > MaxWindow.TotalSeconds)
        {
            Fail("conversion_window_seconds", $"must be between 1 and {(long)MaxWindow.TotalSeconds} seconds");
        }
        var from = KpiRequestValidator.Instant(Fail, "from", request.From);
        var to = KpiRequestValidator.Instant(Fail, "to", request.To);
        if (from is not null && to is not null && from >= to)
        {
            Fail("to", "must be after from");
        }
        else if (to - from > MaxRange)
        {
            Fail("to", $"the range may span at most {MaxRange.TotalDays} days");
        }
        if (violations.Count > 0)
        {
            return (null, violations);
        }
        var steps = request.Steps.Select(s => new FunnelStep(s.Domain, s.Type)).ToList();
        return (new FunnelQuery(steps, TimeSpan.FromSeconds(request.ConversionWindowSeconds), from!.Value, to!.Value), []);
    }

    private static bool IsName(string s) => !string.IsNullOrWhiteSpace(s) && s.Length <= MaxNameLength;
}
