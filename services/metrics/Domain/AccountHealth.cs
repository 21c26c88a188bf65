using Suite.Contracts.Events;

namespace Suite.Metrics.Domain;

public enum HealthBand { Critical, AtRisk, Healthy }

/// <summary>An account's activity of one UTC day: what the health score reads.</summary>
public sealed record AccountDay(string AccountId, DateOnly Day, long Events, long Logins, long TicketsOpened, long Orders);

/// <summary>An account's activity over the scoring window.</summary>
public sealed record AccountWindow(string AccountId, int ActiveDays, long TicketsOpened, long Orders);

public sealed record AccountScore(string AccountId, double Engagement, double Support, double Value, double Score, HealthBand Band, AccountWindow Window);

/// <summary>
/// Customer health score 0–100 per account over the 30 UTC days ending with the scored day (pure):
/// engagement 40 × min(1, days with a login / 20) + support 30 × (1 − min(tickets opened, 3) / 3) + value
/// 30 × min(1, orders / 5); Healthy ≥ 70, At-Risk ≥ 40, else Critical. Only accounts with an event in the window
/// are scored.
/// </summary>
public static class AccountHealth
{
    public const int WindowDays = 30;
    public const int FullyEngagedDays = 20;
    public const int TicketsForZeroSupport = 3;
    public const int OrdersForFullValue = 5;

    public static AccountScore Score(AccountWindow w)
    {
        var engagement = 40.0 * Math.Min(1.0, (double)w.ActiveDays / FullyEngagedDays);
        var support = 30.0 * (TicketsForZeroSupport - Math.Min(w.TicketsOpened, TicketsForZeroSupport)) / TicketsForZeroSupport;
        var value = 30.0 * Math.Min(1.0, (double)w.Orders / OrdersForFullValue);
        var score = Math.Round(engagement + support + value, 1, MidpointRounding.AwayFromZero);
        return new AccountScore(w.AccountId, engagement, support, value, score, BandOf(score), w);
    }

    /// <summary>Accounts whose band differs from the previous day's (accounts without a previous score are new, not changed).</summary>
    public static IReadOnlyList<(AccountScore Current, double PreviousScore, HealthBand PreviousBand)> BandChanges(
        IReadOnlyDictionary<string, double> previousScores, IEnumerable<AccountScore> current) =>
        current
            .Where(s => previousScores.TryGetValue(s.AccountId, out var before) && BandOf(before) != s.Band)
            .Select(s => (s, previousScores[s.AccountId], BandOf(previousScores[s.AccountId])))
            .ToList();

    public static string Name(this HealthBand band) => band switch
    {
        HealthBand.Healthy => "healthy",
        HealthBand.AtRisk => "at_risk",
        _ => "critical",
    };

    public static HealthBand BandOf(double score) => score >= 70 ? HealthBand.Healthy : score >= 40 ? HealthBand.AtRisk : HealthBand.Critical;

    /// <summary>The first and last day of the window that ends with <paramref name="day"/>.</summary>
    public static (DateOnly First, DateOnly Last) WindowOf(DateOnly day) => (day.AddDays(1 - WindowDays), day);

    /// <summary>The first UTC day of each (account, user) pair in a batch, in key order for the upsert.</summary>
    public static IReadOnlyList<(string AccountId, string UserId, DateOnly FirstSeen)> AccountUsers(IEnumerable<IngestedEvent> events) =>
        events
            .Where(e => !string.IsNullOrEmpty(e.AccountId) && !string.IsNullOrEmpty(e.UserId))
            .GroupBy(e => (Account: e.AccountId!, User: e.UserId!))
            .Select(g => (g.Key.Account, g.Key.User, DateOnly.FromDateTime(g.Min(e => e.OccurredAt).UtcDateTime)))
            .OrderBy(p => p.Item1, StringComparer.Ordinal).ThenBy(p => p.Item2, StringComparer.Ordinal)
            .ToList();

    /// <summary>A batch's events with an account, summed per (account, UTC day), in key order for the upsert.</summary>
    public static IReadOnlyList<AccountDay> Aggregate(IEnumerable<IngestedEvent> events) =>
        events
            .Where(e => !string.IsNullOrEmpty(e.AccountId))
            .GroupBy(e => (Account: e.AccountId!, Day: DateOnly.FromDateTime(e.OccurredAt.UtcDateTime)))
            .Select(g => new AccountDay(g.Key.Account, g.Key.Day, g.LongCount(),
                g.LongCount(e => e is { Domain: "auth", Type: "LOGIN" }),
                g.LongCount(e => e is { Domain: "support", Type: "TICKET_OPENED" }),
                g.LongCount(e => e is { Domain: "orders", Type: "ORDER_PLACED" })))
            .OrderBy(r => r.AccountId, StringComparer.Ordinal)
            .ThenBy(r => r.Day)
            .ToList();
}
