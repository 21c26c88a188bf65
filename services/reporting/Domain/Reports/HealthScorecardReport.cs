using System.Globalization;
using Suite.Reporting.Domain.Documents;

namespace Suite.Reporting.Domain.Reports;

/// <summary>One account's health as metrics scores it (0–100 from engagement, support and value over 30 days).</summary>
public sealed record AccountScore(string AccountId, double Score, string Band, int ActiveDays, long TicketsOpened, long Orders, long Users);

public enum EngagementTier
{
    NoUsers,
    NoActivity,
    LowEngagement,
    Normal,
    PowerUser,
}

/// <summary>
/// The monthly customer health scorecard (pure): every account's score and band, an engagement tier from its active
/// days and a recommended action, with the distribution as charts. Worst first.
/// </summary>
public static class HealthScorecardReport
{
    public const string Title = "Customer health scorecard";

    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    /// <summary>
    /// No user ever seen on the account (its events are system traffic only): no users; otherwise days with a login in
    /// the 30-day window: 0 no activity, 1–4 low, 5–19 normal, 20 or more power user.
    /// </summary>
    public static EngagementTier Tier(AccountScore a) => a switch
    {
        { Users: <= 0 } => EngagementTier.NoUsers,
        { ActiveDays: <= 0 } => EngagementTier.NoActivity,
        { ActiveDays: < 5 } => EngagementTier.LowEngagement,
        { ActiveDays: < 20 } => EngagementTier.Normal,
        _ => EngagementTier.PowerUser,
    };

    public static string TierName(EngagementTier tier) => tier switch
    {
        EngagementTier.NoUsers => "no users",
        EngagementTier.NoActivity => "no activity",
        EngagementTier.LowEngagement => "low engagement",
        EngagementTier.Normal => "normal",
        _ => "power user",
    };

    /// <summary>The first that applies, most urgent first.</summary>
    public static string Action(AccountScore a) => (a.Band, Tier(a)) switch
    {
        ("critical", _) => "Call the owner this week",
        (_, EngagementTier.NoUsers) => "Onboard: invite the account's first users",
        (_, EngagementTier.NoActivity) => "Re-onboard: no login in 30 days",
        _ when a.TicketsOpened >= 3 => "Review open support tickets",
        ("at_risk", EngagementTier.LowEngagement) => "Check-in and training session",
        ("at_risk", _) => "Review the account: few orders",
        (_, EngagementTier.PowerUser) => "Ask for a referral or case study",
        _ => "No action",
    };

    public static ReportDocument Build(string tenant, string period, DateTimeOffset generatedAt, IReadOnlyList<AccountScore> accounts, int healthy, int atRisk, int critical)
    {
        var total = healthy + atRisk + critical;
        var ordered = accounts.OrderBy(a => a.Score).ThenBy(a => a.AccountId, StringComparer.Ordinal).ToList();
        double? average = accounts.Count == 0 ? null : accounts.Average(a => a.Score);
        var tiers = Enum.GetValues<EngagementTier>().Select(t => (Tier: t, Count: accounts.Count(a => Tier(a) == t))).ToList();

        var headlines = new List<Headline>
        {
            new("Accounts", total, total.ToString("#,##0", Invariant)),
            new("Healthy", healthy, Share(healthy, total), Flag: Flag.Good),
            new("At risk", atRisk, Share(atRisk, total), Flag: atRisk > 0 ? Flag.Warning : Flag.None),
            new("Critical", critical, Share(critical, total), Flag: critical > 0 ? Flag.Alert : Flag.None),
            new("Average score", average, average is { } v ? v.ToString("0.0", Invariant) : "n/a"),
        };
        var table = new TableBlock("Accounts, worst first",
        [
            new("Account", ColumnKind.Text, 1.3f), new("Score", ColumnKind.Number, 0.6f), new("Band", ColumnKind.Text, 0.7f),
            new("Engagement", ColumnKind.Text, 1.2f), new("Users", ColumnKind.Number, 0.5f), new("Days", ColumnKind.Number, 0.5f), new("Tickets", ColumnKind.Number, 0.65f),
            new("Orders", ColumnKind.Number, 0.6f), new("Recommended action", ColumnKind.Text, 2.45f),
        ],
        ordered.Select(a => (IReadOnlyList<Cell>)
        [
            Cell.Of(a.AccountId),
            new(a.Score.ToString("0.0", Invariant), a.Score),
            new(BandName(a.Band), null, a.Band switch { "critical" => Flag.Alert, "at_risk" => Flag.Warning, _ => Flag.Good }),
            Cell.Of(TierName(Tier(a))),
            new(a.Users.ToString("#,##0", Invariant), a.Users),
            new(a.ActiveDays.ToString(Invariant), (long)a.ActiveDays),
            new(a.TicketsOpened.ToString(Invariant), a.TicketsOpened),
            new(a.Orders.ToString(Invariant), a.Orders),
            Cell.Of(Action(a)),
        ]).ToList());

        var buckets = Enumerable.Range(0, 10).Select(i => $"{i * 10}–{(i == 9 ? 100 : i * 10 + 9)}").ToList();
        var histogram = Enumerable.Range(0, 10).Select(i => (double?)accounts.Count(a => Math.Min(9, (int)(a.Score / 10)) == i)).ToList();
        return new ReportDocument(Title, tenant, period, generatedAt,
        [
            new HeadlineBlock(headlines),
            new ChartBlock("Accounts by band", ChartKind.Pie, ["Healthy", "At risk", "Critical"], [new ChartSeries("Accounts", [healthy, atRisk, critical])]),
            new ChartBlock("Health score distribution", ChartKind.Bar, buckets, [new ChartSeries("Accounts", histogram)], "accounts"),
            new TableBlock("Engagement tiers", [new("Tier", ColumnKind.Text, 2f), new("Accounts", ColumnKind.Number)],
                tiers.Select(t => (IReadOnlyList<Cell>)[Cell.Of(TierName(t.Tier)), new(t.Count.ToString(Invariant), (long)t.Count)]).ToList()),
            new SectionBlock("Accounts"),
            accounts.Count < total ? new TextBlock($"The {accounts.Count:#,##0} lowest-scoring of {total:#,##0} accounts are listed.") : new TextBlock($"All {total:#,##0} accounts are listed."),
            table,
        ]);
    }

    public static string BandName(string band) => band switch
    {
        "at_risk" => "at risk",
        _ => band,
    };

    private static string Share(int part, int total) =>
        total == 0 ? "0" : $"{part.ToString("#,##0", Invariant)} ({(100.0 * part / total).ToString("0.0", Invariant)} %)";
}
