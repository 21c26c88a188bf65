using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Suite.Contracts.Metrics.V1;
using Suite.Reporting.Domain.Documents;
using Suite.Reporting.Domain.Reports;
using Suite.Reporting.Domain.Subscriptions;
using Suite.ServiceDefaults.Grpc;
using MetricsClient = Suite.Contracts.Metrics.V1.Metrics.MetricsClient;

namespace Suite.Reporting.Reports.Types;

/// <summary>
/// "cohort_retention": metrics' GetCohortRetention for the whole weeks or months before the run's local date, one day
/// offset per period (0, 30, 60… days for months), mode as asked.
/// </summary>
public sealed class CohortRetentionType(MetricsClient metrics, ReportingOptions options) : IReportType
{
    public string Name => ReportTypes.CohortRetention;

    public async Task<ReportDocument> BuildAsync(ReportContext context, CancellationToken ct)
    {
        var (parameters, violations) = CohortRetentionParameters.Parse(context.Parameters);
        if (parameters is null)
        {
            throw GrpcErrors.InvalidArgument(violations);
        }
        var asOf = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(context.To, context.Zone).DateTime);
        var (from, to) = parameters.Window(asOf);
        var request = new GetCohortRetentionRequest
        {
            CohortGranularity = parameters.Unit == CohortUnit.Week ? CohortGranularity.Week : CohortGranularity.Month,
            From = Timestamp.FromDateTimeOffset(new DateTimeOffset(from.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero)),
            To = Timestamp.FromDateTimeOffset(new DateTimeOffset(to.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero)),
            Mode = parameters.Mode == RetentionKind.Unbounded ? RetentionMode.Unbounded : RetentionMode.NDay,
        };
        request.DayOffsets.AddRange(parameters.DayOffsets);

        GetCohortRetentionResponse response;
        try
        {
            response = await metrics.GetCohortRetentionAsync(request, GrpcExtensions.ForTenant(context.Tenant, ct, options.MetricsTimeout));
        }
        catch (RpcException ex) when (ex.StatusCode is not (StatusCode.InvalidArgument or StatusCode.Cancelled))
        {
            throw new RpcException(new Status(StatusCode.Unavailable, $"the metrics service is unavailable ({ex.StatusCode}); retry later"));
        }
        var cohorts = response.Cohorts.Select(c => new CohortRow(
            DateOnly.ParseExact(c.CohortStart, "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
            c.Size,
            c.Offsets.Select(o => new RetentionCell(o.HasRetained ? o.Retained : null, o.HasRate ? o.Rate : null)).ToList())).ToList();
        var last = to.AddDays(-1);
        var period = $"{parameters.Cohorts} {parameters.PeriodName.ToLowerInvariant()}ly cohorts, {from:yyyy-MM-dd} to {last:yyyy-MM-dd} (UTC)";
        return CohortRetentionReport.Build(context.Tenant, period, context.Now, parameters, cohorts);
    }
}
