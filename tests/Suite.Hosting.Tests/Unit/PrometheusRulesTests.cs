using System.Diagnostics;
using System.Text.RegularExpressions;
using Suite.Hosting;
using Xunit;
using Xunit.Abstractions;
using YamlDotNet.RepresentationModel;

namespace Suite.Hosting.Tests.Unit;

/// <summary>
/// The Prometheus rules in deploy/prometheus/rules (loaded by the AppHost's Prometheus) pass promtool, their
/// promtool unit tests in deploy/prometheus/tests pass, and every alert carries what on-call needs: severity and
/// service labels, summary, description and runbook_url annotations, and a runbook section in docs/operations.md.
/// Files are read where they are in the repository (found from the test's base directory), never copied.
/// </summary>
public sealed class PrometheusRulesTests(ITestOutputHelper output)
{
    private const string RunbookBase = "https://github.com/suite/suite/blob/main/docs/operations.md#";

    private static readonly string RepoRoot = RepoRootLocator.Find();
    private static readonly string RulesDir = Path.Combine(RepoRoot, "deploy", "prometheus", "rules");
    private static readonly string TestsDir = Path.Combine(RepoRoot, "deploy", "prometheus", "tests");

    public static TheoryData<string> RuleFiles() => Files(RulesDir, "*.yml");

    public static TheoryData<string> RuleTestFiles() => Files(TestsDir, "*.test.yml");

    [Theory]
    [MemberData(nameof(RuleFiles))]
    public async Task Rule_file_passes_promtool_check(string file)
    {
        var (exitCode, text) = await PromtoolAsync("check", "rules", Path.Combine(RulesDir, file));

        Assert.True(exitCode == 0, $"promtool check rules {file} exited with {exitCode}:{Environment.NewLine}{text}");
    }

