using Grpc.Core;
using Suite.Reporting.Domain.Documents;
using Suite.Reporting.Domain.Reports;
using Suite.Reporting.Domain.Subscriptions;

namespace Suite.Reporting.Reports.Types;

/// <summary>
/// "executive_overview": the UTC month of the last whole day before the run (a run on the 1st reports the month just
/// ended) against the month before, from metrics' GetRevenueMetrics; the MRR forecast from predictions' ForecastSeries
/// over the month-end MRR of the last 12 months (metrics has no daily MRR KPI), 3 months (≈ 90 days) ahead, 95 %
/// interval, no seasonality; the 10 accounts most at risk of churning.
/// </summary>
public sealed class ExecutiveOverviewType(RevenueSource revenue, PredictionsSource predictions) : IReportType
{
    public const int HistoryMonths = 12;
    public const int HorizonMonths = 3;
    public const double Confidence = 0.95;
    public const int TopAtRisk = 10;

    /// <summary>Fewer months leave a trend and its interval meaningless (the forecaster itself accepts 3).</summary>
    public const int MinimumHistory = 6;

    public string Name => ReportTypes.ExecutiveOverview;

    public async Task<ReportDocument> BuildAsync(ReportContext context, CancellationToken ct)
    {
        var lastDay = DateOnly.FromDateTime(context.To.UtcDateTime).AddDays(-1);
        var month = new DateOnly(lastDay.Year, lastDay.Month, 1);
        var months = Enumerable.Range(0, HistoryMonths).Select(i => month.AddMonths(i - HistoryMonths + 1)).ToList();
        var byMonth = await revenue.MonthsAsync(context.Tenant, months, ct);
        var (atRisk, counts) = await predictions.AtRiskAsync(context.Tenant, TopAtRisk, ct);

        var forecasts = new List<MrrForecast>();
        foreach (var currency in byMonth[^1].Select(r => r.Currency))
        {
            forecasts.Add(await ForecastAsync(context.Tenant, currency, months, byMonth, ct));
        }
        return ExecutiveOverviewReport.Build(context.Tenant, $"{RevenueSource.MonthText(month)} (UTC) vs {RevenueSource.MonthText(month.AddMonths(-1))}",
            context.Now, RevenueSource.MonthText(month), RevenueSource.MonthText(month.AddMonths(-1)), byMonth[^1], byMonth[^2], forecasts, atRisk, counts);
    }

    private async Task<MrrForecast> ForecastAsync(string tenant, string currency, IReadOnlyList<DateOnly> months,
        IReadOnlyList<IReadOnlyList<RevenueMonth>> byMonth, CancellationToken ct)
    {
        // From the first month the currency appears in; a later month without it had no MRR in it.
        var first = Enumerable.Range(0, months.Count).First(i => byMonth[i].Any(r => r.Currency == currency));
        var history = Enumerable.Range(first, months.Count - first)
            .Select(i => new MonthValue(RevenueSource.MonthText(months[i]),
                (double)Money.Major(byMonth[i].SingleOrDefault(r => r.Currency == currency)?.MrrMinor ?? 0, currency)))
            .ToList();
        if (history.Count < MinimumHistory)
        {
            return new MrrForecast(currency, history, [], Confidence, $"{history.Count} month(s) of MRR history; at least {MinimumHistory} are needed");
        }
        try
        {
            var forecast = await predictions.ForecastAsync(tenant, history.Select(h => h.Value).ToList(), HorizonMonths, seasonPeriod: -1, Confidence, ct);
            var ahead = forecast.Points.Select(p => new ForecastMonth(RevenueSource.MonthText(months[^1].AddMonths(p.Step)), p.Value, p.Lower, p.Upper)).ToList();
            return new MrrForecast(currency, history, ahead, Confidence,
                $"Linear trend fitted to the month-end MRR of {history[0].Month} to {history[^1].Month}, {HorizonMonths} months (about 90 days) ahead.");
        }
        catch (RpcException ex) when (ex.StatusCode == StatusCode.InvalidArgument)
        {
            return new MrrForecast(currency, history, [], Confidence, $"predictions could not forecast this series ({ex.Status.Detail})");
        }
    }
}
