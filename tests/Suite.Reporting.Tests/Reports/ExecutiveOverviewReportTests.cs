using Suite.Reporting.Domain.Documents;
using Suite.Reporting.Domain.Reports;

namespace Suite.Reporting.Tests.Reports;

public sealed class ExecutiveOverviewReportTests
{
    // February: 12,000 → 12,500 EUR (new 1,000, expansion 500, contraction 200, churned 800); January: 11,000 → 12,000.
    public static readonly RevenueMonth February = new("EUR", 1_250_000, 15_000_000, 1_200_000, 100_000, 50_000, 20_000, 80_000, 0, 50,
        ArpuMinor: 25_000, LogoChurnRate: 0.04, RevenueChurnRate: 100_000 / 1_200_000.0, NetRevenueRetention: 1_150_000 / 1_200_000.0, LtvMinor: 625_000);
    public static readonly RevenueMonth January = new("EUR", 1_200_000, 14_400_000, 1_100_000, 150_000, 30_000, 10_000, 70_000, 0, 50,
        ArpuMinor: 24_000, LogoChurnRate: 0.05, RevenueChurnRate: 80_000 / 1_100_000.0, NetRevenueRetention: 1_050_000 / 1_100_000.0, LtvMinor: 480_000);

    [Theory]
    [InlineData(1_250_000L, 1_200_000L, 0.0416666666666667)]
    [InlineData(900L, 1_000L, -0.1)]
    [InlineData(5L, 0L, null)]        // from nothing: no base to compare
    [InlineData(null, 100L, null)]
    [InlineData(-50L, -100L, 0.5)]    // against a negative base the sign still says better or worse
    public void Growth_is_relative_to_the_previous_month(long? now, long? before, double? growth)
    {
        var actual = ExecutiveOverviewReport.Growth(now, before);
        Assert.Equal(growth.HasValue, actual.HasValue);
        if (growth is { } g)
        {
            Assert.Equal(g, actual!.Value, 12);
        }
    }

    [Theory]
    [InlineData("EUR", 1_234_567L, "EUR 12,345.67")]
    [InlineData("JPY", 1_234_567L, "JPY 1,234,567")]
    [InlineData("KWD", 1_234_567L, "KWD 1,234.567")]
    [InlineData("usd", -250L, "usd -2.50")]
    public void Money_prints_in_currency_units(string currency, long minor, string text) =>
        Assert.Equal(text, Money.Text(minor, currency));

    [Fact]
    public void Headlines_compare_the_month_with_the_one_before()
    {
        var document = Build([February], [January], [], [], new RiskCounts(2, 3));

        var headlines = document.Headlines.ToDictionary(h => h.Label);
        Assert.Equal(["MRR", "ARR", "NRR", "Churn rate", "ARPU", "LTV", "At-risk accounts"], headlines.Keys);
        Assert.Equal(("EUR 12,500.00", "+4.2 % vs 2026-01"), (headlines["MRR"].Text, headlines["MRR"].Change));
        Assert.Equal(12_500, headlines["MRR"].Value);
        Assert.Equal(("EUR 150,000.00", "+4.2 % vs 2026-01"), (headlines["ARR"].Text, headlines["ARR"].Change));
        Assert.Equal(("95.83 %", "+0.38 pp vs 2026-01", Flag.Warning), (headlines["NRR"].Text, headlines["NRR"].Change, headlines["NRR"].Flag));
        Assert.Equal(("4.00 %", "−1.00 pp vs 2026-01"), (headlines["Churn rate"].Text, headlines["Churn rate"].Change));
        Assert.Equal(("EUR 250.00", "+4.2 % vs 2026-01"), (headlines["ARPU"].Text, headlines["ARPU"].Change));
        Assert.Equal(("EUR 6,250.00", "+30.2 % vs 2026-01"), (headlines["LTV"].Text, headlines["LTV"].Change));
        Assert.Equal(("5", "2 critical", Flag.Alert), (headlines["At-risk accounts"].Text, headlines["At-risk accounts"].Change, headlines["At-risk accounts"].Flag));

        var movements = document.Tables.Single(t => t.Title == "MRR movements (EUR)");
        Assert.Equal(["Movement", "2026-02", "2026-01"], movements.Columns.Select(c => c.Header));
        Assert.Equal(
            [
                ["Starting MRR", "EUR 12,000.00", "EUR 11,000.00"], ["New", "EUR 1,000.00", "EUR 1,500.00"], ["Expansion", "EUR 500.00", "EUR 300.00"],
                ["Reactivation", "EUR 0.00", "EUR 0.00"], ["Contraction", "EUR -200.00", "EUR -100.00"], ["Churned", "EUR -800.00", "EUR -700.00"],
                ["Ending MRR", "EUR 12,500.00", "EUR 12,000.00"],
            ],
            movements.Rows.Select(r => r.Select(c => c.Text).ToArray()).ToArray());
        Assert.Equal(-800m, movements.Rows[5][1].Value);

        var figures = document.Tables.Single(t => t.Title == "Key figures (EUR)").Rows.ToDictionary(r => r[0].Text, r => r.Select(c => c.Text).ToArray());
        Assert.Equal(["Revenue churn rate", "8.33 %", "7.27 %", "+1.06 pp"], figures["Revenue churn rate"]);
        Assert.Equal(["Paying accounts", "50", "50", "0.0 %"], figures["Paying accounts"]);
    }

