using System.Globalization;
using Grpc.Core;
using Suite.Contracts.Metrics.V1;
using Suite.Reporting.Domain.Reports;
using Suite.ServiceDefaults.Grpc;
using MetricsClient = Suite.Contracts.Metrics.V1.Metrics.MetricsClient;

namespace Suite.Reporting.Reports.Types;

/// <summary>Metrics' GetRevenueMetrics for a run of UTC months, one call per month (metrics answers one month at a time).</summary>
public sealed class RevenueSource(MetricsClient metrics, ReportingOptions options)
{
    /// <summary>Revenue per currency of each month, in the order given.</summary>
    public async Task<IReadOnlyList<IReadOnlyList<RevenueMonth>>> MonthsAsync(string tenant, IReadOnlyList<DateOnly> months, CancellationToken ct)
    {
        try
        {
            var answers = await Task.WhenAll(months.Select(m => metrics.GetRevenueMetricsAsync(
                new GetRevenueMetricsRequest { Month = MonthText(m) }, GrpcExtensions.ForTenant(tenant, ct, options.MetricsTimeout)).ResponseAsync));
            return answers.Select(a => (IReadOnlyList<RevenueMonth>)a.Currencies.Select(ToDomain).ToList()).ToList();
        }
        catch (RpcException ex) when (ex.StatusCode is not (StatusCode.InvalidArgument or StatusCode.Cancelled))
        {
            throw new RpcException(new Status(StatusCode.Unavailable, $"the metrics service is unavailable ({ex.StatusCode}); retry later"));
        }
    }

    public static string MonthText(DateOnly month) => month.ToString("yyyy-MM", CultureInfo.InvariantCulture);

    private static RevenueMonth ToDomain(RevenueMetrics r) => new(
        r.Currency, r.MrrMinor, r.ArrMinor, r.StartMrrMinor, r.NewMrrMinor, r.ExpansionMrrMinor, r.ContractionMrrMinor, r.ChurnedMrrMinor,
        r.ReactivationMrrMinor, r.PayingAccounts,
        r.HasArpuMinor ? r.ArpuMinor : null,
        r.HasLogoChurnRate ? r.LogoChurnRate : null,
        r.HasRevenueChurnRate ? r.RevenueChurnRate : null,
        r.HasNetRevenueRetention ? r.NetRevenueRetention : null,
        r.HasLtvMinor ? r.LtvMinor : null);
}
