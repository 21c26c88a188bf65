using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Xunit;
using Xunit.Abstractions;

namespace Suite.EndToEnd.Tests;

/// <summary>
/// The Grafana dashboards in deploy/grafana/dashboards, checked without Grafana: every query of every panel (and every
/// template variable's label_values query) runs against the Prometheus of a suite started with the demo simulator, and
/// must return at least one series once data flows. Template variables become their "All" value (<c>.*</c>), Grafana's
/// interval macros fixed durations.
/// </summary>
public sealed partial class DashboardQueryTests(DemoSuiteFixture fx, ITestOutputHelper output) : IClassFixture<DemoSuiteFixture>
{
    private const string DatasourceUid = "suite-prometheus";

    /// <summary>Until the simulator's events are scraped: services built, migrated, first batches in.</summary>
    private static readonly TimeSpan DataFlowTimeout = TimeSpan.FromMinutes(5);

    /// <summary>
    /// Until every query has data: rates need a few scrapes, the KPI gauge its refresh, and the notification panels the
    /// demo's first incident (a minute after the simulator starts) to fire an alert and mail it.
    /// </summary>
    private static readonly TimeSpan AllQueriesTimeout = TimeSpan.FromMinutes(8);

    private static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(2);

    public sealed record Dashboard(string File, JsonElement Json)
    {
        public string Title => Json.TryGetProperty("title", out var t) ? t.GetString() ?? "" : "";
        public string Uid => Json.TryGetProperty("uid", out var u) ? u.GetString() ?? "" : "";
    }

    /// <summary>One query to run: where it comes from (dashboard, panel title, refId) and the expression as Prometheus gets it.</summary>
    public sealed record DashboardQuery(string Dashboard, string Panel, string Expr, string Resolved)
    {
        public override string ToString() => $"{Dashboard} / {Panel}: {Expr}";
    }

    public static string DashboardsDir => Path.Combine(AppHostProcess.RepoRoot(), "deploy", "grafana", "dashboards");

    public static IReadOnlyList<Dashboard> LoadDashboards() =>
        [.. Directory.EnumerateFiles(DashboardsDir, "*.json").Order(StringComparer.Ordinal)
            .Select(f => new Dashboard(Path.GetFileName(f), JsonDocument.Parse(File.ReadAllText(f)).RootElement.Clone()))];

    [Fact]
    public void Every_dashboard_has_a_unique_uid_and_title_and_uses_the_suite_datasource()
    {
        var dashboards = LoadDashboards();
        Assert.True(dashboards.Count >= 4, $"expected the four dashboards in {DashboardsDir}, found {dashboards.Count}");
        var problems = new List<string>();
        foreach (var d in dashboards)
        {
            if (string.IsNullOrWhiteSpace(d.Uid))
            {
                problems.Add($"{d.File}: no uid");
            }
            if (string.IsNullOrWhiteSpace(d.Title))
            {
                problems.Add($"{d.File}: no title");
            }
            var panels = Panels(d.Json).ToList();
            if (panels.Count(p => p.GetProperty("type").GetString() != "row") == 0)
            {
                problems.Add($"{d.File}: no panels");
            }
            foreach (var panel in panels.Where(p => p.GetProperty("type").GetString() != "row"))
            {
                var title = panel.TryGetProperty("title", out var t) ? t.GetString() : "(untitled)";
                if (!panel.TryGetProperty("targets", out var targets) || targets.GetArrayLength() == 0)
                {
                    problems.Add($"{d.File} / {title}: no targets");
                    continue;
                }
                problems.AddRange(WrongDatasource(panel, $"{d.File} / {title}"));
                foreach (var target in targets.EnumerateArray())
                {
                    problems.AddRange(WrongDatasource(target, $"{d.File} / {title} / {Str(target, "refId")}"));
                    if (string.IsNullOrWhiteSpace(Str(target, "expr")))
                    {
                        problems.Add($"{d.File} / {title} / {Str(target, "refId")}: no expr");
                    }
                }
            }
            foreach (var variable in Variables(d.Json).Where(v => Str(v, "type") == "query"))
            {
                problems.AddRange(WrongDatasource(variable, $"{d.File} / variable {Str(variable, "name")}"));
            }
        }
        foreach (var group in dashboards.GroupBy(d => d.Uid).Where(g => g.Count() > 1))
        {
            problems.Add($"uid '{group.Key}' is used by {string.Join(", ", group.Select(d => d.File))}");
        }
        foreach (var group in dashboards.GroupBy(d => d.Title).Where(g => g.Count() > 1))
        {
            problems.Add($"title '{group.Key}' is used by {string.Join(", ", group.Select(d => d.File))}");
        }
        Assert.True(problems.Count == 0, "dashboard problems:\n" + string.Join("\n", problems));
    }

