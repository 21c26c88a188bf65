using System.Diagnostics;
using Xunit;

namespace Suite.EndToEnd.Tests;

/// <summary>Each service's /metrics is valid Prometheus text (checked by promtool, Prometheus' own parser).</summary>
[Collection(SuiteCollection.Name)]
public sealed class MetricsEndpointTests(SuiteFixture fx)
{
    [Theory]
    [InlineData("ingestion")]
    [InlineData("metrics")]
    [InlineData("predictions")]
    [InlineData("alerting")]
    [InlineData("reporting")]
    public async Task Metrics_endpoint_parses_as_prometheus_text(string service)
    {
        using var http = new HttpClient();
        var text = await http.GetStringAsync(new Uri(fx.Suite.HttpEndpoint(service), "/metrics"));
        Assert.Contains("# TYPE", text);

        var psi = new ProcessStartInfo("promtool", "check metrics")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var promtool = Process.Start(psi)!;
        await promtool.StandardInput.WriteAsync(text);
        promtool.StandardInput.Close();
        var stdout = await promtool.StandardOutput.ReadToEndAsync();
        var stderr = await promtool.StandardError.ReadToEndAsync();
        await promtool.WaitForExitAsync();

        // promtool exits 1 both for parse errors and for lint advice; only parse errors fail the check.
        var output = stdout + stderr;
        Assert.DoesNotContain("error while linting", output);
        Assert.DoesNotContain("parse error", output, StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [InlineData("ingestion")]
    [InlineData("metrics")]
    [InlineData("predictions")]
    [InlineData("alerting")]
    [InlineData("reporting")]
    public async Task Health_and_alive_answer_without_a_token(string service)
    {
        using var http = new HttpClient();
        var health = await http.GetAsync(new Uri(fx.Suite.HttpEndpoint(service), "/health"));
        var alive = await http.GetAsync(new Uri(fx.Suite.HttpEndpoint(service), "/alive"));
        Assert.True(health.IsSuccessStatusCode, $"{service} /health: {(int)health.StatusCode}");
        Assert.True(alive.IsSuccessStatusCode, $"{service} /alive: {(int)alive.StatusCode}");
    }
}
