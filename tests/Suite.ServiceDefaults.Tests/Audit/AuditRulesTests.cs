using Google.Protobuf.WellKnownTypes;
using Suite.Contracts.Alerting.V1;
using Suite.Contracts.Audit.V1;
using Suite.Contracts.Ingestion.V1;
using Suite.Contracts.Metrics.V1;
using Suite.Contracts.Reporting.V1;
using Suite.ServiceDefaults.Audit;

namespace Suite.ServiceDefaults.Tests.Audit;

/// <summary>ServiceDefaults' audit log: which calls are recorded, what their summary keeps, and the list query's rules.</summary>
public class AuditRulesTests
{
    [Theory]
    [InlineData("/suite.metrics.v1.Metrics/CreateKpi", true)]
    [InlineData("/suite.metrics.v1.Metrics/DeleteKpi", true)]
    [InlineData("/suite.metrics.v1.Metrics/RunEtl", true)]
    [InlineData("/suite.metrics.v1.Metrics/GetOverview", false)]
    [InlineData("/suite.metrics.v1.Metrics/GetEtlStatus", false)]
    [InlineData("/suite.alerting.v1.Alerting/Acknowledge", true)]
    [InlineData("/suite.alerting.v1.Alerting/Resolve", true)]
    [InlineData("/suite.alerting.v1.Alerting/TestNotification", true)]
    [InlineData("/suite.alerting.v1.Alerting/ListRules", false)]
    [InlineData("/suite.alerting.v1.AlertConfig/ExportConfig", true)]
    [InlineData("/suite.alerting.v1.AlertConfig/SetRoutes", true)]
    [InlineData("/suite.alerting.v1.AlertConfig/GetConfigItem", false)]
    [InlineData("/suite.predictions.v1.Predictions/TrainModelFromCsv", true)]
    [InlineData("/suite.predictions.v1.Predictions/RollbackModel", true)]
    [InlineData("/suite.predictions.v1.Predictions/ScoreChurn", false)]
    [InlineData("/suite.reporting.v1.Reporting/GenerateReport", true)]
    [InlineData("/suite.reporting.v1.Reporting/UpdateSubscription", true)]
    [InlineData("/suite.reporting.v1.Reporting/ListRuns", false)]
    [InlineData("/suite.ingestion.v1.Ingestion/EraseUser", true)]
    [InlineData("/suite.ingestion.v1.Ingestion/GetIngestionStats", true)]
    [InlineData("/suite.ingestion.v1.Ingestion/Track", false)]       // data plane: volume
    [InlineData("/suite.ingestion.v1.Ingestion/TrackBatch", false)]
    [InlineData("/suite.ingestion.v1.Ingestion/Ingest", false)]
    [InlineData("/suite.audit.v1.Audit/ListAuditEntries", true)]      // who read the audit log
    [InlineData("/grpc.health.v1.Health/Check", false)]
    [InlineData("/x.v1.X/Running", false)]                             // a prefix counts at a word boundary only
    [InlineData("/x.v1.X/Settle", false)]
    public void Audited_methods(string method, bool audited) => Assert.Equal(audited, AuditPolicy.IsAudited(method));

    [Fact]
    public void The_summary_keeps_identifiers_and_counts_but_no_payloads_or_personal_data()
    {
        Assert.Equal("name=premium kind=ratio numerator[2] filters[1]", AuditSummary.Of(new CreateKpiRequest
        {
            Name = "premium",
            Description = "free text that is not kept",
            Kind = "ratio",
            Numerator = { new KpiSelector(), new KpiSelector() },
            Filters = { "country" },
        }));
        Assert.Equal("", AuditSummary.Of(new EraseUserRequest { UserId = "alice@example.com", Reason = "ticket 1" }));
        Assert.Equal("name=spike kpi=events_count filters[1] comparison=Above threshold=10 email_to[1]", AuditSummary.Of(new Rule
        {
            Name = "spike", Kpi = "events_count", Filters = { ["type"] = "LOGIN" }, Comparison = Comparison.Above, Threshold = 10,
            EmailTo = { "ops@example.com" }, SlackWebhookUrl = "https://hooks.example.com/secret",
        }));
        Assert.Equal("subscription.id=s1 subscription.name=weekly", AuditSummary.Of(new UpdateSubscriptionRequest
        {
            Subscription = new Subscription { Id = "s1", Name = "weekly" },
        }));
        Assert.Equal("kpi=revenue from=2025-04-01T00:00:00Z", AuditSummary.Of(new GenerateReportRequest
        {
            Kpi = "revenue", From = Timestamp.FromDateTimeOffset(new DateTimeOffset(2025, 4, 1, 0, 0, 0, TimeSpan.Zero)), Title = "Q2 for Alice",
        }));
        Assert.Equal("", AuditSummary.Of(new ImportConfigRequest { Yaml = "receivers: [...]" }));
        Assert.True(AuditSummary.Of(new DeleteKpiRequest { Name = new string('x', 1000) }).Length <= AuditSummary.MaxLength);
    }

    [Theory]
    [InlineData(0, "", null, null, "")]
    [InlineData(-1, "", null, null, "page_size")]
    [InlineData(501, "", null, null, "page_size")]
    [InlineData(10, "abc", null, null, "page_token")]
    [InlineData(10, "-5", null, null, "page_token")]
    [InlineData(10, "", 20, 10, "from")]
    [InlineData(10, "42", 10, 20, "")]
    public void List_requests_are_validated(int pageSize, string token, int? fromDay, int? toDay, string violatedField)
    {
        var request = new ListAuditEntriesRequest { PageSize = pageSize, PageToken = token };
        var day0 = new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);
        if (fromDay is { } f)
        {
            request.From = Timestamp.FromDateTimeOffset(day0.AddDays(f));
        }
        if (toDay is { } t)
        {
            request.To = Timestamp.FromDateTimeOffset(day0.AddDays(t));
        }
        var (query, violations) = AuditQueryRules.Validate(request, "acme");
        if (violatedField.Length == 0)
        {
            Assert.Empty(violations);
            Assert.Equal("acme", query!.Tenant);
        }
        else
        {
            Assert.Null(query);
            Assert.Equal(violatedField, Assert.Single(violations).Field);
        }
    }

    [Theory]
    [InlineData("", null)]
    [InlineData("CreateKpi", "CreateKpi")]
    [InlineData("suite.metrics.v1.Metrics/CreateKpi", "/suite.metrics.v1.Metrics/CreateKpi")]
    [InlineData("/suite.metrics.v1.Metrics/CreateKpi", "/suite.metrics.v1.Metrics/CreateKpi")]
    public void The_method_filter_takes_the_path_or_the_bare_name(string method, string? filter) =>
        Assert.Equal(filter, AuditQueryRules.Validate(new ListAuditEntriesRequest { Method = method }, "acme").Query!.Method);

    [Fact]
    public void Defaults_and_page_tokens()
    {
        var query = AuditQueryRules.Validate(new ListAuditEntriesRequest { PageToken = AuditQueryRules.PageToken(42) }, "acme").Query!;
        Assert.Equal((AuditQueryRules.DefaultPageSize, 42L), (query.PageSize, query.BeforeId));
    }
}
