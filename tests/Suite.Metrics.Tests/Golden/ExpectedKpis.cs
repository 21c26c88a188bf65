using Suite.Contracts.Events;

namespace Suite.Metrics.Tests.Golden;

/// <summary>One expected point: numerator and denominator as the service reports them (denominator 0 for counts).</summary>
public sealed record Expected(DateTimeOffset Start, long Numerator, long Denominator);

/// <summary>
/// The KPIs computed directly from raw events with plain LINQ, independently of the service's rollups and SQL.
/// A row counts when from &lt;= occurred_at &lt; to (ranges are whole minutes); buckets are UTC.
/// </summary>
public static class ExpectedKpis
{
    private static bool Is(IngestedEvent e, string domain, params string[] types) => e.Domain == domain && types.Contains(e.Type);

    /// <summary>Numerator and denominator per event: how much the event adds to each.</summary>
    public static (Func<IngestedEvent, long> Num, Func<IngestedEvent, long> Den) Of(string kpi) => kpi switch
    {
        "events_count" => (_ => 1, _ => 0),
        "logins" => (e => Is(e, "auth", "LOGIN") ? 1 : 0, _ => 0),
        "login_failures" => (e => Is(e, "auth", "LOGIN_FAILED") ? 1 : 0, _ => 0),
        "orders" => (e => Is(e, "orders", "ORDER_PLACED") ? 1 : 0, _ => 0),
        "login_success_rate" => (e => Is(e, "auth", "LOGIN") ? 1 : 0, e => Is(e, "auth", "LOGIN", "LOGIN_FAILED") ? 1 : 0),
        "quote_conversion_rate" => (e => Is(e, "orders", "ORDER_PLACED") ? 1 : 0, e => Is(e, "quotes", "QUOTE_REQUESTED") ? 1 : 0),
        "account_lockout_rate" => (e => Is(e, "auth", "ACCOUNT_LOCKED") ? 1 : 0, e => Is(e, "auth", "LOGIN", "LOGIN_FAILED", "ACCOUNT_LOCKED") ? 1 : 0),
        "payment_success_rate" => (e => Is(e, "payments", "PAYMENT_SUCCEEDED") ? 1 : 0, e => Is(e, "payments", "PAYMENT_SUCCEEDED", "PAYMENT_FAILED") ? 1 : 0),
        "refund_rate" => (e => Is(e, "payments", "PAYMENT_REFUNDED") ? 1 : 0, e => Is(e, "payments", "PAYMENT_SUCCEEDED") ? 1 : 0),
        "average_transaction_amount" => (e => Is(e, "payments", "PAYMENT_SUCCEEDED") ? e.AmountMinor ?? 0 : 0, e => Is(e, "payments", "PAYMENT_SUCCEEDED") ? 1 : 0),
        "call_answer_rate" => (e => Is(e, "calls", "CALL_ANSWERED") ? 1 : 0, e => Is(e, "calls", "CALL_ANSWERED", "CALL_DROPPED", "CALL_MISSED") ? 1 : 0),
        "call_drop_rate" => (e => Is(e, "calls", "CALL_DROPPED") ? 1 : 0, e => Is(e, "calls", "CALL_ANSWERED", "CALL_DROPPED", "CALL_MISSED") ? 1 : 0),
        "notification_ctr" => (e => Is(e, "notifications", "NOTIFICATION_CLICKED") ? 1 : 0, e => Is(e, "notifications", "NOTIFICATION_SENT") ? 1 : 0),
        "error_rate" => (e => Is(e, "api", "REQUEST_FAILED") ? 1 : 0, e => Is(e, "api", "REQUEST_SUCCEEDED", "REQUEST_FAILED") ? 1 : 0),
        "api_response_time_avg" => (e => Is(e, "api", "REQUEST_SUCCEEDED", "REQUEST_FAILED") ? e.DurationMs ?? 0 : 0,
                                    e => Is(e, "api", "REQUEST_SUCCEEDED", "REQUEST_FAILED") && e.DurationMs is not null ? 1 : 0),
        "mfa_adoption_rate" => (e => Is(e, "auth", "LOGIN") && e.Status == "mfa" ? 1 : 0, e => Is(e, "auth", "LOGIN") ? 1 : 0),
        "suspicious_activity_rate" => (e => Is(e, "auth", "SUSPICIOUS_ACTIVITY") ? 1 : 0, e => Is(e, "auth", "LOGIN", "LOGIN_FAILED", "ACCOUNT_LOCKED") ? 1 : 0),
        "quote_requests" => (e => Is(e, "quotes", "QUOTE_REQUESTED") ? 1 : 0, _ => 0),
        "quote_portal_share" => (e => Is(e, "quotes", "QUOTE_REQUESTED") && e.ServiceCode == "portal" ? 1 : 0, e => Is(e, "quotes", "QUOTE_REQUESTED") ? 1 : 0),
        "portal_quote_conversion_rate" => (e => Is(e, "orders", "ORDER_PLACED") && e.ServiceCode == "portal" ? 1 : 0,
                                           e => Is(e, "quotes", "QUOTE_REQUESTED") && e.ServiceCode == "portal" ? 1 : 0),
        "staff_quote_conversion_rate" => (e => Is(e, "orders", "ORDER_PLACED") && e.ServiceCode == "staff" ? 1 : 0,
                                          e => Is(e, "quotes", "QUOTE_REQUESTED") && e.ServiceCode == "staff" ? 1 : 0),
        "artwork_upload_rate" => (e => Is(e, "artwork", "ARTWORK_UPLOADED") ? 1 : 0, e => Is(e, "orders", "ORDER_PLACED") ? 1 : 0),
        "first_time_proof_approval_rate" => (e => Is(e, "proofs", "PROOF_APPROVED") && e.Status == "first_time" ? 1 : 0, e => Is(e, "proofs", "PROOF_APPROVED") ? 1 : 0),
        "uptime" => (e => Is(e, "monitoring", "CHECK_SUCCEEDED") ? 1 : 0, e => Is(e, "monitoring", "CHECK_SUCCEEDED", "CHECK_FAILED") ? 1 : 0),
        "time_to_response_avg" => AverageDuration("fulfillment", "RESPONDED"),
        "time_to_delivery_avg" => AverageDuration("fulfillment", "DELIVERED"),
        "time_to_approval_avg" => AverageDuration("fulfillment", "APPROVED"),
        "approval_rate" => (e => Is(e, "fulfillment", "APPROVED") ? 1 : 0, e => Is(e, "fulfillment", "APPROVED", "REJECTED") ? 1 : 0),
        "rejection_loop_rate" => (e => Is(e, "fulfillment", "RESUBMITTED") ? 1 : 0, e => Is(e, "fulfillment", "SUBMITTED", "RESUBMITTED") ? 1 : 0),
        "payment_fallback_rate" => (e => Is(e, "payments", "PAYMENT_SUCCEEDED") && e.Status == "fallback" ? 1 : 0, e => Is(e, "payments", "PAYMENT_SUCCEEDED") ? 1 : 0),
        "call_completion_rate" => (e => Is(e, "calls", "CALL_COMPLETED") ? 1 : 0, e => Is(e, "calls", "CALL_ANSWERED") ? 1 : 0),
        "call_recording_rate" => (e => Is(e, "calls", "CALL_RECORDED") ? 1 : 0, e => Is(e, "calls", "CALL_ANSWERED") ? 1 : 0),
        "opt_out_rate" => (e => Is(e, "notifications", "OPTED_OUT") ? 1 : 0, e => Is(e, "notifications", "NOTIFICATION_SENT") ? 1 : 0),
        "listen_through_rate" => (e => Is(e, "content", "AUDIO_COMPLETED") ? 1 : 0, e => Is(e, "content", "AUDIO_STARTED") ? 1 : 0),
        "content_coverage_rate" => (e => Is(e, "content", "ITEM_PUBLISHED") ? 1 : 0, e => Is(e, "content", "ITEM_SCHEDULED") ? 1 : 0),
        "content_approval_rate" => (e => Is(e, "content", "ITEM_APPROVED") ? 1 : 0, e => Is(e, "content", "ITEM_APPROVED", "ITEM_REJECTED") ? 1 : 0),
        "content_approval_latency_avg" => AverageDuration("content", "ITEM_APPROVED"),
        _ => throw new ArgumentOutOfRangeException(nameof(kpi), kpi, "no expected definition"),
    };

