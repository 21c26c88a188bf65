using System.Globalization;
using Grpc.Core;
using Suite.Contracts.Metrics.V1;
using Suite.Reporting.Domain.Documents;
using Suite.Reporting.Domain.Reports;
using Suite.Reporting.Domain.Subscriptions;
using Suite.ServiceDefaults.Grpc;
using MetricsClient = Suite.Contracts.Metrics.V1.Metrics.MetricsClient;

namespace Suite.Reporting.Reports.Types;

/// <summary>
/// "health_scorecard": metrics' account health as of the last whole UTC day before the period's end (the 30 days up
/// to it), the 1,000 lowest-scoring accounts listed, the distribution over all of them.
/// </summary>
public sealed class HealthScorecardType(MetricsClient metrics, ReportingOptions options) : IReportType
{
    public const int Listed = 1000;

    public string Name => ReportTypes.HealthScorecard;

    public async Task<ReportDocument> BuildAsync(ReportContext context, CancellationToken ct)
    {
        // The last whole UTC day before the run: a run at 06:00 on the 1st covers the month's last day, not a part of the 1st.
        var day = DateOnly.FromDateTime(context.To.UtcDateTime).AddDays(-1);
        GetAccountHealthResponse response;
        try
        {
            response = await metrics.GetAccountHealthAsync(
                new GetAccountHealthRequest { Date = day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), Limit = Listed },
                GrpcExtensions.ForTenant(context.Tenant, ct, options.MetricsTimeout));
        }
        catch (RpcException ex) when (ex.StatusCode is not (StatusCode.InvalidArgument or StatusCode.Cancelled))
        {
            throw new RpcException(new Status(StatusCode.Unavailable, $"the metrics service is unavailable ({ex.StatusCode}); retry later"));
        }
        var accounts = response.Accounts
            .Select(a => new AccountScore(a.AccountId, a.Score, a.Band, a.ActiveDays, a.TicketsOpened, a.Orders, a.Users))
            .ToList();
        return HealthScorecardReport.Build(context.Tenant, $"30 days to {day:yyyy-MM-dd} (UTC)", context.Now, accounts,
            response.Healthy, response.AtRisk, response.Critical);
    }
}
