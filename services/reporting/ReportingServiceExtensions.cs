using Suite.Reporting.Api;
using Suite.Reporting.Clients;
using Suite.Reporting.Data;
using Suite.Reporting.Rendering;
using Suite.Reporting.Reports;
using Suite.ServiceDefaults.Data;
using Suite.ServiceDefaults.Grpc;
using Suite.ServiceDefaults.Messaging;
using MetricsClient = Suite.Contracts.Metrics.V1.Metrics.MetricsClient;

namespace Suite.Reporting;

public static class ReportingServiceExtensions
{
    public static WebApplicationBuilder AddReportingServices(this WebApplicationBuilder builder)
    {
        var options = ReportingOptions.From(builder.Configuration);
        builder.AddSuiteDatabase("reportingdb", typeof(Program).Assembly);
        builder.AddSuiteMessaging();
        builder.Services.AddSuiteGrpcClient<MetricsClient>("metrics");

        builder.Services.AddSingleton(options);
        builder.Services.AddSingleton<ReportFonts>();
        builder.Services.AddSingleton<PdfReportRenderer>();
        builder.Services.AddSingleton<ReportStore>();
        builder.Services.AddSingleton<ReportingMetrics>();
        builder.Services.AddScoped<MetricsKpiSource>();
        builder.Services.AddScoped<ReportGenerator>();
        return builder;
    }

    public static WebApplication MapReporting(this WebApplication app)
    {
        var fonts = app.Services.GetRequiredService<ReportFonts>();
        if (!fonts.HasPreferredFamily)
        {
            app.Logger.LogWarning("Font family {Family} not found (install fonts-dejavu-core); reports use {Fallback}",
                ReportFonts.Family, fonts.Regular.FamilyName);
        }
        app.MapGrpcService<ReportingApi>();
        return app;
    }
}