    private static (Func<IngestedEvent, long> Num, Func<IngestedEvent, long> Den) AverageDuration(string domain, string type) =>
        (e => Is(e, domain, type) ? e.DurationMs ?? 0 : 0, e => Is(e, domain, type) && e.DurationMs is not null ? 1 : 0);

    public static DateTimeOffset BucketOf(DateTimeOffset t, TimeSpan step) => new(t.UtcTicks - t.UtcTicks % step.Ticks, TimeSpan.Zero);

    /// <summary>Every bucket from the one holding from up to to, with the sums of the events in it.</summary>
    public static IReadOnlyList<Expected> Series(IEnumerable<IngestedEvent> events, string kpi, DateTimeOffset from, DateTimeOffset to, TimeSpan step)
    {
        var (num, den) = Of(kpi);
        var inRange = events.Where(e => e.OccurredAt >= from && e.OccurredAt < to).ToList();
        var points = new List<Expected>();
        for (var b = BucketOf(from, step); b < to; b += step)
        {
            var inBucket = inRange.Where(e => BucketOf(e.OccurredAt, step) == b).ToList();
            points.Add(new Expected(b, inBucket.Sum(num), inBucket.Sum(den)));
        }
        return points;
    }

    private static long Users(IEnumerable<IngestedEvent> events, DateOnly first, DateOnly last) =>
        events.Where(e => e.UserId is not null)
            .Where(e => DateOnly.FromDateTime(e.OccurredAt.UtcDateTime) >= first && DateOnly.FromDateTime(e.OccurredAt.UtcDateTime) <= last)
            .Select(e => e.UserId).Distinct().LongCount();

    /// <summary>Distinct users in the window of days days ending with each day bucket of [from, to).</summary>
    public static IReadOnlyList<Expected> ActiveUsers(IEnumerable<IngestedEvent> events, int days, int denominatorDays, DateTimeOffset from, DateTimeOffset to)
    {
        var points = new List<Expected>();
        for (var b = BucketOf(from, TimeSpan.FromDays(1)); b < to; b += TimeSpan.FromDays(1))
        {
            var day = DateOnly.FromDateTime(b.UtcDateTime);
            points.Add(new Expected(b, Users(events, day.AddDays(1 - days), day),
                denominatorDays == 0 ? 0 : Users(events, day.AddDays(1 - denominatorDays), day)));
        }
        return points;
    }

    /// <summary>Distinct users over the union of the windows of all day buckets.</summary>
    public static long ActiveUsersTotal(IEnumerable<IngestedEvent> events, int days, DateTimeOffset from, DateTimeOffset to)
    {
        var first = DateOnly.FromDateTime(BucketOf(from, TimeSpan.FromDays(1)).UtcDateTime);
        var last = DateOnly.FromDateTime(BucketOf(to.AddTicks(-1), TimeSpan.FromDays(1)).UtcDateTime);
        return Users(events, first.AddDays(1 - days), last);
    }
}
