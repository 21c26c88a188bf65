using Suite.Alerting.Configuration.Runtime;
using Suite.Alerting.Configuration.Yaml;
using Suite.Alerting.Domain.Rules;

namespace Suite.Alerting.Tests.Domain.Config;

/// <summary>examples/demo.yaml, which the simulator imports for the demo tenants, loads and routes as it says.</summary>
public sealed class DemoExampleTests
{
    private static readonly string ExamplePath = Path.Combine(AppContext.BaseDirectory, "examples", "demo.yaml");

    [Fact]
    public void Loads_without_errors_and_threats_escalate_to_security()
    {
        var (document, errors) = AlertingYaml.Load(File.ReadAllText(ExamplePath));
        Assert.Empty(errors);
        var config = ConfigCompiler.Compile("demo", 1, document!);

        Assert.Equal(["threat-detected", "churn-risk-critical", "login-failures-spike"], config.Rules.Select(r => r.Name));
        Assert.IsType<ThresholdCondition>(config.Rules[2].Condition);
        var threat = config.Routes.Match(new Dictionary<string, string> { ["kind"] = "security", ["alertname"] = "threat-detected" })[0];
        var policy = config.PolicyFor(threat)!;
        Assert.Equal([["ops"], ["security"]], policy.Levels.Select(l => l.Targets.ToArray()).ToArray());
        Assert.Equal(TimeSpan.FromMinutes(15), policy.Levels[1].Delay);
        Assert.Null(config.PolicyFor(config.Routes.Match(new Dictionary<string, string> { ["kind"] = "customer" })[0]));
    }
}
