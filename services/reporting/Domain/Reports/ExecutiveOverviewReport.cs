using System.Globalization;
using Suite.Reporting.Domain.Documents;

namespace Suite.Reporting.Domain.Reports;

/// <summary>
/// The executive overview (pure): per currency, the month's MRR, ARR, NRR, logo churn rate, ARPU and LTV against the
/// month before; the MRR movements of both months; the MRR forecast with its interval; then the accounts most at risk
/// of churning. Relative changes for money, percentage points for rates.
/// </summary>
public static class ExecutiveOverviewReport
{
    public const string Title = "Executive overview";

    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    public static ReportDocument Build(string tenant, string period, DateTimeOffset generatedAt, string month, string previousMonth,
        IReadOnlyList<RevenueMonth> current, IReadOnlyList<RevenueMonth> previous, IReadOnlyList<MrrForecast> forecasts,
        IReadOnlyList<AtRiskAccount> atRisk, RiskCounts atRiskCounts)
    {
        var currencies = current.Select(c => c.Currency).Order(StringComparer.Ordinal).ToList();
        var labelCurrency = currencies.Count > 1;
        var vs = $"vs {previousMonth}";
        var headlines = new List<Headline>();
        var blocks = new List<ReportBlock>();
        foreach (var currency in currencies)
        {
            var now = current.Single(c => c.Currency == currency);
            var before = previous.SingleOrDefault(c => c.Currency == currency);
            string Label(string name) => labelCurrency ? $"{name} ({currency})" : name;
            headlines.Add(MoneyHeadline(Label("MRR"), now.MrrMinor, before?.MrrMinor, currency, vs));
            headlines.Add(MoneyHeadline(Label("ARR"), now.ArrMinor, before?.ArrMinor, currency, vs));
            headlines.Add(RateHeadline(Label("NRR"), now.NetRevenueRetention, before?.NetRevenueRetention, vs,
                now.NetRevenueRetention < 1 ? Flag.Warning : now.NetRevenueRetention is null ? Flag.None : Flag.Good));
            headlines.Add(RateHeadline(Label("Churn rate"), now.LogoChurnRate, before?.LogoChurnRate, vs, Flag.None));
            headlines.Add(MoneyHeadline(Label("ARPU"), now.ArpuMinor, before?.ArpuMinor, currency, vs));
            headlines.Add(MoneyHeadline(Label("LTV"), now.LtvMinor, before?.LtvMinor, currency, vs));

            blocks.Add(new SectionBlock(labelCurrency ? $"Revenue ({currency})" : "Revenue"));
            blocks.Add(KeyFigures(currency, now, before, month, previousMonth));
            blocks.Add(Movements(currency, now, before, month, previousMonth));
            if (forecasts.SingleOrDefault(f => f.Currency == currency) is { } forecast)
            {
                blocks.AddRange(Forecast(forecast));
            }
        }
        if (currencies.Count == 0)
        {
            blocks.Add(new TextBlock($"No subscription revenue is recorded for {month}."));
        }
        headlines.Add(new Headline("At-risk accounts", atRiskCounts.Total, Count(atRiskCounts.Total), $"{Count(atRiskCounts.Critical)} critical",
            atRiskCounts.Critical > 0 ? Flag.Alert : atRiskCounts.High > 0 ? Flag.Warning : Flag.Good));

        blocks.Add(new SectionBlock("Accounts at risk of churning"));
        blocks.Add(new TextBlock(atRiskCounts.Total == 0
            ? "No account is at high or critical churn risk."
            : $"{Count(atRiskCounts.Total)} account{(atRiskCounts.Total == 1 ? " is" : "s are")} at high or critical churn risk " +
              $"({Count(atRiskCounts.Critical)} critical); the {Count(Math.Min(atRisk.Count, atRiskCounts.Total))} riskiest are listed."));
        blocks.Add(new TableBlock("Top at-risk accounts",
        [
            new("Account", ColumnKind.Text, 1.3f), new("Probability", ColumnKind.Percent, 0.9f), new("Level", ColumnKind.Text, 0.7f),
            new("Top features", ColumnKind.Text, 2.4f), new("Recommended action", ColumnKind.Text, 2.2f),
        ],
        atRisk.OrderByDescending(a => a.Probability).ThenBy(a => a.AccountId, StringComparer.Ordinal).Select(a => (IReadOnlyList<Cell>)
        [
            Cell.Of(a.AccountId),
            new(AtRiskDigestReport.PercentText(a.Probability), a.Probability),
            new(a.Level, null, a.Level == "critical" ? Flag.Alert : Flag.Warning),
            Cell.Of(RiskWording.Features(a.TopFeatures)),
            Cell.Of(RiskWording.Action(a.Interventions)),
        ]).ToList()) { EmptyText = "No account is at high or critical churn risk." });

        return new ReportDocument(Title, tenant, period, generatedAt, [new HeadlineBlock(headlines), .. blocks]);
    }

