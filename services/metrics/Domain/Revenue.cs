using System.Globalization;
using Suite.Contracts.Events;
using Suite.ServiceDefaults.Grpc;

namespace Suite.Metrics.Domain;

/// <summary>One subscription event: the account's monthly recurring amount after it (0 after a cancellation).</summary>
public sealed record SubscriptionEvent(Guid EventId, string AccountId, DateTimeOffset OccurredAt, string Type, long AmountMinor, string Currency);

/// <summary>One currency's revenue metrics for a month. Money in minor units; null = undefined (division by zero).</summary>
public sealed record RevenueMonth(
    string Currency, long Mrr, long StartMrr, long NewMrr, long ExpansionMrr, long ContractionMrr, long ChurnedMrr, long ReactivationMrr,
    int PayingAccounts, int StartPayingAccounts, int NewAccounts, int ChurnedAccounts, int ReactivatedAccounts,
    long? Arpu, double? LogoChurnRate, double? RevenueChurnRate, double? NetRevenueRetention, double? GrossRevenueRetention,
    double? QuickRatio, long? Ltv)
{
    public long Arr => 12 * Mrr;
}

/// <summary>
/// Subscription revenue per UTC month. An account's MRR at an instant is the amount of its latest event at or before
/// it (events ordered by occurred_at, then event id); SUBSCRIPTION_CANCELLED sets it to 0 whatever the amount says.
/// Month M compares each account's MRR at the end of M (s → e, start = end of M−1):
/// s = 0, e &gt; 0: new, or reactivation when the account had MRR &gt; 0 at any time before M;
/// s &gt; 0: e &gt; s expansion, 0 &lt; e &lt; s contraction, e = 0 churn. So end = start + new + reactivation + expansion − contraction − churn.
/// </summary>
public static class Revenue
{
    public const string Domain = "subscriptions";
    public const string Started = "SUBSCRIPTION_STARTED";
    public const string Renewed = "SUBSCRIPTION_RENEWED";
    public const string Changed = "SUBSCRIPTION_CHANGED";
    public const string Cancelled = "SUBSCRIPTION_CANCELLED";
    private static readonly HashSet<string> Types = [Started, Renewed, Changed, Cancelled];

    /// <summary>The subscription events of a batch that carry an account (missing amount = 0, missing currency = '').</summary>
    public static IReadOnlyList<SubscriptionEvent> Select(IEnumerable<IngestedEvent> events) =>
        events
            .Where(e => e.Domain == Domain && Types.Contains(e.Type) && !string.IsNullOrEmpty(e.AccountId))
            .Select(e => new SubscriptionEvent(e.EventId, e.AccountId!, e.OccurredAt, e.Type, e.Type == Cancelled ? 0 : Math.Max(0, e.AmountMinor ?? 0), e.Currency ?? ""))
            .ToList();

    /// <summary>Parses "YYYY-MM" to the first UTC instant of the month.</summary>
    public static (DateTimeOffset? Start, IReadOnlyList<FieldViolation> Violations) ParseMonth(string month)
    {
        if (DateTime.TryParseExact(month, "yyyy-MM", CultureInfo.InvariantCulture, DateTimeStyles.None, out var parsed) && month.Length == 7)
        {
            return (new DateTimeOffset(parsed, TimeSpan.Zero), []);
        }
        return (null, [new FieldViolation("month", string.IsNullOrEmpty(month) ? "is required" : "must be a month YYYY-MM")]);
    }

    /// <summary>The month starting at <paramref name="monthStart"/> (UTC), one entry per currency, ordered by currency.</summary>
    public static IReadOnlyList<RevenueMonth> Compute(IEnumerable<SubscriptionEvent> events, DateTimeOffset monthStart) =>
        events.GroupBy(e => e.Currency, StringComparer.Ordinal)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => ComputeCurrency(g.Key, g.ToList(), monthStart, monthStart.AddMonths(1)))
            .ToList();

    private static RevenueMonth ComputeCurrency(string currency, IReadOnlyList<SubscriptionEvent> events, DateTimeOffset start, DateTimeOffset end)
    {
        long startMrr = 0, mrr = 0, newMrr = 0, expansion = 0, contraction = 0, churned = 0, reactivation = 0;
        int paying = 0, startPaying = 0, newAccounts = 0, churnedAccounts = 0, reactivated = 0;
        foreach (var account in events.GroupBy(e => e.AccountId, StringComparer.Ordinal))
        {
            var ordered = account.OrderBy(e => e.OccurredAt).ThenBy(e => e.EventId).ToList();
            var s = MrrAt(ordered, start);
            var e = MrrAt(ordered, end);
            startMrr += s;
            mrr += e;
            startPaying += s > 0 ? 1 : 0;
            paying += e > 0 ? 1 : 0;
            if (s == 0 && e > 0)
            {
                if (ordered.Any(x => x.OccurredAt < start && x.AmountMinor > 0))
                {
                    reactivation += e;
                    reactivated++;
                }
                else
                {
                    newMrr += e;
                    newAccounts++;
                }
            }
            else if (s > 0 && e == 0)
            {
                churned += s;
                churnedAccounts++;
            }
            else if (s > 0 && e > s)
            {
                expansion += e - s;
            }
            else if (s > 0 && e < s)
            {
                contraction += s - e;
            }
        }
        double? PerStartMrr(long value) => startMrr == 0 ? null : (double)value / startMrr;
        long? arpu = paying == 0 ? null : (long)Math.Round((double)mrr / paying, MidpointRounding.AwayFromZero);
        double? logoChurn = startPaying == 0 ? null : (double)churnedAccounts / startPaying;
        long? ltv = paying == 0 || logoChurn is not > 0 ? null : (long)Math.Round((double)mrr / paying / logoChurn.Value, MidpointRounding.AwayFromZero);
        return new RevenueMonth(currency, mrr, startMrr, newMrr, expansion, contraction, churned, reactivation,
            paying, startPaying, newAccounts, churnedAccounts, reactivated,
            arpu, logoChurn, PerStartMrr(churned + contraction), PerStartMrr(startMrr + expansion - contraction - churned),
            PerStartMrr(startMrr - contraction - churned),
            contraction + churned == 0 ? null : (double)(newMrr + expansion + reactivation) / (contraction + churned), ltv);
    }

    /// <summary>The MRR after the last event strictly before <paramref name="instant"/> (0 with none).</summary>
    private static long MrrAt(IReadOnlyList<SubscriptionEvent> ordered, DateTimeOffset instant) =>
        ordered.LastOrDefault(e => e.OccurredAt < instant)?.AmountMinor ?? 0;
}
