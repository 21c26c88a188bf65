using System.Globalization;
using System.Text;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Suite.Contracts.Common.V1;
using Suite.Contracts.Ingestion.V1;
using Suite.Contracts.Metrics.V1;
using Suite.Contracts.Predictions.V1;
using Suite.Contracts.Reporting.V1;
using Suite.Testing;
using UglyToad.PdfPig;
using Xunit;
using Xunit.Abstractions;

namespace Suite.EndToEnd.Tests;

/// <summary>
/// The business reports that read metrics' cohorts and revenue and predictions' churn risk, from real data: known
/// events go through ingestion into the real suite (PostgreSQL, RabbitMQ, metrics, predictions, reporting), then
/// reporting builds cohort_retention, executive_overview and at_risk_digest on demand and the numbers are checked
/// against values worked out by hand from the events. Churn probabilities come from a trained model and are not worked
/// out by hand: the tests pin the risk levels (accounts built far from the thresholds), the accounts listed, the counts
/// and the rule-based actions, and check that the probability printed is the one predictions recorded.
/// </summary>
[Collection(SuiteCollection.Name)]
public sealed class BusinessReportRealDataTests(SuiteFixture fx, ITestOutputHelper output)
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    [Fact]
    public async Task Cohort_retention_shows_the_weekly_triangle_of_the_ingested_signups()
    {
        const string tenant = "e2e-cohort-retention";
        var headers = SuiteFixture.Bearer(fx.Suite.TokenFor(tenant));
        var now = DateTimeOffset.UtcNow;
        var today = DateOnly.FromDateTime(now.UtcDateTime);
        // The report's window for 4 weekly cohorts run now: the 4 whole ISO weeks before this one.
        var monday = today.AddDays(-(((int)today.DayOfWeek + 6) % 7));
        var s = Enumerable.Range(0, 4).Select(i => monday.AddDays(-7 * (4 - i))).ToArray();   // cohort starts, oldest first

        // Signup = a user's first event; retained at week k (n_day) = active exactly on signup day + 7k. Each cohort's
        // latest signup is on its Sunday, so cohort i reaches weeks 0 .. 3 − i whatever the weekday today is (Sunday
        // + 7(3 − i) ≤ last Sunday < today; one more week is ≥ this Sunday ≥ today: not reachable).
        var events = new List<Event>();
        void Active(string user, DateOnly day) => events.Add(new Event
        {
            EventId = Guid.NewGuid().ToString(),
            Domain = "auth",
            Type = "LOGIN",
            OccurredAt = Timestamp.FromDateTimeOffset(new DateTimeOffset(day.ToDateTime(new TimeOnly(10, 0)), TimeSpan.Zero)),
            UserId = user,
        });
        void User(string user, DateOnly signup, params int[] activeOnDays)
        {
            Active(user, signup);
            foreach (var d in activeOnDays)
            {
                Active(user, signup.AddDays(d));
            }
        }
        // Cohort 0 (4 users): week 1 a1, a2 (a4 is active on day 8, not 7); week 2 a1, a3; week 3 a1.
        User("a1", s[0], 7, 14, 21);
        User("a2", s[0], 7);
        User("a3", s[0].AddDays(3), 14);
        User("a4", s[0].AddDays(6), 8);
        // Cohort 1 (2 users): week 1 both; week 2 b1; week 3 not reachable.
        User("b1", s[1].AddDays(1), 7, 14);
        User("b2", s[1].AddDays(6), 7);
        // Cohort 2 (3 users): week 1 c2; week 2 not reachable.
        User("c1", s[2]);
        User("c2", s[2].AddDays(2), 7);
        User("c3", s[2].AddDays(6));
        // Cohort 3 (1 user): week 0 only.
        User("d1", s[3].AddDays(6));
        // Signed up the week before the window: active inside it, but no member of any cohort.
        User("early", s[0].AddDays(-7), 7, 14);

        var batch = new EventBatch { BatchId = "e2e-cohort-retention-1" };
        batch.Events.AddRange(events);
        var ack = await new Ingestion.IngestionClient(fx.Channel("ingestion")).TrackBatchAsync(batch, headers);
        Assert.Equal((events.Count, 0), (ack.Accepted, ack.Rejected));

        var metrics = new Metrics.MetricsClient(fx.Channel("metrics"));
        await Eventually.Get(
            async () => await metrics.GetKpiSeriesAsync(new GetKpiSeriesRequest
            {
                Kpi = "events_count",
                From = Timestamp.FromDateTimeOffset(Utc(s[0].AddDays(-7))),
                To = Timestamp.FromDateTimeOffset(Utc(monday)),
                Granularity = Granularity.Day,
            }, headers),
            series => series.Total.Value >= events.Count,
            TimeSpan.FromSeconds(90), "the cohort events counted by metrics");

        var reporting = new Reporting.ReportingClient(fx.Channel("reporting"));
        var request = new GenerateReportRequest
        {
            ReportType = "cohort_retention",
            To = Timestamp.FromDateTimeOffset(now),
            Parameters = { ["granularity"] = "week", ["cohorts"] = "4" },
        };
        var pdf = await reporting.GenerateReportAsync(request, headers);
        var text = PdfText(pdf.Content.ToByteArray());
        output.WriteLine(text);

        // Week 1: retained 2 + 2 + 1 of 4 + 2 + 3 users in the cohorts that reached it = 5/9 = 55.6 %; week 3: only
        // cohort 0, 1 of 4 = 25.0 %. 4 cohorts, 10 users (not "early").
        Assert.Equal(5 / 9.0, pdf.TotalValue, 12);
        // Headline tiles, three to a row, read as the row's labels, then their numbers, then their notes.
        Assert.Contains("Week 1 retention: Week 3 retention: Cohorts: 55.6 % 25.0 % 4 average", text);
        Assert.Contains("Users: 10", text);
        Assert.Contains($"{Date(s[0])} 4 100.0 % 50.0 % 50.0 % 25.0 %", text);
        Assert.Contains($"{Date(s[1])} 2 100.0 % 100.0 % 50.0 %", text);
        Assert.Contains($"{Date(s[2])} 3 100.0 % 33.3 %", text);
        Assert.Contains($"{Date(s[3])} 1 100.0 %", text);

        // The same as CSV: raw fractions, blank where a week is not reachable yet.
        request.Format = ReportFormat.Csv;
        var csv = await reporting.GenerateReportAsync(request, headers);
        var rows = CsvRows(csv.Content.ToByteArray());
        output.WriteLine(string.Join("\n", rows.Select(r => string.Join(",", r))));
        Assert.Equal(["Cohort", "Size", "W0", "W1", "W2", "W3"], rows[0]);
        Assert.Equal(
        [
            [Date(s[0]), "4", R(1.0), R(2 / 4.0), R(2 / 4.0), R(1 / 4.0)],
            [Date(s[1]), "2", R(1.0), R(2 / 2.0), R(1 / 2.0), ""],
            [Date(s[2]), "3", R(1.0), R(1 / 3.0), "", ""],
            [Date(s[3]), "1", R(1.0), "", "", ""],
        ], rows.Skip(1).ToList());

        // Unbounded: retained when active on signup day + 7k or later. Week 1 of cohort 0 now has a3 (day 14) and a4
        // (day 8) too: 4 of 4, so week 1 = (4 + 2 + 1) / 9 = 77.8 %; week 2 of cohort 0 stays a1, a3; week 3 a1.
        request.Format = ReportFormat.Pdf;
        request.Parameters["mode"] = "unbounded";
        var unbounded = await reporting.GenerateReportAsync(request, headers);
        text = PdfText(unbounded.Content.ToByteArray());
        output.WriteLine(text);
        Assert.Equal(7 / 9.0, unbounded.TotalValue, 12);
        Assert.Contains("Week 1 retention: Week 3 retention: Cohorts: 77.8 % 25.0 % 4 average", text);
        Assert.Contains($"{Date(s[0])} 4 100.0 % 100.0 % 50.0 % 25.0 %", text);
        Assert.Contains($"{Date(s[1])} 2 100.0 % 100.0 % 50.0 %", text);
        Assert.Contains($"{Date(s[2])} 3 100.0 % 33.3 %", text);
    }

    [Fact]
    public async Task Executive_overview_carries_the_revenue_of_the_ingested_subscriptions_and_the_scored_risk()
    {
        const string tenant = "e2e-executive-overview";
        var headers = SuiteFixture.Bearer(fx.Suite.TokenFor(tenant));
        var now = DateTimeOffset.UtcNow;
        var thisMonth = new DateOnly(now.Year, now.Month, 1);
        var m1 = thisMonth.AddMonths(-1);   // the month reported: a run on the 1st reports the month just ended
        var m0 = thisMonth.AddMonths(-2);   // the month before
        // Ingestion keeps 90 days: the earliest event (m0's 16th) is at most 77 days old on the 31st.
        var events = new List<Event>();
        Event Add(string domain, string type, DateTimeOffset at, string account, string? user = null)
        {
            var e = new Event
            {
                EventId = Guid.NewGuid().ToString(),
                Domain = domain,
                Type = type,
                OccurredAt = Timestamp.FromDateTimeOffset(at),
                AccountId = account,
                UserId = user ?? "",
            };
            events.Add(e);
            return e;
        }
        void Amount(string type, DateOnly month, int day, string account, long amount)
        {
            var e = Add("subscriptions", type, Utc(month.AddDays(day - 1)).AddHours(12), account);
            e.Currency = "EUR";
            e.AmountMinor = amount;
        }

        // m0: four accounts start (x5 starts and cancels within the month: nothing): new 100 + 200 + 50 + 80 = 430.00.
        Amount("SUBSCRIPTION_STARTED", m0, 16, "x1", 10000);
        Amount("SUBSCRIPTION_STARTED", m0, 16, "x2", 20000);
        Amount("SUBSCRIPTION_STARTED", m0, 17, "x3", 5000);
        Amount("SUBSCRIPTION_STARTED", m0, 18, "x4", 8000);
        Amount("SUBSCRIPTION_STARTED", m0, 18, "x5", 3000);
        Amount("SUBSCRIPTION_CANCELLED", m0, 20, "x5", 0);
        // m1: x1 +50 (expansion), x2 −80 (contraction), x3 cancels (churn 50), x4 renews unchanged, x5 comes back at 40
        // (reactivation: it paid in m0), x6 is new at 60.
        Amount("SUBSCRIPTION_CHANGED", m1, 10, "x1", 15000);
        Amount("SUBSCRIPTION_CHANGED", m1, 11, "x2", 12000);
        Amount("SUBSCRIPTION_CANCELLED", m1, 12, "x3", 0);
        Amount("SUBSCRIPTION_RENEWED", m1, 18, "x4", 8000);
        Amount("SUBSCRIPTION_STARTED", m1, 5, "x5", 4000);
        Amount("SUBSCRIPTION_STARTED", m1, 5, "x6", 6000);

        // Churn risk: the paying accounts log in daily and use the product (far below the high threshold, whether or
        // not the hourly risk scan scores them); "lapsed" logged in once 60 days ago and left three tickets open.
        var yesterday = now.AddDays(-1);
        foreach (var account in new[] { "x1", "x2", "x3", "x4", "x5", "x6" })
        {
            for (var d = 0; d < 10; d++)
            {
                Add("auth", "LOGIN", yesterday.AddDays(-d), account, $"{account}-user");
            }
            Add("product", "FEATURE_USED", yesterday, account, $"{account}-user").EntityId = "designer";
        }
        Add("auth", "LOGIN", now.AddDays(-60), "lapsed", "lapsed-user");
        for (var t = 1; t <= 3; t++)
        {
            Add("support", "TICKET_OPENED", now.AddDays(-55), "lapsed", "lapsed-user").EntityId = $"lapsed-ticket-{t}";
        }

        var batch = new EventBatch { BatchId = "e2e-executive-overview-1" };
        batch.Events.AddRange(events);
        var ack = await new Ingestion.IngestionClient(fx.Channel("ingestion")).TrackBatchAsync(batch, headers);
        Assert.Equal((events.Count, 0), (ack.Accepted, ack.Rejected));

        var metrics = new Metrics.MetricsClient(fx.Channel("metrics"));
        await Eventually.Get(
            async () => await metrics.GetRevenueMetricsAsync(new GetRevenueMetricsRequest { Month = Month(m1) }, headers),
            r => r.Currencies.Count == 1 && r.Currencies[0].MrrMinor == 45000,
            TimeSpan.FromSeconds(90), "m1's MRR in metrics");
        var predictions = new Predictions.PredictionsClient(fx.Channel("predictions"));
        var lapsed = await ScoreWhenStored(predictions, headers, "lapsed", f => f.OpenTickets == 3);
        Assert.Equal(RiskLevel.Critical, lapsed.RiskLevel);
        var atRisk = await predictions.ListAtRiskAccountsAsync(new ListAtRiskAccountsRequest { MinLevel = "high" }, headers);
        Assert.Equal(["lapsed"], atRisk.Accounts.Select(a => a.AccountId));
        Assert.Equal(lapsed.Probability, atRisk.Accounts[0].Probability, 1e-4);

        var reporting = new Reporting.ReportingClient(fx.Channel("reporting"));
        var report = await reporting.GenerateReportAsync(new GenerateReportRequest
        {
            ReportType = "executive_overview",
            To = Timestamp.FromDateTimeOffset(Utc(thisMonth)),
        }, headers);
        var text = PdfText(report.Content.ToByteArray());
        output.WriteLine(text);

        // m1: start 430 + new 60 + expansion 50 + reactivation 40 − contraction 80 − churn 50 = 450.00 (x1 150 + x2 120
        // + x4 80 + x5 40 + x6 60); m0 ends at 430.00. ARR 12 × 450 = 5,400. NRR (430 + 50 − 80 − 50) / 430 = 81.40 %;
        // logo churn 1 of the 4 paying at the start = 25.00 %; revenue churn (80 + 50) / 430 = 30.23 %; ARPU 450 / 5 =
        // 90.00 (m0: 430 / 4 = 107.50, −16.3 %); LTV 90 / 0.25 = 360.00. m0 had no start, so no NRR, churn or LTV.
        var (mText, m0Text) = (Month(m1), Month(m0));
        Assert.Equal(450, report.TotalValue, 6);
        Assert.Contains($"{mText} (UTC) vs {m0Text}", text);
        // Headline tiles, three to a row: labels, numbers, changes.
        Assert.Contains($"MRR: ARR: NRR: EUR 450.00 EUR 5,400.00 81.40 % +4.7 % vs {m0Text} +4.7 % vs {m0Text} n/a vs {m0Text}", text);
        Assert.Contains($"Churn rate: ARPU: LTV: 25.00 % EUR 90.00 EUR 360.00 n/a vs {m0Text} −16.3 % vs {m0Text} n/a vs {m0Text}", text);
        Assert.Contains("At-risk accounts: 1 1 critical", text);
        Assert.Contains("MRR EUR 450.00 EUR 430.00 +4.7 %", text);
        Assert.Contains("ARR EUR 5,400.00 EUR 5,160.00 +4.7 %", text);
        Assert.Contains("Net revenue retention 81.40 % n/a n/a", text);
        Assert.Contains("Logo churn rate 25.00 % n/a n/a", text);
        Assert.Contains("Revenue churn rate 30.23 % n/a n/a", text);
        Assert.Contains("ARPU EUR 90.00 EUR 107.50 −16.3 %", text);
        Assert.Contains("LTV EUR 360.00 n/a n/a", text);
        Assert.Contains("Paying accounts 5 4 +25.0 %", text);
        Assert.Contains("Starting MRR EUR 430.00 EUR 0.00", text);
        Assert.Contains("New EUR 60.00 EUR 430.00", text);
        Assert.Contains("Expansion EUR 50.00 EUR 0.00", text);
        Assert.Contains("Reactivation EUR 40.00 EUR 0.00", text);
        Assert.Contains("Contraction EUR -80.00 EUR 0.00", text);
        Assert.Contains("Churned EUR -50.00 EUR 0.00", text);
        Assert.Contains("Ending MRR EUR 450.00 EUR 430.00", text);
        // Two months of history (m0, m1): too short for a forecast.
        Assert.Contains("No MRR forecast (EUR): 2 month(s) of MRR history; at least 6 are needed.", text);
        // The one account at risk, with the probability predictions recorded; the actions follow predictions' rules:
        // 60 days without a login (> 30: win-back email), p > 0.8 (call), critical without any feature used
        // (onboarding), 3 open tickets (≥ 2: escalate).
        Assert.Contains("1 account is at high or critical churn risk (1 critical); the 1 riskiest are listed.", text);
        Assert.Contains($"lapsed {Percent(atRisk.Accounts[0].Probability)} critical {Features(atRisk.Accounts[0])}", text);
        // The PDF cuts the long action cell ("…"); the CSV has it whole, and the recorded probability exactly.
        var csv = await reporting.GenerateReportAsync(new GenerateReportRequest
        {
            ReportType = "executive_overview",
            To = Timestamp.FromDateTimeOffset(Utc(thisMonth)),
            Format = ReportFormat.Csv,
        }, headers);
        var table = CsvTable(csv.Content.ToByteArray(), "Account,Probability,");
        Assert.Equal(
        [
            ["Account", "Probability", "Level", "Top features", "Recommended action"],
            ["lapsed", R(atRisk.Accounts[0].Probability), "critical", Features(atRisk.Accounts[0]), "win-back email, personal call, onboarding, escalate tickets"],
        ], table);
        var movements = CsvTable(csv.Content.ToByteArray(), "Movement,");
        Assert.Equal(
        [
            ["Starting MRR", 430m, 0m], ["New", 60m, 430m], ["Expansion", 50m, 0m], ["Reactivation", 40m, 0m],
            ["Contraction", -80m, 0m], ["Churned", -50m, 0m], ["Ending MRR", 450m, 430m],
        ], movements.Skip(1).Select(r => new object[] { r[0], decimal.Parse(r[1], Invariant), decimal.Parse(r[2], Invariant) }).ToList());
    }

    [Fact]
    public async Task At_risk_digest_lists_the_accounts_predictions_scored_from_the_ingested_events()
    {
        const string tenant = "e2e-at-risk-digest";
        var headers = SuiteFixture.Bearer(fx.Suite.TokenFor(tenant));
        var now = DateTimeOffset.UtcNow;
        var events = new List<Event>();
        Event Add(string domain, string type, DateTimeOffset at, string account)
        {
            var e = new Event
            {
                EventId = Guid.NewGuid().ToString(),
                Domain = domain,
                Type = type,
                OccurredAt = Timestamp.FromDateTimeOffset(at),
                AccountId = account,
                UserId = account + "-user",
            };
            events.Add(e);
            return e;
        }
        // By the product's churn truth (logit −0.4 + 0.07·idle days − 0.04·logins − 1.6·0.5 unknown email engagement
        // − 0.0012·tenure + 0.45·open tickets − 2.2·adoption), which the global model is trained on:
        // "gone": 60 idle days, 3 open tickets: logit ≈ 4.3, p ≈ 0.99, critical;
        // "fading": one login 27 days ago: logit ≈ 0.62, p ≈ 0.65, high;
        // "cooling": one login 12 days ago: logit ≈ −0.41, p ≈ 0.40, medium (not listed);
        // "busy": a login a day for 10 days and the only feature anyone used: p ≈ 0.02, low (not listed).
        Add("auth", "LOGIN", now.AddDays(-60), "gone");
        for (var t = 1; t <= 3; t++)
        {
            Add("support", "TICKET_OPENED", now.AddDays(-55), "gone").EntityId = $"gone-ticket-{t}";
        }
        Add("auth", "LOGIN", now.AddDays(-27), "fading");
        Add("auth", "LOGIN", now.AddDays(-12), "cooling");
        for (var d = 1; d <= 10; d++)
        {
            Add("auth", "LOGIN", now.AddDays(-d), "busy");
        }
        Add("product", "FEATURE_USED", now.AddDays(-1), "busy").EntityId = "designer";

        var batch = new EventBatch { BatchId = "e2e-at-risk-digest-1" };
        batch.Events.AddRange(events);
        var ack = await new Ingestion.IngestionClient(fx.Channel("ingestion")).TrackBatchAsync(batch, headers);
        Assert.Equal((events.Count, 0), (ack.Accepted, ack.Rejected));

        // Scoring by id records the level (account_risk): "fading" first, then the others.
        var predictions = new Predictions.PredictionsClient(fx.Channel("predictions"));
        var fading = await ScoreWhenStored(predictions, headers, "fading", f => f.Logins30D == 1);
        Assert.Equal(RiskLevel.High, fading.RiskLevel);
        var listed = await predictions.ListAtRiskAccountsAsync(new ListAtRiskAccountsRequest { MinLevel = "high" }, headers);
        var fadingSince = DateTimeOffset.Parse(listed.Accounts.Single(a => a.AccountId == "fading").LevelSince, Invariant);
        // The digest's week starts just after "fading" reached high, so it counts as earlier and "gone" as new.
        var periodFrom = fadingSince.AddTicks(10);

        var gone = await ScoreWhenStored(predictions, headers, "gone", f => f.OpenTickets == 3);
        Assert.Equal(RiskLevel.Critical, gone.RiskLevel);
        Assert.Equal(RiskLevel.Medium, (await ScoreWhenStored(predictions, headers, "cooling", f => f.Logins30D == 1)).RiskLevel);
        Assert.Equal(RiskLevel.Low, (await ScoreWhenStored(predictions, headers, "busy", f => f.Logins30D == 10)).RiskLevel);

        listed = await predictions.ListAtRiskAccountsAsync(new ListAtRiskAccountsRequest { MinLevel = "high" }, headers);
        Assert.Equal(["gone", "fading"], listed.Accounts.Select(a => a.AccountId));
        var goneListed = listed.Accounts[0];
        var fadingListed = listed.Accounts[1];
        var goneSince = DateTimeOffset.Parse(goneListed.LevelSince, Invariant);
        // What the scores by id returned is what was recorded (to 1e-4: a risk scan in between rescored them seconds
        // later, which moves p by far less).
        Assert.Equal(gone.Probability, goneListed.Probability, 1e-4);
        Assert.Equal(fading.Probability, fadingListed.Probability, 1e-4);
        // The hourly risk scan (minute 30) may have scored both before these calls, in one transaction: then "gone"
        // reached critical at the same instant as "fading" reached high, before the period: earlier too.
        var goneIsNew = goneSince >= periodFrom;
        output.WriteLine($"fading since {fadingSince:O}, gone since {goneSince:O}: gone new = {goneIsNew}");
        Assert.True(goneIsNew || goneSince == fadingSince, "gone reached critical before fading reached high");

        var reporting = new Reporting.ReportingClient(fx.Channel("reporting"));
        var report = await reporting.GenerateReportAsync(new GenerateReportRequest
        {
            ReportType = "at_risk_digest",
            From = Timestamp.FromDateTimeOffset(periodFrom),
            To = Timestamp.FromDateTimeOffset(DateTimeOffset.UtcNow.AddSeconds(1)),
        }, headers);
        var text = PdfText(report.Content.ToByteArray());
        output.WriteLine(text);

        // 1 critical (gone), 1 high (fading); "cooling" (medium) and "busy" (low) are not listed.
        var newCount = goneIsNew ? 1 : 0;
        Assert.Equal(1, report.TotalValue);
        // Headline tiles, three to a row: labels, numbers, notes.
        Assert.Contains($"Critical: High: New this week: 1 1 {newCount} {newCount} new this week 0 new this week Earlier: {2 - newCount}", text);
        Assert.Contains($"2 accounts are at high or critical churn risk; {newCount} reached their level this week.", text);
        Assert.Contains($"Accounts by level Level Accounts New this week Earlier critical 1 {newCount} {1 - newCount} high 1 0 1", text);
        Assert.DoesNotContain("cooling", text);
        Assert.DoesNotContain("busy", text);
        Assert.Contains($"gone {Percent(goneListed.Probability)} critical {Date(goneSince)} {(goneIsNew ? "yes" : "no")}", text);
        Assert.Contains($"fading {Percent(fadingListed.Probability)} high {Date(fadingSince)} no", text);

        // The accounts table whole (the PDF cuts long cells): riskiest first, the probabilities predictions recorded,
        // and the actions its rules give: "gone" 60 idle days (> 30: win-back email), p > 0.8 (call), critical with no
        // feature used (onboarding), 3 open tickets (≥ 2: escalate); "fading" 27 idle days (no win-back), high with
        // no feature used (onboarding).
        var csv = await reporting.GenerateReportAsync(new GenerateReportRequest
        {
            ReportType = "at_risk_digest",
            From = Timestamp.FromDateTimeOffset(periodFrom),
            To = Timestamp.FromDateTimeOffset(DateTimeOffset.UtcNow.AddSeconds(1)),
            Format = ReportFormat.Csv,
        }, headers);
        Assert.Equal(
        [
            ["Account", "Probability", "Level", "Since", "New", "Top features", "Recommended action"],
            ["gone", R(goneListed.Probability), "critical", Date(goneSince), goneIsNew ? "yes" : "no", Features(goneListed),
                "win-back email, personal call, onboarding, escalate tickets"],
            ["fading", R(fadingListed.Probability), "high", Date(fadingSince), "no", Features(fadingListed), "onboarding"],
        ], CsvTable(csv.Content.ToByteArray(), "Account,Probability,"));
        Assert.Equal(
        [
            ["Level", "Accounts", "New this week", "Earlier"],
            ["critical", "1", $"{newCount}", $"{1 - newCount}"],
            ["high", "1", "0", "1"],
        ], CsvTable(csv.Content.ToByteArray(), "Level,Accounts,"));
    }

    /// <summary>Scores the account by id once the feature store holds what <paramref name="stored"/> expects of it.</summary>
    private static Task<ChurnScore> ScoreWhenStored(Predictions.PredictionsClient predictions, Metadata headers, string account, Func<ChurnFeatures, bool> stored) =>
        Eventually.Get(
            async () => await predictions.ScoreChurnAsync(new ScoreChurnRequest { AccountId = account }, headers),
            score => stored(score.Features),
            TimeSpan.FromSeconds(90), $"account {account} in the feature store");

    private static DateTimeOffset Utc(DateOnly day) => new(day.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);

    private static string Date(DateOnly day) => day.ToString("yyyy-MM-dd", Invariant);

    private static string Date(DateTimeOffset instant) => instant.UtcDateTime.ToString("yyyy-MM-dd", Invariant);

    private static string Month(DateOnly month) => month.ToString("yyyy-MM", Invariant);

    private static string Percent(double fraction) => (fraction * 100).ToString("0.0", Invariant) + " %";

    private static string R(double value) => value.ToString("R", Invariant);

    /// <summary>
    /// How the reports name predictions' features that raise the risk (positive contributions, in predictions' order),
    /// as listed in services/reporting/README.md.
    /// </summary>
    private static string Features(AtRiskAccount account)
    {
        var names = account.TopFeatures.Where(f => f.Contribution > 0).Select(f => f.Feature switch
        {
            "days_since_last_login" => "inactivity",
            "logins_30d" => "few logins",
            "sessions_7d" => "few sessions",
            "open_tickets" => "open tickets",
            "email_engagement" => "low email clicks",
            "tenure_days" => "short tenure",
            "feature_adoption" => "low adoption",
            var other => other,
        }).ToList();
        return names.Count == 0 ? "n/a" : string.Join(", ", names);
    }

    /// <summary>The table of a CSV report (one CSV, or a ZIP of one per table) whose header row starts with <paramref name="header"/>.</summary>
    private static List<string[]> CsvTable(byte[] content, string header)
    {
        var files = new List<byte[]>();
        if (content.Length > 1 && content[0] == (byte)'P' && content[1] == (byte)'K')
        {
            using var zip = new System.IO.Compression.ZipArchive(new MemoryStream(content));
            foreach (var entry in zip.Entries)
            {
                using var stream = entry.Open();
                using var copy = new MemoryStream();
                stream.CopyTo(copy);
                files.Add(copy.ToArray());
            }
        }
        else
        {
            files.Add(content);
        }
        var tables = files.Select(CsvRows).ToList();
        return Assert.Single(tables, t => t.Count > 0 && string.Join(",", t[0]).StartsWith(header, StringComparison.Ordinal));
    }

    private static string PdfText(byte[] pdf)
    {
        using var document = PdfDocument.Open(pdf);
        return string.Join("\n", document.GetPages().Select(p => string.Join(" ", p.GetWords().Select(w => w.Text))));
    }

    /// <summary>RFC 4180 (UTF-8 with a BOM, CRLF rows, fields quoted when they hold a comma, quote or line break).</summary>
    private static List<string[]> CsvRows(byte[] bytes) => Csv.Parse(Encoding.UTF8.GetString(bytes).TrimStart('\uFEFF'));
}