    /// <summary>Change as a fraction of the previous value; null without a previous value or from 0.</summary>
    public static double? Growth(long? now, long? before) => now is { } n && before is { } b && b != 0 ? (n - b) / (double)Math.Abs(b) : null;

    private static TableBlock KeyFigures(string currency, RevenueMonth now, RevenueMonth? before, string month, string previousMonth)
    {
        IReadOnlyList<Cell> MoneyRow(string name, long? n, long? b) =>
            [Cell.Of(name), MoneyCell(n, currency), MoneyCell(b, currency), new(ChangeText(Growth(n, b)), Growth(n, b))];
        IReadOnlyList<Cell> RateRow(string name, double? n, double? b) =>
            [Cell.Of(name), RateCell(n), RateCell(b), new(PointsText(n, b) ?? "n/a", n - b)];
        return new TableBlock($"Key figures ({currency})",
            [new("Metric", ColumnKind.Text, 1.6f), new(month, ColumnKind.Number), new(previousMonth, ColumnKind.Number), new("Change", ColumnKind.Number, 0.8f)],
            [
                MoneyRow("MRR", now.MrrMinor, before?.MrrMinor),
                MoneyRow("ARR", now.ArrMinor, before?.ArrMinor),
                RateRow("Net revenue retention", now.NetRevenueRetention, before?.NetRevenueRetention),
                RateRow("Logo churn rate", now.LogoChurnRate, before?.LogoChurnRate),
                RateRow("Revenue churn rate", now.RevenueChurnRate, before?.RevenueChurnRate),
                MoneyRow("ARPU", now.ArpuMinor, before?.ArpuMinor),
                MoneyRow("LTV", now.LtvMinor, before?.LtvMinor),
                [Cell.Of("Paying accounts"), Number(now.PayingAccounts), before is null ? Cell.Of("n/a") : Number(before.PayingAccounts),
                    new(ChangeText(Growth(now.PayingAccounts, before?.PayingAccounts)), Growth(now.PayingAccounts, before?.PayingAccounts))],
            ]);
    }

    private static TableBlock Movements(string currency, RevenueMonth now, RevenueMonth? before, string month, string previousMonth)
    {
        IReadOnlyList<Cell> Row(string name, Func<RevenueMonth, long> value, int sign = 1) =>
            [Cell.Of(name), MoneyCell(sign * value(now), currency), before is null ? Cell.Of("n/a") : MoneyCell(sign * value(before), currency)];
        return new TableBlock($"MRR movements ({currency})",
            [new("Movement", ColumnKind.Text, 1.6f), new(month, ColumnKind.Money), new(previousMonth, ColumnKind.Money)],
            [
                Row("Starting MRR", m => m.StartMrrMinor),
                Row("New", m => m.NewMinor),
                Row("Expansion", m => m.ExpansionMinor),
                Row("Reactivation", m => m.ReactivationMinor),
                Row("Contraction", m => m.ContractionMinor, -1),
                Row("Churned", m => m.ChurnedMinor, -1),
                Row("Ending MRR", m => m.MrrMinor),
            ]);
    }

