using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Suite.Contracts.Common.V1;
using Suite.Contracts.Reporting.V1;
using Suite.Reporting.Data;
using Suite.Reporting.Domain;
using Suite.Reporting.Reports;
using Suite.ServiceDefaults.Auth;
using Suite.ServiceDefaults.Grpc;

namespace Suite.Reporting.Api;

/// <summary>suite.reporting.v1.Reporting: maps proto messages to the domain and back.</summary>
public sealed partial class ReportingApi(ReportGenerator generator, SubscriptionStore subscriptions, Npgsql.NpgsqlDataSource db, TimeProvider clock, ReportStore reports)
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
        if (violations.Count > 0)
        {
            throw GrpcErrors.InvalidArgument(violations);
        }

        var report = await generator.GenerateAsync(new ReportRequest(
            tenant,
            request.Kpi,
            request.From?.ToDateTimeOffset(),
            request.To?.ToDateTimeOffset(),
            ToDomain(request.Granularity),
            request.Filters,
            format,
            request.Title), context.CancellationToken);

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