    [Fact]
    public void The_forecast_joins_the_history_and_carries_its_interval()
    {
        var forecast = new MrrForecast("EUR", [new("2025-12", 100), new("2026-01", 110), new("2026-02", 120)],
            [new("2026-03", 130, 125, 135), new("2026-04", 140.004, 132, 148)], 0.95);
        var document = Build([February], [January], [forecast], [], new RiskCounts(0, 0));

        var chart = document.Charts.Single(c => c.Title == "MRR forecast (EUR)");
        Assert.Equal(["2025-12", "2026-01", "2026-02", "2026-03", "2026-04"], chart.Categories);
        Assert.Equal(["MRR", "Forecast", "Lower 95 %", "Upper 95 %"], chart.Series.Select(s => s.Name));
        Assert.Equal([100, 110, 120, null, null], chart.Series[0].Values);
        Assert.Equal([null, null, 120, 130, 140.004], chart.Series[1].Values);
        Assert.Equal([null, null, null, 125, 132], chart.Series[2].Values);
        Assert.Equal([null, null, null, 135, 148], chart.Series[3].Values);
        var table = document.Tables.Single(t => t.Title == "MRR forecast (EUR), 95 % interval");
        Assert.Equal(["2026-04", "EUR 140.00", "EUR 132.00", "EUR 148.00"], table.Rows[1].Select(c => c.Text));
        Assert.Equal(140.00m, table.Rows[1][1].Value);

        var none = Build([February], [January], [new MrrForecast("EUR", [new("2026-02", 120)], [], 0.95, "1 month(s) of MRR history; at least 6 are needed")], [], new RiskCounts(0, 0));
        Assert.Empty(none.Charts);
        Assert.Contains(none.Blocks.OfType<TextBlock>(), t => t.Text == "No MRR forecast (EUR): 1 month(s) of MRR history; at least 6 are needed.");
    }

    [Fact]
    public void Several_currencies_are_labelled_and_a_new_one_has_no_change()
    {
        var yen = new RevenueMonth("JPY", 500_000, 6_000_000, 0, 500_000, 0, 0, 0, 0, 5, 100_000, null, null, null, null);
        var document = Build([yen, February], [January], [], [], new RiskCounts(0, 0));

        var headlines = document.Headlines.ToDictionary(h => h.Label);
        Assert.Equal(("EUR 12,500.00", "+4.2 % vs 2026-01"), (headlines["MRR (EUR)"].Text, headlines["MRR (EUR)"].Change));
        Assert.Equal(("JPY 500,000", "n/a vs 2026-01"), (headlines["MRR (JPY)"].Text, headlines["MRR (JPY)"].Change));
        Assert.Equal(("n/a", "n/a vs 2026-01", Flag.None), (headlines["NRR (JPY)"].Text, headlines["NRR (JPY)"].Change, headlines["NRR (JPY)"].Flag));
        Assert.Equal(["EUR", "JPY"], document.Blocks.OfType<SectionBlock>().Take(2).Select(s => s.Title[^4..^1]));
        Assert.Equal(["New", "JPY 500,000", "n/a"], document.Tables.Single(t => t.Title == "MRR movements (JPY)").Rows[1].Select(c => c.Text));
    }

    [Fact]
    public void At_risk_accounts_are_listed_riskiest_first()
    {
        AtRiskAccount[] accounts =
        [
            new("a-2", 0.61, "high", null, ["open_tickets"], []),
            new("a-1", 0.88, "critical", null, ["days_since_last_login", "logins_30d"], ["personal_call"]),
        ];
        var document = Build([], [], [], accounts, new RiskCounts(1, 4));

        var table = document.Tables.Single(t => t.Title == "Top at-risk accounts");
        Assert.Equal([["a-1", "88.0 %", "critical", "inactivity, few logins", "personal call"], ["a-2", "61.0 %", "high", "open tickets", "review the account"]],
            table.Rows.Select(r => r.Select(c => c.Text).ToArray()).ToArray());
        Assert.Contains(document.Blocks.OfType<TextBlock>(), t => t.Text == "No subscription revenue is recorded for 2026-02.");
        Assert.Contains(document.Blocks.OfType<TextBlock>(), t => t.Text == "5 accounts are at high or critical churn risk (1 critical); the 2 riskiest are listed.");
    }

    private static ReportDocument Build(IReadOnlyList<RevenueMonth> current, IReadOnlyList<RevenueMonth> previous, IReadOnlyList<MrrForecast> forecasts,
        IReadOnlyList<AtRiskAccount> atRisk, RiskCounts counts) =>
        ExecutiveOverviewReport.Build("acme", "2026-02", DateTimeOffset.UnixEpoch, "2026-02", "2026-01", current, previous, forecasts, atRisk, counts);
}
