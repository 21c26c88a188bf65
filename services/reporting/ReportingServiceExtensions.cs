using Suite.Reporting.Api;
using Suite.Reporting.Clients;
using Suite.Reporting.Data;
using Suite.Reporting.Delivery;
using Suite.Reporting.Messaging;
using Suite.Reporting.Scheduling;
using Suite.Reporting.Rendering;
using Suite.Reporting.Reports;
using Suite.Reporting.Reports.Types;
using Suite.ServiceDefaults.Data;
using Suite.ServiceDefaults.Grpc;
using Suite.ServiceDefaults.Messaging;
using MetricsClient = Suite.Contracts.Metrics.V1.Metrics.MetricsClient;
using PredictionsClient = Suite.Contracts.Predictions.V1.Predictions.PredictionsClient;

namespace Suite.Reporting;

public static class ReportingServiceExtensions
{
    public static WebApplicationBuilder AddReportingServices(this WebApplicationBuilder builder)
    {
        var options = ReportingOptions.From(builder.Configuration);
        builder.AddSuiteDatabase("reportingdb", typeof(Program).Assembly);
        builder.AddSuiteMessaging(x =>
        {
            x.AddConsumer<AlertFiredConsumer>();
            x.AddConsumer<AlertResolvedConsumer>();
        });
        builder.Services.AddSuiteGrpcClient<MetricsClient>("metrics");
        builder.Services.AddSuiteGrpcClient<PredictionsClient>("predictions");

        builder.Services.AddSingleton(options);
        builder.Services.AddSingleton<ReportFonts>();
        builder.Services.AddSingleton<PdfReportRenderer>();
        builder.Services.AddSingleton<IReportRenderer>(sp => sp.GetRequiredService<PdfReportRenderer>());
        builder.Services.AddSingleton<IReportRenderer, HtmlReportRenderer>();
        builder.Services.AddSingleton<IReportRenderer, CsvReportRenderer>();
        builder.Services.AddSingleton<IReportRenderer, XlsxReportRenderer>();
        builder.Services.AddSingleton<ReportRenderers>();
        builder.Services.AddSingleton<ReportStore>();
        builder.Services.AddSingleton<ReportingMetrics>();
        builder.Services.AddScoped<MetricsKpiSource>();
        builder.Services.AddScoped<ReportGenerator>();
        builder.Services.AddScoped<OnDemandReports>();

        // Business report types: each reads its data and builds a ReportDocument (Domain/Reports).
        builder.Services.AddScoped<MetricsBatchSource>();
        builder.Services.AddScoped<DailyMetricsSource>();
        builder.Services.AddScoped<IReportType, DailyMetricsType>();
        builder.Services.AddScoped<IReportType, WeeklyReviewType>();
        builder.Services.AddScoped<IReportType, HealthScorecardType>();
        builder.Services.AddSingleton<AlertHistoryStore>();
        builder.Services.AddScoped<IReportType, AlertSummaryType>();
        builder.Services.AddScoped<IReportType, CohortRetentionType>();
        builder.Services.AddScoped<QuoteChannelSource>();
        builder.Services.AddScoped<IReportType, QuarterlyRoiType>();
        builder.Services.AddScoped<PredictionsSource>();
        builder.Services.AddScoped<RevenueSource>();
        builder.Services.AddScoped<IReportType, AtRiskDigestType>();
        builder.Services.AddScoped<IReportType, ExecutiveOverviewType>();

        builder.Services.AddSingleton<SubscriptionStore>();
        builder.Services.AddSingleton<ReportMailer>();
        // Retries belong to the run (durable, with backoff, and never twice to one recipient): no resilience handler
        // that would retry a POST on its own, and no redirects to wherever a webhook URL points.
#pragma warning disable EXTEXP0001 // experimental, but the documented way to opt one client out of the defaults
        builder.Services.AddHttpClient(SlackReportPoster.HttpClientName, c => c.Timeout = TimeSpan.FromSeconds(10))
            .RemoveAllResilienceHandlers()
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { AllowAutoRedirect = false });
#pragma warning restore EXTEXP0001
        builder.Services.AddSingleton<SlackReportPoster>();
        if (DownloadLinksFrom(options) is { } links)
        {
            builder.Services.AddSingleton(links);
        }
        builder.Services.AddScoped<SubscriptionRunner>();
        builder.Services.AddSingleton<ReportScheduler>();
        if (options.Scheduler.Enabled)
        {
            builder.Services.AddHostedService(sp => sp.GetRequiredService<ReportScheduler>());
        }
        return builder;
    }

    /// <summary>Links need both a public base URL and a signing key; without them Slack messages carry no link.</summary>
    private static DownloadLinks? DownloadLinksFrom(ReportingOptions options) =>
        options.Links.PublicBaseUrl is { Length: > 0 } baseUrl && options.Links.SigningKey is { Length: > 0 } key && DownloadLinks.DecodeKey(key) is { } bytes
            ? new DownloadLinks(bytes, new Uri(baseUrl.TrimEnd('/') + "/"), options.Links.Expiry)
            : null;

    public static WebApplication MapReporting(this WebApplication app)
    {
        if (!app.Services.GetRequiredService<ReportMailer>().Configured)
        {
            app.Logger.LogWarning("No SMTP server (ConnectionStrings:smtp): subscriptions with email recipients will fail to deliver");
        }
        if (app.Services.GetService<DownloadLinks>() is null)
        {
            app.Logger.LogWarning("Reporting:Links:PublicBaseUrl or SigningKey not set: Slack messages carry no download link");
        }
        app.MapReportDownloads();
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
