using System.Globalization;

namespace Suite.AlertingBench;

/// <summary>The KPI rule cycle counters from the service's /metrics (Prometheus text format).</summary>
public sealed record CycleCounters(double DurationSum, long Cycles, long RulesEvaluated, long EvaluationsOk, long EvaluationsError)
{
    public static async Task<CycleCounters> ReadAsync(HttpClient http, Uri serviceHttp, CancellationToken ct)
    {
        var text = await http.GetStringAsync(new Uri(serviceHttp, "/metrics"), ct);
        return new CycleCounters(
            Sum(text, "suite_alerting_kpi_rule_cycle_duration_seconds_sum"),
            (long)Sum(text, "suite_alerting_kpi_rule_cycle_duration_seconds_count"),
            (long)Sum(text, "suite_alerting_kpi_rules_evaluated_total"),
            (long)Sum(text, "suite_alerting_evaluations_total", "result=\"ok\""),
            (long)Sum(text, "suite_alerting_evaluations_total", "result=\"error\""));
    }

    /// <summary>The metric's value summed over its label sets (optionally only those containing <paramref name="label"/>).</summary>
    private static double Sum(string text, string name, string? label = null)
    {
        double total = 0;
        foreach (var line in text.Split('\n'))
        {
            if (line.StartsWith(name, StringComparison.Ordinal) && line.Length > name.Length && line[name.Length] is '{' or ' '
                && (label is null || line.Contains(label, StringComparison.Ordinal)))
            {
                // name{labels} value [timestamp]
                var parts = line[(line.IndexOf('}') is var close and >= 0 ? close + 1 : name.Length)..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
                total += double.Parse(parts[0], CultureInfo.InvariantCulture);
            }
        }
        return total;
    }
}
