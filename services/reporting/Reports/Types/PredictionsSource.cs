using Grpc.Core;
using Suite.Contracts.Predictions.V1;
using Suite.Reporting.Domain.Reports;
using AtRiskAccount = Suite.Reporting.Domain.Reports.AtRiskAccount;
using Suite.ServiceDefaults.Grpc;
using PredictionsClient = Suite.Contracts.Predictions.V1.Predictions.PredictionsClient;

namespace Suite.Reporting.Reports.Types;

/// <summary>
/// What reports read from predictions on a tenant's behalf: accounts at high or critical churn risk, and series
/// forecasts. A failure other than a bad request is UNAVAILABLE (the run is retried later).
/// </summary>
public sealed class PredictionsSource(PredictionsClient predictions, ReportingOptions options)
{
    /// <summary>Accounts at high or critical risk, riskiest first (at most <paramref name="limit"/>), and the counts of all of them.</summary>
    public async Task<(IReadOnlyList<AtRiskAccount> Accounts, RiskCounts Counts)> AtRiskAsync(string tenant, int limit, CancellationToken ct)
    {
        var response = await CallAsync(() => predictions.ListAtRiskAccountsAsync(new ListAtRiskAccountsRequest { MinLevel = "high", Limit = limit },
            GrpcExtensions.ForTenant(tenant, ct, options.MetricsTimeout)).ResponseAsync);
        var accounts = response.Accounts.Select(a => new AtRiskAccount(
            a.AccountId, a.Probability, LevelName(a.Level),
            DateTimeOffset.TryParse(a.LevelSince, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeUniversal, out var since) ? since : null,
            a.TopFeatures.Where(f => f.Contribution > 0).Select(f => f.Feature).ToList(),
            a.Interventions.Select(i => i.Code).ToList())).ToList();
        long Count(RiskLevel level) => response.Counts.Where(c => c.Level == level).Sum(c => c.Accounts);
        return (accounts, new RiskCounts(Count(RiskLevel.Critical), Count(RiskLevel.High)));
    }

    public async Task<Suite.Contracts.Predictions.V1.SeriesForecast> ForecastAsync(string tenant, IReadOnlyList<double> values, int horizon, int seasonPeriod, double confidence, CancellationToken ct)
    {
        var request = new ForecastSeriesRequest { Horizon = horizon, SeasonPeriod = seasonPeriod, Confidence = confidence };
        request.Values.AddRange(values);
        return await CallAsync(() => predictions.ForecastSeriesAsync(request, GrpcExtensions.ForTenant(tenant, ct, options.MetricsTimeout)).ResponseAsync);
    }

    public static string LevelName(RiskLevel level) => level switch
    {
        RiskLevel.Critical => "critical",
        RiskLevel.High => "high",
        RiskLevel.Medium => "medium",
        RiskLevel.Low => "low",
        _ => "unknown",
    };

    private static async Task<T> CallAsync<T>(Func<Task<T>> call)
    {
        try
        {
            return await call();
        }
        catch (RpcException ex) when (ex.StatusCode is not (StatusCode.InvalidArgument or StatusCode.Cancelled))
        {
            throw new RpcException(new Status(StatusCode.Unavailable, $"the predictions service is unavailable ({ex.StatusCode}); retry later"));
        }
    }
}
