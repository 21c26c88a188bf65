using Suite.Contracts.Events;
using Suite.Metrics.Domain;

namespace Suite.Metrics.Tests.Domain;

/// <summary>
/// A worked example over January–April 2025 (EUR, amounts = MRR in cents after the event), every movement kind.
/// Jan: A starts 1000, B starts 2000, C starts 500.
/// Feb: A changes to 1500 (expansion), B changes to 1200 (contraction), C cancels (churn), D starts 3000 (new).
/// Mar: A cancels (churn), C starts again 700 (reactivation), B renews 1200 (no change), D 3000 → 2500 → 3500
///      (net expansion), E starts 400 and cancels within the month (0 → 0: no movement).
/// Apr: B renews, E starts again 600 (reactivation: paid in March though never at a month end), F starts 100 (new).
/// </summary>
public class RevenueTests
{
    private const string Sub = Revenue.Domain;
    private static DateTimeOffset At(int month, int day, int hour = 12) => new(2025, month, day, hour, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset Jan = At(1, 1, 0), Feb = At(2, 1, 0), Mar = At(3, 1, 0), Apr = At(4, 1, 0);

    public static readonly IReadOnlyList<IngestedEvent> Example =
    [
        E("A", At(1, 5), Revenue.Started, 1000), E("B", At(1, 10), Revenue.Started, 2000), E("C", At(1, 20), Revenue.Started, 500),
        E("A", At(2, 3), Revenue.Changed, 1500), E("B", At(2, 10), Revenue.Changed, 1200), E("C", At(2, 20), Revenue.Cancelled, 500),
        E("D", At(2, 28, 23), Revenue.Started, 3000),
        E("A", At(3, 2), Revenue.Cancelled, null), E("C", At(3, 4), Revenue.Started, 700), E("B", At(3, 10), Revenue.Renewed, 1200),
        E("D", At(3, 11), Revenue.Changed, 2500), E("D", At(3, 12), Revenue.Changed, 3500),
        E("E", At(3, 15), Revenue.Started, 400), E("E", At(3, 25), Revenue.Cancelled, 0),
        E("B", At(4, 10), Revenue.Renewed, 1200), E("E", At(4, 12), Revenue.Started, 600), E("F", At(4, 30, 23), Revenue.Started, 100),
    ];

    private static IngestedEvent E(string account, DateTimeOffset at, string type, long? amount) =>
        new(Guid.NewGuid(), Sub, type, at, null, account, null, null, null, null, amount, "EUR", null);

    private static RevenueMonth Month(DateTimeOffset start) => Revenue.Compute(Revenue.Select(Example), start).Single();

    [Fact]
    public void January_everything_is_new()
    {
        // Start (end of December) 0; end A 1000 + B 2000 + C 500 = 3500, all new. ARPU 3500 / 3 = 1166.67 → 1167.
        // No start MRR or accounts: churn rates, NRR, GRR, LTV undefined; no contraction or churn: no quick ratio.
        Assert.Equal(new RevenueMonth("EUR", Mrr: 3500, StartMrr: 0, NewMrr: 3500, ExpansionMrr: 0, ContractionMrr: 0, ChurnedMrr: 0, ReactivationMrr: 0,
            PayingAccounts: 3, StartPayingAccounts: 0, NewAccounts: 3, ChurnedAccounts: 0, ReactivatedAccounts: 0,
            Arpu: 1167, LogoChurnRate: null, RevenueChurnRate: null, NetRevenueRetention: null, GrossRevenueRetention: null, QuickRatio: null, Ltv: null),
            Month(Jan));
        Assert.Equal(42_000, Month(Jan).Arr);
    }

    [Fact]
    public void February_has_new_expansion_contraction_and_churn()
    {
        // Start 3500 (A 1000, B 2000, C 500; 3 accounts). End A 1500 + B 1200 + D 3000 = 5700 (C at 0).
        // new D 3000, expansion A +500, contraction B −800, churn C 500: 3500 + 3000 + 500 − 800 − 500 = 5700.
        // ARPU 5700 / 3 = 1900; logo churn 1/3; revenue churn (500 + 800) / 3500; NRR (3500 + 500 − 800 − 500) / 3500 = 2700/3500;
        // GRR (3500 − 800 − 500) / 3500 = 2200/3500; quick ratio (3000 + 500 + 0) / (800 + 500) = 3500/1300; LTV 1900 / (1/3) = 5700.
        var m = Month(Feb);
        Assert.Equal((5700L, 3500L, 3000L, 500L, 800L, 500L, 0L), (m.Mrr, m.StartMrr, m.NewMrr, m.ExpansionMrr, m.ContractionMrr, m.ChurnedMrr, m.ReactivationMrr));
        Assert.Equal((3, 3, 1, 1, 0), (m.PayingAccounts, m.StartPayingAccounts, m.NewAccounts, m.ChurnedAccounts, m.ReactivatedAccounts));
        Assert.Equal(1900, m.Arpu);
        Assert.Equal(1.0 / 3, m.LogoChurnRate!.Value, 12);
        Assert.Equal(1300.0 / 3500, m.RevenueChurnRate!.Value, 12);
        Assert.Equal(2700.0 / 3500, m.NetRevenueRetention!.Value, 12);
        Assert.Equal(2200.0 / 3500, m.GrossRevenueRetention!.Value, 12);
        Assert.Equal(3500.0 / 1300, m.QuickRatio!.Value, 12);
        Assert.Equal(5700, m.Ltv);
    }

    [Fact]
    public void March_has_churn_reactivation_and_net_expansion()
    {
        // Start 5700 (A 1500, B 1200, D 3000). End B 1200 + C 700 + D 3500 = 5400 (A and E at 0).
        // churn A 1500, reactivation C 700 (paid in January), expansion D +500 (3000 → 3500; the 2500 in between does not count),
        // B renewed unchanged, E 0 → 0 nothing: 5700 + 700 + 500 − 1500 = 5400.
        // ARPU 1800; logo churn 1/3; revenue churn 1500/5700; NRR (5700 + 500 − 1500)/5700 = 4700/5700; GRR 4200/5700;
        // quick ratio (0 + 500 + 700) / 1500 = 0.8; LTV 1800 / (1/3) = 5400.
        var m = Month(Mar);
        Assert.Equal((5400L, 5700L, 0L, 500L, 0L, 1500L, 700L), (m.Mrr, m.StartMrr, m.NewMrr, m.ExpansionMrr, m.ContractionMrr, m.ChurnedMrr, m.ReactivationMrr));
        Assert.Equal((3, 3, 0, 1, 1), (m.PayingAccounts, m.StartPayingAccounts, m.NewAccounts, m.ChurnedAccounts, m.ReactivatedAccounts));
        Assert.Equal(1800, m.Arpu);
        Assert.Equal(1.0 / 3, m.LogoChurnRate!.Value, 12);
        Assert.Equal(1500.0 / 5700, m.RevenueChurnRate!.Value, 12);
        Assert.Equal(4700.0 / 5700, m.NetRevenueRetention!.Value, 12);
        Assert.Equal(4200.0 / 5700, m.GrossRevenueRetention!.Value, 12);
        Assert.Equal(0.8, m.QuickRatio!.Value, 12);
        Assert.Equal(5400, m.Ltv);
    }

    [Fact]
    public void April_without_losses_has_no_quick_ratio_or_ltv()
    {
        // Start 5400 (B 1200, C 700, D 3500). End + E 600 (reactivation: paid in March) + F 100 (new) = 6100.
        // ARPU 6100 / 5 = 1220; logo churn 0/3 = 0 → LTV undefined; revenue churn 0; NRR = GRR = 5400/5400 = 1;
        // contraction + churn = 0 → quick ratio undefined.
        Assert.Equal(new RevenueMonth("EUR", Mrr: 6100, StartMrr: 5400, NewMrr: 100, ExpansionMrr: 0, ContractionMrr: 0, ChurnedMrr: 0, ReactivationMrr: 600,
            PayingAccounts: 5, StartPayingAccounts: 3, NewAccounts: 1, ChurnedAccounts: 0, ReactivatedAccounts: 1,
            Arpu: 1220, LogoChurnRate: 0, RevenueChurnRate: 0, NetRevenueRetention: 1, GrossRevenueRetention: 1, QuickRatio: null, Ltv: null),
            Month(Apr));
    }

    [Fact]
    public void Every_month_end_equals_start_plus_movements()
    {
        foreach (var start in new[] { Jan, Feb, Mar, Apr, At(5, 1, 0) })
        {
            var m = Month(start);
            Assert.Equal(m.Mrr, m.StartMrr + m.NewMrr + m.ReactivationMrr + m.ExpansionMrr - m.ContractionMrr - m.ChurnedMrr);
        }
        Assert.Equal(Month(Apr).Mrr, Month(At(5, 1, 0)).StartMrr);
    }

    [Fact]
    public void Only_subscription_events_with_an_account_count_and_cancel_means_zero()
    {
        IngestedEvent[] events =
        [
            new(Guid.NewGuid(), "payments", Revenue.Started, At(1, 2), null, "X", null, null, null, null, 999, "EUR", null),
            new(Guid.NewGuid(), Sub, Revenue.Started, At(1, 2), null, null, null, null, null, null, 999, "EUR", null),
            new(Guid.NewGuid(), Sub, "TRIAL_STARTED", At(1, 2), null, "X", null, null, null, null, 999, "EUR", null),
            new(Guid.NewGuid(), Sub, Revenue.Cancelled, At(1, 3), null, "Y", null, null, null, null, 999, null, null),
        ];
        var selected = Revenue.Select(events);
        Assert.Equal(("Y", 0L, ""), (selected.Single().AccountId, selected.Single().AmountMinor, selected.Single().Currency));
    }

    [Fact]
    public void Currencies_are_reported_apart()
    {
        var events = Revenue.Select(
        [
            new(Guid.NewGuid(), Sub, Revenue.Started, At(1, 2), null, "X", null, null, null, null, 100, "USD", null),
            new(Guid.NewGuid(), Sub, Revenue.Started, At(1, 2), null, "Y", null, null, null, null, 200, "EUR", null),
        ]);
        Assert.Equal([("EUR", 200L), ("USD", 100L)], Revenue.Compute(events, Jan).Select(m => (m.Currency, m.Mrr)));
    }

    [Theory]
    [InlineData("2025-02", true)]
    [InlineData("1999-12", true)]
    [InlineData("2025-13", false)]
    [InlineData("2025-2", false)]
    [InlineData("2025-02-01", false)]
    [InlineData("", false)]
    [InlineData("feb", false)]
    public void Months_are_YYYY_MM(string month, bool valid)
    {
        var (start, violations) = Revenue.ParseMonth(month);
        Assert.Equal(valid, start is not null);
        Assert.Equal(valid ? [] : ["month"], violations.Select(v => v.Field));
    }
}