    [Theory]
    [MemberData(nameof(RuleTestFiles))]
    public async Task Rule_unit_tests_pass(string file)
    {
        var (exitCode, text) = await PromtoolAsync("test", "rules", Path.Combine(TestsDir, file));

        Assert.True(exitCode == 0, $"promtool test rules {file} exited with {exitCode}:{Environment.NewLine}{text}");
        Assert.Contains("SUCCESS", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Rules_and_their_tests_are_where_prometheus_and_the_tests_look()
    {
        Assert.Contains("suite-recording.yml", FileNames(RulesDir, "*.yml"));
        Assert.Contains("suite-alerts.yml", FileNames(RulesDir, "*.yml"));
        Assert.NotEmpty(FileNames(TestsDir, "*.test.yml"));
        // Prometheus loads every *.yml/*.yaml of the rules folder: a test file there would be loaded as rules.
        Assert.Empty(Directory.EnumerateFiles(RulesDir, "*.test.y*ml"));
    }

    [Fact]
    public void Every_recording_rule_and_alert_is_covered_by_a_unit_test()
    {
        var tests = string.Concat(Directory.EnumerateFiles(TestsDir, "*.test.yml").Select(File.ReadAllText));
        var rules = AllRules().ToList();

        var untested = rules.Where(r => r.Record is { } name && !tests.Contains($"expr: {name}\n", StringComparison.Ordinal))
            .Select(r => r.Record)
            .Concat(rules.Where(r => r.Alert is { } name && !tests.Contains($"alertname: {name}\n", StringComparison.Ordinal)).Select(r => r.Alert))
            .Distinct()
            .ToList();
        Assert.True(untested.Count == 0, "No promtool test for: " + string.Join(", ", untested));
    }

    [Fact]
    public void Every_alert_has_labels_annotations_and_a_runbook_section()
    {
        var operations = File.ReadAllText(Path.Combine(RepoRoot, "docs", "operations.md"));
        var headings = Regex.Matches(operations, @"^##+ +(\S+) *$", RegexOptions.Multiline).Select(m => m.Groups[1].Value).ToHashSet(StringComparer.Ordinal);
        var alerts = AllRules().Where(r => r.Alert is not null).ToList();
        Assert.NotEmpty(alerts);

        var problems = new List<string>();
        foreach (var rule in alerts)
        {
            var name = rule.Alert!;
            foreach (var label in new[] { "severity", "service" })
            {
                if (string.IsNullOrWhiteSpace(rule.Labels.GetValueOrDefault(label)))
                {
                    problems.Add($"{name}: no {label} label");
                }
            }
            if (rule.Labels.GetValueOrDefault("severity") is { } severity && severity is not ("critical" or "warning"))
            {
                problems.Add($"{name}: severity '{severity}' is neither critical nor warning");
            }
            foreach (var annotation in new[] { "summary", "description", "runbook_url" })
            {
                if (string.IsNullOrWhiteSpace(rule.Annotations.GetValueOrDefault(annotation)))
                {
                    problems.Add($"{name}: no {annotation} annotation");
                }
            }
            if (rule.Annotations.GetValueOrDefault("runbook_url") is { } url && url != RunbookBase + name.ToLowerInvariant())
            {
                problems.Add($"{name}: runbook_url {url} is not {RunbookBase}{name.ToLowerInvariant()}");
            }
            if (!headings.Contains(name))
            {
                problems.Add($"{name}: docs/operations.md has no section '## {name}'");
            }
        }
        Assert.True(problems.Count == 0, string.Join(Environment.NewLine, problems));
    }

    private sealed record Rule(string? Alert, string? Record, Dictionary<string, string> Labels, Dictionary<string, string> Annotations);

    private static IEnumerable<Rule> AllRules()
    {
        foreach (var file in Directory.EnumerateFiles(RulesDir, "*.yml").Order(StringComparer.Ordinal))
        {
            var yaml = new YamlStream();
            using (var reader = new StreamReader(file))
            {
                yaml.Load(reader);
            }
            var root = (YamlMappingNode)yaml.Documents[0].RootNode;
            foreach (var group in ((YamlSequenceNode)root["groups"]).Cast<YamlMappingNode>())
            {
                foreach (var rule in ((YamlSequenceNode)group["rules"]).Cast<YamlMappingNode>())
                {
                    yield return new Rule(Scalar(rule, "alert"), Scalar(rule, "record"), Map(rule, "labels"), Map(rule, "annotations"));
                }
            }
        }
    }

    private static string? Scalar(YamlMappingNode node, string key) =>
        node.Children.TryGetValue(new YamlScalarNode(key), out var value) ? ((YamlScalarNode)value).Value : null;

    private static Dictionary<string, string> Map(YamlMappingNode node, string key) =>
        node.Children.TryGetValue(new YamlScalarNode(key), out var value)
            ? ((YamlMappingNode)value).Children.ToDictionary(c => ((YamlScalarNode)c.Key).Value!, c => ((YamlScalarNode)c.Value).Value ?? "", StringComparer.Ordinal)
            : [];

    private static List<string> FileNames(string dir, string pattern) =>
        Directory.EnumerateFiles(dir, pattern).Select(f => Path.GetFileName(f)).Order(StringComparer.Ordinal).ToList();

    private static TheoryData<string> Files(string dir, string pattern)
    {
        var data = new TheoryData<string>();
        foreach (var file in FileNames(dir, pattern))
        {
            data.Add(file);
        }
        return data;
    }

    private async Task<(int ExitCode, string Output)> PromtoolAsync(params string[] args)
    {
        var psi = new ProcessStartInfo("promtool", args)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = RepoRoot,
        };
        using var promtool = Process.Start(psi)!;
        var stdout = promtool.StandardOutput.ReadToEndAsync();
        var stderr = promtool.StandardError.ReadToEndAsync();
        await promtool.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(2));
        var text = await stdout + await stderr;
        output.WriteLine($"promtool {string.Join(' ', args)} -> {promtool.ExitCode}{Environment.NewLine}{text}");
        return (promtool.ExitCode, text);
    }
}
