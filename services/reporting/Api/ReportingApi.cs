using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Suite.Contracts.Common.V1;
using Suite.Contracts.Reporting.V1;
using Suite.Reporting.Data;
using Suite.Reporting.Domain;
using Suite.Reporting.Domain.Subscriptions;
using Suite.Reporting.Reports;
using Suite.ServiceDefaults.Auth;
using Suite.ServiceDefaults.Grpc;

namespace Suite.Reporting.Api;

/// <summary>suite.reporting.v1.Reporting: maps proto messages to the domain and back.</summary>
public sealed partial class ReportingApi(OnDemandReports onDemand, SubscriptionStore subscriptions, Npgsql.NpgsqlDataSource db, TimeProvider clock, ReportStore reports)
    : Contracts.Reporting.V1.Reporting.ReportingBase
{
    public override async Task<Report> GenerateReport(GenerateReportRequest request, ServerCallContext context)
    {
        var tenant = context.RequireTenant();
        var violations = ReportRequestRules.Validate(request.Title).ToList();
        var format = ReportFormats.ToDomain(request.Format) ?? ReportFormatKind.Pdf;
        if (ReportFormats.ToDomain(request.Format) is null)
        {
            violations.Add(new FieldViolation("format", "unsupported format; supported: " + ReportFormats.Supported));
        }

        var from = request.From?.ToDateTimeOffset();
        var to = request.To?.ToDateTimeOffset();
        OnDemandResult result;
        if (request.ReportType is "" or ReportTypes.Kpi)
        {
            if (request.Parameters.Count > 0 || request.TimeZone.Length > 0)
            {
                violations.Add(new FieldViolation(request.Parameters.Count > 0 ? "parameters" : "time_zone",
                    "belongs to a business report_type; the KPI report takes kpi, from, to, granularity, filters and title"));
            }
            if (violations.Count > 0)
            {
                throw GrpcErrors.InvalidArgument(violations);
            }
            result = await onDemand.KpiAsync(new ReportRequest(tenant, request.Kpi, from, to, ToDomain(request.Granularity),
                request.Filters, format, request.Title), context.CancellationToken);
        }
        else
        {
            var (business, more) = OnDemandRules.Validate(request.ReportType, request.Parameters, request.TimeZone, from, to,
                onDemand.Available, clock.GetUtcNow());
            violations.AddRange(more);
            if (violations.Count > 0)
            {
                throw GrpcErrors.InvalidArgument(violations);
            }
            result = await onDemand.BusinessAsync(tenant, business!, format, context.CancellationToken);
        }

        var report = result.Report;
        return new Report
        {
            ReportId = report.Id.ToString(),
            ContentType = report.ContentType,
            FileName = report.FileName,
            Content = ByteString.CopyFrom(report.Content),
            TotalValue = report.TotalValue ?? 0,
            HasTotalValue = report.TotalValue.HasValue,
            Unit = report.Unit,
            CreatedAt = Timestamp.FromDateTimeOffset(report.CreatedAt),
            RunId = result.RunId.ToString(),
            ReportType = request.ReportType is "" ? ReportTypes.Kpi : request.ReportType,
        };
    }

    private static ReportGranularity ToDomain(Granularity granularity) => granularity switch
    {
        Granularity.Minute => ReportGranularity.Minute,
        Granularity.Hour => ReportGranularity.Hour,
        Granularity.Day => ReportGranularity.Day,
        _ => ReportGranularity.Unspecified,
    };
}
