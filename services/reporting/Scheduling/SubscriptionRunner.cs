using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Suite.Reporting.Data;
using Suite.Reporting.Delivery;
using Suite.Reporting.Domain;
using Suite.Reporting.Domain.Subscriptions;
using Suite.Reporting.Domain.Documents;
using Suite.Reporting.Reports;
using Suite.Reporting.Reports.Types;

namespace Suite.Reporting.Scheduling;

/// <summary>
/// What one attempt produced: the reports, the recipients reached so far, why the others were not, and the headline
/// lines the messages carry (kept with the run, so a retry says the same).
/// </summary>
public sealed record RunResult(IReadOnlyList<StoredReport> Reports, IReadOnlyList<string> Delivered, IReadOnlyList<string> Errors, IReadOnlyList<string> Headlines)
{
    public bool Complete => Errors.Count == 0;
}

/// <summary>
/// One attempt of a subscription's run: render its reports for the run's period (or reuse those an earlier attempt
/// stored), then deliver to every recipient the run has not reached yet — email with the reports attached, Slack
/// with the headline numbers and signed download links. A retry therefore never sends twice to one recipient
/// (except after a crash between a send and its record: at-least-once).
/// </summary>
public sealed class SubscriptionRunner(
    ReportGenerator generator,
    IEnumerable<IReportType> types,
    ReportStore store,
    ReportMailer mailer,
    SlackReportPoster slack,
    TimeProvider clock,
    ILogger<SubscriptionRunner> logger,
    DownloadLinks? links = null)
{
    public async Task<RunResult> RunAsync(ReportRun run, Subscription subscription, CancellationToken ct)
    {
        var spec = subscription.Spec;
        var title = $"{spec.Name}: {PeriodText(run.PeriodFrom, run.PeriodTo, spec.Schedule.Zone)}";

        var reports = new List<StoredReport>();
        foreach (var id in run.ReportIds)
        {
            if (await store.GetAsync(id, run.Tenant, ct) is { } stored)
            {
                reports.Add(stored);
            }
        }
        var headlines = run.Headlines.ToList();
        if (reports.Count == 0)
        {
            if (spec.ReportType == ReportTypes.Kpi)
            {
                var (parameters, violations) = ReportTypes.ParseKpi(spec.Parameters);
                if (parameters is null)
                {
                    return new RunResult([], run.Recipients, violations.Select(v => $"{v.Field} {v.Description}").ToList(), []);
                }
                reports.AddRange(await generator.GenerateAsync(new ReportRequest(
                    run.Tenant, parameters.Kpi, run.PeriodFrom, run.PeriodTo, parameters.Granularity, parameters.Filters, spec.Formats[0], title), spec.Formats, ct));
                headlines = [$"{reports[0].Kpi}: {ValueFormatter.FormatValue(reports[0].Unit, reports[0].TotalValue.HasValue, reports[0].TotalValue ?? 0)}"];
            }
            else if (types.FirstOrDefault(t => t.Name == spec.ReportType) is { } type)
            {
                var context = new ReportContext(run.Tenant, run.PeriodFrom!.Value, run.PeriodTo!.Value, spec.Schedule.Zone, spec.Parameters, clock.GetUtcNow());
                var (document, stored) = await generator.GenerateAsync(type, context, spec.Formats, ct);
                reports.AddRange(stored);
                headlines = document.Headlines.Select(HeadlineText).ToList();
            }
            else
            {
                return new RunResult([], run.Recipients, [$"report type '{spec.ReportType}' is not known to this service version"], []);
            }
            if (run.Trigger == RunTriggers.CatchUp)
            {
                headlines.Add($"Sent late: the service was not running at the scheduled time ({spec.Schedule.Zone.Id}).");
            }
        }

        var delivered = run.Recipients.ToList();
        var errors = new List<string>();
        foreach (var email in spec.Emails)
        {
            var key = "email:" + email;
            if (delivered.Contains(key))
            {
                continue;
            }
            try
            {
                await mailer.SendAsync(email, title, string.Join("\n", headlines) + "\n", reports, run.Id, ct);
                delivered.Add(key);
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
            {
                errors.Add($"{key}: {ex.Message}");
            }
        }
        foreach (var webhook in spec.SlackWebhooks)
        {
            var key = SlackKey(webhook);
            if (delivered.Contains(key))
            {
                continue;
            }
            try
            {
                var now = clock.GetUtcNow();
                var buttons = links is null
                    ? []
                    : reports.Select(r => ($"Download {r.Format.ToUpperInvariant()}", links.Create(r.Id, now))).ToList();
                await slack.PostAsync(webhook, title, headlines, buttons, ct);
                delivered.Add(key);
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
            {
                errors.Add($"{key}: {ex.Message}");
            }
        }
        if (errors.Count > 0)
        {
            logger.LogWarning("Run {Run} of subscription {Subscription}: {Errors}", run.Id, subscription.Id, string.Join("; ", errors));
        }
        return new RunResult(reports, delivered, errors, headlines);
    }

    /// <summary>How a Slack webhook is named in the run record: its URL is a secret, so a hash of it.</summary>
    public static string SlackKey(string webhook) =>
        "slack:" + Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(webhook)))[..12].ToLowerInvariant();

    /// <summary>"2026-03-07 06:00 – 2026-03-08 06:00 (America/New_York)": the period in the subscription's own zone.</summary>
    public static string PeriodText(DateTimeOffset? from, DateTimeOffset? to, TimeZoneInfo zone)
    {
        string Local(DateTimeOffset? at) => at is { } t ? TimeZoneInfo.ConvertTime(t, zone).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) : "…";
        return $"{Local(from)} – {Local(to)} ({zone.Id})";
    }

    /// <summary>"Login failure rate: 11.76 % (+5.88 pp vs previous day) — ALERT above 10.00 %".</summary>
    public static string HeadlineText(Headline h) =>
        $"{h.Label}: {h.Text}{(h.Change is null ? "" : $" ({h.Change})")}{(h.Flag == Flag.Alert ? $" — ALERT {h.Note}" : "")}";
}