    [Fact]
    public void Provisioning_declares_the_suite_datasource_and_a_provider_for_the_dashboards()
    {
        var provisioning = Path.Combine(AppHostProcess.RepoRoot(), "deploy", "grafana", "provisioning");
        var datasource = File.ReadAllLines(Path.Combine(provisioning, "datasources", "suite.yml")).Select(l => l.Trim()).ToList();
        Assert.Contains($"uid: {DatasourceUid}", datasource);
        Assert.Contains("type: prometheus", datasource);
        Assert.Contains("url: http://127.0.0.1:9090", datasource);
        var dashboards = File.ReadAllLines(Path.Combine(provisioning, "dashboards", "suite.yml")).Select(l => l.Trim()).ToList();
        Assert.Contains("type: file", dashboards);
        Assert.Contains(dashboards, l => l.StartsWith("path: ", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Every_panel_query_returns_series_from_the_demo_suite()
    {
        var queries = LoadDashboards().SelectMany(Queries).ToList();
        Assert.NotEmpty(queries);
        var unresolved = queries.Where(q => q.Resolved.Contains('$', StringComparison.Ordinal)).ToList();
        Assert.True(unresolved.Count == 0, "queries with a variable the test cannot resolve:\n" + string.Join("\n", unresolved));

        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        var prometheus = fx.Suite.PrometheusUrl;

        // Data flows: the simulator's events counted by ingestion and scraped, at a non-zero rate.
        var flowing = await PollAsync(DataFlowTimeout, async () =>
            (await QueryAsync(http, prometheus, "sum(rate(suite_ingestion_events_total{result=\"accepted\"}[1m])) > 0")).Series > 0);
        Assert.True(flowing, $"no ingested events reached Prometheus within {DataFlowTimeout.TotalMinutes} min");

        // Every query until each has returned a series at least once; the ones still empty (or failing) are reported together.
        var pending = queries.ToDictionary(q => q, _ => "not run");
        await PollAsync(AllQueriesTimeout, async () =>
        {
            foreach (var query in pending.Keys.ToList())
            {
                var result = await QueryAsync(http, prometheus, query.Resolved);
                if (result.Series > 0)
                {
                    pending.Remove(query);
                }
                else
                {
                    pending[query] = result.Error ?? "no series";
                }
            }
            return pending.Count == 0;
        });

        output.WriteLine($"{queries.Count - pending.Count} of {queries.Count} dashboard queries returned series");
        var report = new StringBuilder();
        foreach (var (query, why) in pending.OrderBy(p => p.Key.Dashboard, StringComparer.Ordinal))
        {
            report.Append(CultureInfo.InvariantCulture, $"\n  [{query.Dashboard}] {query.Panel}: {query.Expr}  -> {why}");
        }
        Assert.True(pending.Count == 0,
            $"{pending.Count} of {queries.Count} dashboard queries returned nothing within {AllQueriesTimeout.TotalMinutes} min:{report}");
    }

    /// <summary>Each panel target's expr, and each query variable's label_values(metric, label) as <c>count by (label) (metric)</c>.</summary>
    public static IEnumerable<DashboardQuery> Queries(Dashboard d)
    {
        var variables = Variables(d.Json).ToDictionary(v => Str(v, "name"), AllValue, StringComparer.Ordinal);
        foreach (var panel in Panels(d.Json).Where(p => p.TryGetProperty("targets", out _)))
        {
            var title = Str(panel, "title");
            foreach (var target in panel.GetProperty("targets").EnumerateArray())
            {
                var expr = Str(target, "expr");
                if (!string.IsNullOrWhiteSpace(expr))
                {
                    yield return new DashboardQuery(d.Title, $"{title} ({Str(target, "refId")})", expr, Resolve(expr, variables));
                }
            }
        }
        foreach (var variable in Variables(d.Json).Where(v => Str(v, "type") == "query"))
        {
            var definition = Str(variable, "definition");
            var match = LabelValues().Match(definition);
            var resolved = match.Success
                ? $"count by ({match.Groups["label"].Value}) ({match.Groups["metric"].Value})"
                : definition;
            yield return new DashboardQuery(d.Title, $"variable ${Str(variable, "name")}", definition, Resolve(resolved, variables));
        }
    }

    /// <summary>Grafana's interval macros and the dashboard's variables (by "All": allValue, else .*) in every syntax.</summary>
    public static string Resolve(string expr, IReadOnlyDictionary<string, string> variables)
    {
        var result = expr
            .Replace("$__rate_interval", "1m", StringComparison.Ordinal)
            .Replace("${__rate_interval}", "1m", StringComparison.Ordinal)
            .Replace("$__interval_ms", "60000", StringComparison.Ordinal)
            .Replace("$__interval", "1m", StringComparison.Ordinal)
            .Replace("${__interval}", "1m", StringComparison.Ordinal)
            .Replace("$__range_s", "3600", StringComparison.Ordinal)
            .Replace("$__range_ms", "3600000", StringComparison.Ordinal)
            .Replace("$__range", "1h", StringComparison.Ordinal)
            .Replace("${__range}", "1h", StringComparison.Ordinal);
        foreach (var (name, value) in variables.OrderByDescending(v => v.Key.Length))
        {
            result = Regex.Replace(result, $@"\$\{{{Regex.Escape(name)}(:[a-z]+)?\}}|\[\[{Regex.Escape(name)}\]\]|\${Regex.Escape(name)}\b",
                value.Replace("$", "$$", StringComparison.Ordinal));
        }
        return result;
    }

    private static string AllValue(JsonElement variable)
    {
        if (variable.TryGetProperty("allValue", out var all) && all.ValueKind == JsonValueKind.String && !string.IsNullOrEmpty(all.GetString()))
        {
            return all.GetString()!;
        }
        if (Str(variable, "type") is "custom" or "constant" or "textbox" && variable.TryGetProperty("query", out var q) && q.ValueKind == JsonValueKind.String)
        {
            // The first value of a fixed list.
            return q.GetString()!.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).FirstOrDefault() ?? ".*";
        }
        return ".*";
    }

    private static IEnumerable<string> WrongDatasource(JsonElement element, string where)
    {
        if (!element.TryGetProperty("datasource", out var ds))
        {
            yield return $"{where}: no datasource";
            yield break;
        }
        var uid = ds.ValueKind == JsonValueKind.Object ? Str(ds, "uid") : ds.ValueKind == JsonValueKind.String ? ds.GetString() : null;
        if (uid != DatasourceUid)
        {
            yield return $"{where}: datasource '{uid}', expected '{DatasourceUid}'";
        }
        if (ds.ValueKind == JsonValueKind.Object && Str(ds, "type") != "prometheus")
        {
            yield return $"{where}: datasource type '{Str(ds, "type")}', expected 'prometheus'";
        }
    }

    /// <summary>Every panel, including those inside collapsed rows.</summary>
    private static IEnumerable<JsonElement> Panels(JsonElement dashboard)
    {
        if (!dashboard.TryGetProperty("panels", out var panels))
        {
            yield break;
        }
        foreach (var panel in panels.EnumerateArray())
        {
            yield return panel;
            if (panel.TryGetProperty("panels", out var nested))
            {
                foreach (var inner in nested.EnumerateArray())
                {
                    yield return inner;
                }
            }
        }
    }

    private static IEnumerable<JsonElement> Variables(JsonElement dashboard) =>
        dashboard.TryGetProperty("templating", out var t) && t.TryGetProperty("list", out var list) ? list.EnumerateArray() : [];

    private static string Str(JsonElement element, string property) =>
        element.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() ?? "" : "";

    private async Task<(int Series, string? Error)> QueryAsync(HttpClient http, Uri prometheus, string expr)
    {
        try
        {
            var url = new Uri(prometheus, "/api/v1/query?query=" + Uri.EscapeDataString(expr));
            using var response = await http.GetAsync(url);
            var body = await response.Content.ReadAsStringAsync();
            using var doc = JsonDocument.Parse(body);
            if (Str(doc.RootElement, "status") != "success")
            {
                return (0, $"{(int)response.StatusCode} {Str(doc.RootElement, "errorType")}: {Str(doc.RootElement, "error")}");
            }
            var data = doc.RootElement.GetProperty("data");
            return Str(data, "resultType") switch
            {
                "vector" or "matrix" => (data.GetProperty("result").GetArrayLength(), null),
                var other => (0, $"result type '{other}', expected a vector"),
            };
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or JsonException)
        {
            output.WriteLine($"query failed: {expr}: {ex.Message}");
            return (0, ex.GetType().Name + ": " + ex.Message);
        }
    }

    /// <summary>Polls <paramref name="done"/> until it holds or the time is up; true when it held.</summary>
    private static async Task<bool> PollAsync(TimeSpan timeout, Func<Task<bool>> done)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            if (await done())
            {
                return true;
            }
            if (DateTime.UtcNow >= deadline)
            {
                return false;
            }
            await Task.Delay(PollInterval);
        }
    }

    [GeneratedRegex(@"^\s*label_values\(\s*(?<metric>.+?)\s*,\s*(?<label>[a-zA-Z_][a-zA-Z0-9_]*)\s*\)\s*$")]
    private static partial Regex LabelValues();
}
