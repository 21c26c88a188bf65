using Suite.Reporting.Domain.Documents;
using Suite.Reporting.Domain.Reports;
using Suite.Reporting.Domain.Subscriptions;

namespace Suite.Reporting.Reports.Types;

/// <summary>
/// "at_risk_digest": predictions' accounts at high or critical churn risk as of the run (up to 1,000 listed, counts of
/// all); "new this week" = reached the level within the run's period.
/// </summary>
public sealed class AtRiskDigestType(PredictionsSource predictions) : IReportType
{
    public const int Listed = 1000;

    public string Name => ReportTypes.AtRiskDigest;

    public async Task<ReportDocument> BuildAsync(ReportContext context, CancellationToken ct)
    {
        var (accounts, counts) = await predictions.AtRiskAsync(context.Tenant, Listed, ct);
        return AtRiskDigestReport.Build(context.Tenant, context.PeriodText, context.Now, context.From, accounts, counts);
    }
}
