using Suite.ServiceDefaults.Auth;

namespace Suite.ServiceDefaults.Tests.Auth;

public class AccessTableTests
{
    public static TheoryData<string, string[], bool> Decisions => new()
    {
        { "/suite.metrics.v1.Metrics/GetRevenueMetrics", ["admin"], true },
        { "/suite.metrics.v1.Metrics/GetRevenueMetrics", ["executive"], true },
        { "/suite.metrics.v1.Metrics/GetRevenueMetrics", ["client"], false },
        { "/suite.metrics.v1.Metrics/GetRevenueMetrics", ["monitor", "reader"], false },
        { "/suite.metrics.v1.Metrics/GetKpiSeries", ["client", "reader"], true },
        { "/suite.metrics.v1.Metrics/CreateKpi", ["executive"], false },
        { "/suite.ingestion.v1.Ingestion/Track", ["client"], true },
        { "/suite.ingestion.v1.Ingestion/Ingest", ["reader"], false },
        { "/suite.ingestion.v1.Ingestion/EraseUser", ["service"], false },
        { "/suite.ingestion.v1.Ingestion/EraseUser", ["client"], false },
        { "/suite.alerting.v1.Alerting/Acknowledge", ["monitor"], true },
        { "/suite.alerting.v1.AlertConfig/ImportConfig", ["monitor"], false },
        { "/suite.reporting.v1.Reporting/CreateSubscription", ["executive"], false },
        { "/suite.predictions.v1.Predictions/ForecastSeries", ["service"], true },
        { "/suite.predictions.v1.Predictions/TrainModel", ["service"], false },
        { "/suite.metrics.v1.Metrics/GetRevenueMetrics", [], false },
        { "/suite.metrics.v1.Metrics/GetRevenueMetrics", ["ADMIN"], false }, // roles are case-sensitive
        { "/suite.metrics.v1.Metrics/NoSuchMethod", ["admin"], false },     // fail closed
        { "/grpc.health.v1.Health/Check", ["admin"], false },               // the interceptor lets it pass before asking
    };

    [Theory]
    [MemberData(nameof(Decisions))]
    public void Decides_by_the_callers_roles(string method, string[] roles, bool allowed) =>
        Assert.Equal(allowed, AccessTable.Decide(method, roles).Allowed);

    [Fact]
    public void A_denial_names_the_role_the_method_and_who_may_call_it()
    {
        var decision = AccessTable.Decide("/suite.metrics.v1.Metrics/GetRevenueMetrics", ["client"]);
        Assert.Equal("role 'client' may not call Metrics/GetRevenueMetrics (allowed: admin, executive, service)", decision.Reason);
        Assert.Equal("roles 'reader, client' may not call Metrics/GetRevenueMetrics (allowed: admin, executive, service)",
            AccessTable.Decide("/suite.metrics.v1.Metrics/GetRevenueMetrics", ["reader", "client"]).Reason);
        Assert.Equal("a token without a role may not call Metrics/GetRevenueMetrics (allowed: admin, executive, service)",
            AccessTable.Decide("/suite.metrics.v1.Metrics/GetRevenueMetrics", []).Reason);
        Assert.Equal("/x.Y/Z is not in the access table: denied", AccessTable.Decide("/x.Y/Z", ["admin"]).Reason);
    }

    [Theory]
    [InlineData(new[] { "reader" }, true)]
    [InlineData(new[] { "reader", "client" }, true)]   // client grants nothing here: the reader's limits apply
    [InlineData(new[] { "reader", "monitor" }, false)] // monitor grants the call without them
    [InlineData(new[] { "admin" }, false)]
    public void Only_as_reader_when_no_other_role_grants_the_call(string[] roles, bool onlyReader) =>
        Assert.Equal(onlyReader, AccessTable.Decide("/suite.metrics.v1.Metrics/GetKpiSeries", roles).OnlyAs(SuiteRoles.Reader));

    [Fact]
    public void Admin_may_call_everything_and_each_method_is_listed_once()
    {
        Assert.All(AccessTable.Methods, m => Assert.Contains(SuiteRoles.Admin, m.Roles));
        Assert.Equal(AccessTable.Methods.Count, AccessTable.Methods.Select(m => m.FullName).Distinct().Count());
        Assert.Equal(AccessTable.Methods.Count, AccessTable.Methods.Select(m => m.ShortName).Distinct().Count());
    }

    [Fact]
    public void Only_known_roles_appear() =>
        Assert.All(AccessTable.Methods, m => Assert.Subset(SuiteRoles.All.ToHashSet(), m.Roles.ToHashSet()));
}
