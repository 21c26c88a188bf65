using System.Globalization;
using Suite.Contracts.Events;

namespace Suite.Predictions.Features;

public sealed record LoginFact(Guid EventId, string UserId, string? AccountId, DateTimeOffset OccurredAt, bool Success, string? IpHash, string? DeviceHash, string? Country, string? SessionId);
public sealed record SessionFact(string SessionId, string AccountId, DateTimeOffset StartedAt);
public sealed record NotificationDay(string AccountId, DateOnly Day, int Sent, int Clicked);
public sealed record TicketFact(string TicketId, string? AccountId, DateTimeOffset? OpenedAt, DateTimeOffset? ResolvedAt);
public sealed record FeatureUse(string AccountId, string Feature, DateTimeOffset FirstUsed);
public sealed record AccountMark(string AccountId, DateTimeOffset At);
public sealed record QuoteFact(string QuoteId, string? AccountId, DateTimeOffset RequestedAt, double Value, int LineItems, bool Portal);
public sealed record OrderFact(Guid EventId, string? AccountId, string? QuoteId, DateTimeOffset OrderedAt);
public sealed record ExportFact(Guid EventId, string UserId, DateTimeOffset OccurredAt, long Rows);
public sealed record UserMark(string UserId, DateTimeOffset At);

/// <summary>
/// What the feature store keeps from a batch of ingested events (pure). The event vocabulary, by domain/type:
/// auth/LOGIN and auth/LOGIN_FAILED (properties ip_hash, device_hash; country_code), auth/COMPROMISE_CONFIRMED,
/// support/TICKET_OPENED, TICKET_RESOLVED and TICKET_CLOSED (ticket = entity_id), product/FEATURE_USED (feature =
/// properties.feature, else entity_id), notifications/NOTIFICATION_SENT and NOTIFICATION_CLICKED,
/// subscriptions/SUBSCRIPTION_CANCELLED, quotes/QUOTE_REQUESTED (quote = entity_id; value = amount_minor / 100;
/// properties.line_items, default 1; portal = service_code "portal"), orders/ORDER_PLACED (properties.quote_id),
/// any */EXPORT_REQUESTED (properties.rows). Every event with an account counts for the account's first sighting,
/// and its session_id for the account's sessions.
/// </summary>
public sealed record FeatureFacts(
    IReadOnlyList<AccountMark> Accounts,
    IReadOnlyList<LoginFact> Logins,
    IReadOnlyList<SessionFact> Sessions,
    IReadOnlyList<NotificationDay> Notifications,
    IReadOnlyList<TicketFact> Tickets,
    IReadOnlyList<FeatureUse> FeatureUses,
    IReadOnlyList<AccountMark> Cancellations,
    IReadOnlyList<QuoteFact> Quotes,
    IReadOnlyList<OrderFact> Orders,
    IReadOnlyList<ExportFact> Exports,
    IReadOnlyList<UserMark> Compromises)
{
    public static FeatureFacts From(IReadOnlyList<IngestedEvent> events)
    {
        var accounts = new Dictionary<string, DateTimeOffset>(StringComparer.Ordinal);
        var sessions = new Dictionary<string, SessionFact>(StringComparer.Ordinal);
        var notifications = new Dictionary<(string, DateOnly), (int Sent, int Clicked)>();
        var tickets = new Dictionary<string, TicketFact>(StringComparer.Ordinal);
        var featureUses = new Dictionary<(string, string), DateTimeOffset>();
        var logins = new List<LoginFact>();
        var cancellations = new List<AccountMark>();
        var quotes = new Dictionary<string, QuoteFact>(StringComparer.Ordinal);
        var orders = new List<OrderFact>();
        var exports = new List<ExportFact>();
        var compromises = new List<UserMark>();

        foreach (var e in events)
        {
            var account = Blank(e.AccountId);
            if (account is not null)
            {
                accounts[account] = accounts.TryGetValue(account, out var seen) && seen <= e.OccurredAt ? seen : e.OccurredAt;
                if (Blank(e.SessionId) is { } session && (!sessions.TryGetValue(session, out var s) || e.OccurredAt < s.StartedAt))
                {
                    sessions[session] = new SessionFact(session, account, e.OccurredAt);
                }
            }
            switch (e.Domain, e.Type)
            {
                case ("auth", "LOGIN" or "LOGIN_FAILED") when Blank(e.UserId) is { } user:
                    logins.Add(new LoginFact(e.EventId, user, account, e.OccurredAt, e.Type == "LOGIN",
                        Property(e, "ip_hash"), Property(e, "device_hash"), Blank(e.CountryCode), Blank(e.SessionId)));
                    break;
                case ("auth", "COMPROMISE_CONFIRMED") when Blank(e.UserId) is { } user:
                    compromises.Add(new UserMark(user, e.OccurredAt));
                    break;
                case ("support", "TICKET_OPENED" or "TICKET_RESOLVED" or "TICKET_CLOSED"):
                    var ticketId = Blank(e.EntityId) ?? e.EventId.ToString();
                    tickets.TryGetValue(ticketId, out var ticket);
                    ticket ??= new TicketFact(ticketId, account, null, null);
                    tickets[ticketId] = e.Type == "TICKET_OPENED"
                        ? ticket with { AccountId = ticket.AccountId ?? account, OpenedAt = Earliest(ticket.OpenedAt, e.OccurredAt) }
                        : ticket with { AccountId = ticket.AccountId ?? account, ResolvedAt = Latest(ticket.ResolvedAt, e.OccurredAt) };
                    break;
                case ("product", "FEATURE_USED") when account is not null && (Property(e, "feature") ?? Blank(e.EntityId)) is { } feature:
                    var key = (account, feature);
                    featureUses[key] = featureUses.TryGetValue(key, out var first) && first <= e.OccurredAt ? first : e.OccurredAt;
                    break;
                case ("notifications", "NOTIFICATION_SENT" or "NOTIFICATION_CLICKED") when account is not null:
                    var day = (account, DateOnly.FromDateTime(e.OccurredAt.UtcDateTime));
                    notifications.TryGetValue(day, out var counts);
                    notifications[day] = e.Type == "NOTIFICATION_SENT" ? (counts.Sent + 1, counts.Clicked) : (counts.Sent, counts.Clicked + 1);
                    break;
                case ("subscriptions", "SUBSCRIPTION_CANCELLED") when account is not null:
                    cancellations.Add(new AccountMark(account, e.OccurredAt));
                    break;
                case ("quotes", "QUOTE_REQUESTED"):
                    var quoteId = Blank(e.EntityId) ?? Property(e, "quote_id") ?? e.EventId.ToString();
                    var lines = int.TryParse(Property(e, "line_items"), NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0 ? n : 1;
                    quotes[quoteId] = new QuoteFact(quoteId, account, e.OccurredAt, Math.Max(0, e.AmountMinor ?? 0) / 100.0, lines, e.ServiceCode == "portal");
                    break;
                case ("orders", "ORDER_PLACED"):
                    orders.Add(new OrderFact(e.EventId, account, Property(e, "quote_id"), e.OccurredAt));
                    break;
                case (_, "EXPORT_REQUESTED") when Blank(e.UserId) is { } user:
                    var rows = long.TryParse(Property(e, "rows"), NumberStyles.None, CultureInfo.InvariantCulture, out var r) ? r : 0;
                    exports.Add(new ExportFact(e.EventId, user, e.OccurredAt, rows));
                    break;
            }
        }

        // Key order for the upserts, so concurrent transactions lock rows alike.
        return new FeatureFacts(
            accounts.OrderBy(a => a.Key, StringComparer.Ordinal).Select(a => new AccountMark(a.Key, a.Value)).ToList(),
            logins,
            sessions.Values.OrderBy(s => s.SessionId, StringComparer.Ordinal).ToList(),
            notifications.OrderBy(n => n.Key.Item1, StringComparer.Ordinal).ThenBy(n => n.Key.Item2)
                .Select(n => new NotificationDay(n.Key.Item1, n.Key.Item2, n.Value.Sent, n.Value.Clicked)).ToList(),
            tickets.Values.OrderBy(t => t.TicketId, StringComparer.Ordinal).ToList(),
            featureUses.OrderBy(f => f.Key.Item1, StringComparer.Ordinal).ThenBy(f => f.Key.Item2, StringComparer.Ordinal)
                .Select(f => new FeatureUse(f.Key.Item1, f.Key.Item2, f.Value)).ToList(),
            cancellations,
            quotes.Values.OrderBy(q => q.QuoteId, StringComparer.Ordinal).ToList(),
            orders, exports, compromises);
    }

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;

    private static string? Property(IngestedEvent e, string key) =>
        e.Properties is not null && e.Properties.TryGetValue(key, out var value) ? Blank(value) : null;

    private static DateTimeOffset Earliest(DateTimeOffset? a, DateTimeOffset b) => a is { } x && x <= b ? x : b;

    private static DateTimeOffset Latest(DateTimeOffset? a, DateTimeOffset b) => a is { } x && x >= b ? x : b;
}