    private static IEnumerable<ReportBlock> Forecast(MrrForecast forecast)
    {
        var level = (forecast.Confidence * 100).ToString("0.#", Invariant) + " %";
        if (forecast.Ahead.Count == 0)
        {
            yield return new TextBlock($"No MRR forecast ({forecast.Currency}): {forecast.Note ?? "no history"}.");
            yield break;
        }
        var history = forecast.History;
        var categories = history.Select(h => h.Month).Concat(forecast.Ahead.Select(a => a.Month)).ToList();
        double? Pad(int index, Func<ForecastMonth, double> pick) => index < history.Count ? null : pick(forecast.Ahead[index - history.Count]);
        var series = new List<ChartSeries>
        {
            new("MRR", categories.Select((_, i) => i < history.Count ? history[i].Value : (double?)null).ToList()),
            // The forecast line starts at the last observed month so the two lines join.
            new("Forecast", categories.Select((_, i) => i == history.Count - 1 ? history[i].Value : Pad(i, a => a.Value)).ToList()),
            new($"Lower {level}", categories.Select((_, i) => Pad(i, a => a.Lower)).ToList()),
            new($"Upper {level}", categories.Select((_, i) => Pad(i, a => a.Upper)).ToList()),
        };
        yield return new ChartBlock($"MRR forecast ({forecast.Currency})", ChartKind.Line, categories, series, forecast.Currency);
        yield return new TableBlock($"MRR forecast ({forecast.Currency}), {level} interval",
            [new("Month", ColumnKind.Text), new("Forecast", ColumnKind.Money), new($"Lower {level}", ColumnKind.Money), new($"Upper {level}", ColumnKind.Money)],
            forecast.Ahead.Select(a => (IReadOnlyList<Cell>)
                [Cell.Of(a.Month), MajorCell(a.Value, forecast.Currency), MajorCell(a.Lower, forecast.Currency), MajorCell(a.Upper, forecast.Currency)]).ToList());
        if (forecast.Note is { } note)
        {
            yield return new TextBlock(note);
        }
    }

    private static Headline MoneyHeadline(string label, long? now, long? before, string currency, string vs) =>
        new(label, now is { } n ? (double)Money.Major(n, currency) : null, now is { } v ? Money.Text(v, currency) : "n/a", $"{ChangeText(Growth(now, before))} {vs}");

    private static Headline RateHeadline(string label, double? now, double? before, string vs, Flag flag) =>
        new(label, now, RateText(now), PointsText(now, before) is { } change ? $"{change} {vs}" : $"n/a {vs}", flag);

    /// <summary>"+5.0 %", "−3.0 %", "0.0 %", "n/a".</summary>
    public static string ChangeText(double? growth) => growth switch
    {
        null => "n/a",
        > 0 => "+" + (growth.Value * 100).ToString("0.0", Invariant) + " %",
        < 0 => "−" + (-growth.Value * 100).ToString("0.0", Invariant) + " %",
        _ => "0.0 %",
    };

    /// <summary>Difference of two rates in percentage points: "+1.25 pp", "−0.50 pp"; null when either is missing.</summary>
    public static string? PointsText(double? now, double? before) =>
        now is { } n && before is { } b ? (n >= b ? "+" : "−") + (Math.Abs(n - b) * 100).ToString("0.00", Invariant) + " pp" : null;

    public static string RateText(double? rate) => rate is { } r ? (r * 100).ToString("0.00", Invariant) + " %" : "n/a";

    private static Cell MoneyCell(long? minor, string currency) =>
        minor is { } m ? new Cell(Money.Text(m, currency), Money.Major(m, currency)) : Cell.Of("n/a");

    private static Cell MajorCell(double major, string currency)
    {
        var rounded = Math.Round((decimal)major, Money.Exponent(currency));
        return new Cell(Money.Text(rounded, currency), rounded);
    }

    private static Cell RateCell(double? rate) => new(RateText(rate), rate);

    private static Cell Number(long value) => new(Count(value), value);

    private static string Count(long value) => value.ToString("#,##0", Invariant);
}
