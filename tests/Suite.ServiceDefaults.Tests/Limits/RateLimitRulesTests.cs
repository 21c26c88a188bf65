using System.Security.Claims;
using Microsoft.Extensions.Configuration;
using Suite.ServiceDefaults.Auth;
using Suite.ServiceDefaults.Configuration;
using Suite.ServiceDefaults.Limits;

namespace Suite.ServiceDefaults.Tests.Limits;

/// <summary>ServiceDefaults' request budgets: which budgets a call draws from, the limiter, and strict configuration.</summary>
public class RateLimitRulesTests
{
    private static readonly RateLimitCaller Alice = new("acme", "alice");

    [Theory]
    [InlineData("/suite.metrics.v1.Metrics/GetKpiSeries", new[] { "user|acme/alice", "tenant|acme" })]
    [InlineData("/suite.metrics.v1.Metrics/GetOverview", new[] { "method|suite.metrics.v1.Metrics/GetOverview|acme/alice", "user|acme/alice", "tenant|acme" })]
    [InlineData("/suite.reporting.v1.Reporting/GenerateReport", new[] { "method|suite.reporting.v1.Reporting/GenerateReport|acme/alice", "user|acme/alice", "tenant|acme" })]
    [InlineData("/suite.ingestion.v1.Ingestion/TrackBatch", new string[0])]   // data plane: its own events/s limiter
    [InlineData("/suite.ingestion.v1.Ingestion/Ingest", new string[0])]
    [InlineData("/suite.ingestion.v1.Ingestion/EraseUser", new[] { "user|acme/alice", "tenant|acme" })]
    [InlineData("/grpc.health.v1.Health/Check", new string[0])]
    public void Budgets_by_method(string method, string[] partitions) =>
        Assert.Equal(partitions, RateLimitPlan.For(method, Alice, new RateLimitOptions()).Select(b => b.PartitionKey));

    [Fact]
    public void Executive_endpoints_allow_100_calls_an_hour_per_user_by_default()
    {
        var budget = RateLimitPlan.For("/suite.metrics.v1.Metrics/GetRevenueMetrics", Alice, new RateLimitOptions())[0];
        Assert.Equal((100, TimeSpan.FromHours(1), "user:acme/alice"), (budget.Rule.Permits, budget.Rule.Window, budget.Subject));
    }

    [Fact]
    public void Configured_methods_replace_the_built_in_list_and_disabled_means_no_budgets()
    {
        var options = new RateLimitOptions { Methods = { ["suite.alerting.v1.Alerting/CreateRule"] = new() { Permits = 5, Window = TimeSpan.FromMinutes(1) } } };
        Assert.Equal(3, RateLimitPlan.For("/suite.alerting.v1.Alerting/CreateRule", Alice, options).Count);
        Assert.Equal(2, RateLimitPlan.For("/suite.metrics.v1.Metrics/GetOverview", Alice, options).Count);
        Assert.Empty(RateLimitPlan.For("/suite.metrics.v1.Metrics/GetOverview", Alice, new RateLimitOptions { Enabled = false }));
    }

    [Theory]
    [InlineData("alice", "acme", null, true)]
    [InlineData("svc", "acme", SuiteRoles.Service, false)]   // already counted where the call entered the suite
    [InlineData("alice", "Not A Tenant", null, false)]        // refused by the handler anyway
    [InlineData(null, "acme", null, false)]
    public void Only_end_users_with_a_tenant_are_counted(string? subject, string tenant, string? role, bool counted)
    {
        var claims = new List<Claim> { new(SuiteClaims.Tenant, tenant) };
        if (subject is not null)
        {
            claims.Add(new Claim(SuiteClaims.Subject, subject));
        }
        if (role is not null)
        {
            claims.Add(new Claim(SuiteClaims.Role, role));
        }
        var user = new ClaimsPrincipal(new ClaimsIdentity(claims, "test", SuiteClaims.Subject, SuiteClaims.Role));
        Assert.Equal(counted, RateLimitPlan.CallerOf(user) is not null);
        Assert.Null(RateLimitPlan.CallerOf(new ClaimsPrincipal(new ClaimsIdentity())));
    }

    [Fact]
    public void The_limiter_refuses_the_call_after_the_permits_with_a_retry_delay_and_keeps_partitions_apart()
    {
        using var limiter = new CallRateLimiter();
        var rule = new RateLimitRule { Permits = 3, Window = TimeSpan.FromMinutes(10) };
        RateLimitBudget For(string user) => new("requests per user", $"user:{user}", $"user|{user}", rule);

        for (var i = 0; i < 3; i++)
        {
            Assert.True(limiter.Acquire([For("a")]).IsAllowed);
        }
        var refused = limiter.Acquire([For("a")]);
        Assert.Equal("user:a", refused.Exhausted?.Subject);
        Assert.InRange(refused.RetryAfter, TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(10));
        Assert.True(limiter.Acquire([For("b")]).IsAllowed);
    }

    [Theory]
    [InlineData("RateLimits:PerUser:Permits", "0", "RateLimits:PerUser:Permits must be between 1")]
    [InlineData("RateLimits:PerTenant:Window", "00:00:00.010", "RateLimits:PerTenant:Window must be between")]
    [InlineData("RateLimits:Methods:GetOverview:Permits", "5", "must name a method as package.Service/Method")]
    [InlineData("RateLimits:PerUsr:Permits", "5", "PerUsr")]                      // a typo is an error, not a default
    [InlineData("RequestLimits:MaxGrpcMessageBytes", "10", "RequestLimits:MaxGrpcMessageBytes must be between")]
    [InlineData("RequestLimits:MaxHttpBodyBytes", "999999999", "RequestLimits:MaxHttpBodyBytes must be between")]
    public void Invalid_configuration_stops_the_start(string key, string value, string message)
    {
        var config = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { [key] = value }).Build();
        var ex = Assert.Throws<InvalidOperationException>(() =>
        {
            config.BindStrict<RateLimitOptions>(RateLimitOptions.Section, o => o.Validate());
            config.BindStrict<RequestSizeOptions>(RequestSizeOptions.Section, o => o.Validate());
        });
        Assert.Contains(message, ex.Message);
    }

    [Fact]
    public void Configured_budgets_bind()
    {
        var config = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["RateLimits:PerUser:Permits"] = "10",
            ["RateLimits:PerUser:Window"] = "00:00:30",
            ["RateLimits:Methods:suite.metrics.v1.Metrics/GetFunnel:Permits"] = "2",
            ["RateLimits:Methods:suite.metrics.v1.Metrics/GetFunnel:Window"] = "01:00:00",
        }).Build();
        var options = config.BindStrict<RateLimitOptions>(RateLimitOptions.Section, o => o.Validate());
        Assert.Equal((10, TimeSpan.FromSeconds(30)), (options.PerUser.Permits, options.PerUser.Window));
        Assert.Equal(60000, options.PerTenant.Permits);
        Assert.Equal(2, Assert.Single(options.EffectiveMethods).Value.Permits);
        Assert.Equal(4 * 1024 * 1024, new RequestSizeOptions().MaxGrpcMessageBytes);
    }
}
