using Suite.Contracts;
using Suite.ServiceDefaults.Auth;

namespace Suite.ServiceDefaults.Tests.Auth;

/// <summary>The access table and the contracts name the same RPCs: a new RPC cannot ship without a rule.</summary>
public class ContractCoverageTests
{
    private static IReadOnlySet<string> ContractMethods() =>
        ContractServices.All.SelectMany(s => s.Methods).Select(m => m.FullName()).ToHashSet();

    [Fact]
    public void The_contracts_hold_the_suites_services()
    {
        var services = ContractMethods().Select(m => m.Split('/')[1]).ToHashSet();
        Assert.Equal(
            ["suite.alerting.v1.AlertConfig", "suite.alerting.v1.Alerting", "suite.audit.v1.Audit", "suite.ingestion.v1.Ingestion", "suite.metrics.v1.Metrics",
             "suite.predictions.v1.Predictions", "suite.reporting.v1.Reporting"],
            services.Order());
    }

    [Fact]
    public void Every_contract_method_is_in_the_table() =>
        NoneOf(ContractMethods().Where(m => AccessTable.Find(m) is null), "contract methods missing from AccessTable");

    [Fact]
    public void The_table_has_no_method_the_contracts_lack() =>
        NoneOf(AccessTable.Methods.Select(m => m.FullName).Where(m => !ContractMethods().Contains(m)), "AccessTable methods no contract has");

    private static void NoneOf(IEnumerable<string> methods, string what)
    {
        var list = methods.ToList();
        Assert.True(list.Count == 0, $"{what}: {string.Join(", ", list)}");
    }
}
