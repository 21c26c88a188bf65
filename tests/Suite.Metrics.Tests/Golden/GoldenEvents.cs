using Suite.Contracts.Events;

namespace Suite.Metrics.Tests.Golden;

/// <summary>
/// A deterministic event set over 40 days covering every KPI's domain and type, with dimensions, amounts,
/// durations (sometimes missing) and users (sometimes missing), at whole-second times.
/// </summary>
public static class GoldenEvents
{
    public static readonly DateTimeOffset Start = new(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);
    public const int Days = 40;

    private static readonly (string Domain, string[] Types)[] Kinds =
    [
        ("auth", ["LOGIN", "LOGIN", "LOGIN", "LOGIN_FAILED", "ACCOUNT_LOCKED", "LOGOUT"]),
        ("payments", ["PAYMENT_SUCCEEDED", "PAYMENT_SUCCEEDED", "PAYMENT_SUCCEEDED", "PAYMENT_FAILED", "PAYMENT_REFUNDED"]),
        ("calls", ["CALL_ANSWERED", "CALL_ANSWERED", "CALL_DROPPED", "CALL_MISSED"]),
        ("notifications", ["NOTIFICATION_SENT", "NOTIFICATION_SENT", "NOTIFICATION_SENT", "NOTIFICATION_CLICKED"]),
        ("api", ["REQUEST_SUCCEEDED", "REQUEST_SUCCEEDED", "REQUEST_SUCCEEDED", "REQUEST_FAILED"]),
        ("orders", ["ORDER_PLACED"]),
        ("quotes", ["QUOTE_REQUESTED", "QUOTE_REQUESTED"]),
        ("auth", ["SUSPICIOUS_ACTIVITY", "LOGIN"]),
        ("artwork", ["ARTWORK_UPLOADED"]),
        ("proofs", ["PROOF_APPROVED", "PROOF_REQUESTED"]),
        ("monitoring", ["CHECK_SUCCEEDED", "CHECK_SUCCEEDED", "CHECK_SUCCEEDED", "CHECK_FAILED"]),
        ("fulfillment", ["SUBMITTED", "RESUBMITTED", "RESPONDED", "DELIVERED", "APPROVED", "REJECTED"]),
        ("calls", ["CALL_COMPLETED", "CALL_RECORDED"]),
        ("notifications", ["OPTED_OUT", "NOTIFICATION_SENT"]),
        ("content", ["AUDIO_STARTED", "AUDIO_STARTED", "AUDIO_COMPLETED", "ITEM_SCHEDULED", "ITEM_PUBLISHED", "ITEM_APPROVED", "ITEM_REJECTED"]),
        ("surveys", ["NPS_RESPONSE"]),
    ];
    private static readonly string[] Channels = ["portal", "staff"];
    private static readonly string[] NpsClasses = ["promoter", "promoter", "passive", "detractor"];
    private static readonly string[] Countries = ["DE", "US", "GB"];
    private static readonly string[] Providers = ["stripe", "adyen", "paypal"];
    private static readonly string[] ServiceCodes = ["support", "sales"];

    public static IReadOnlyList<IngestedEvent> Generate(int count, int seed)
    {
        var rng = new Random(seed);
        var events = new List<IngestedEvent>(count);
        for (var i = 0; i < count; i++)
        {
            var (domain, types) = Kinds[rng.Next(Kinds.Length)];
            var type = types[rng.Next(types.Length)];
            var at = Start.AddSeconds(rng.Next(Days * 86400));
            // Few users so that windows overlap a lot; one event in ten is anonymous.
            var user = rng.Next(10) == 0 ? null : $"u-{rng.Next(120):D3}";
            long? amount = domain is "payments" or "orders" or "quotes" ? rng.Next(100, 50_000) : null;
            long? duration = domain is "calls" or "api" or "payments" or "proofs" or "fulfillment" or "content" && rng.Next(8) != 0 ? rng.Next(5, 5_000) : null;
            string? provider = domain is "payments" or "notifications" ? Providers[rng.Next(Providers.Length)] : null;
            string? serviceCode = domain switch
            {
                "calls" or "api" or "fulfillment" or "monitoring" => ServiceCodes[rng.Next(ServiceCodes.Length)],
                "quotes" or "orders" => rng.Next(5) == 0 ? null : Channels[rng.Next(Channels.Length)],
                _ => null,
            };
            string? country = rng.Next(6) == 0 ? null : Countries[rng.Next(Countries.Length)];
            string? status = type switch
            {
                _ when type.EndsWith("FAILED", StringComparison.Ordinal) => "failed",
                "LOGIN" => rng.Next(3) == 0 ? "mfa" : "ok",
                "PROOF_APPROVED" => rng.Next(3) == 0 ? "revised" : "first_time",
                "PAYMENT_SUCCEEDED" => rng.Next(5) == 0 ? "fallback" : "ok",
                "NPS_RESPONSE" => NpsClasses[rng.Next(NpsClasses.Length)],
                _ => "ok",
            };
            // Users mostly act for an account; an account has several users (user density per account).
            var account = user is null || rng.Next(5) == 0 ? null : $"acc-{rng.Next(15):D2}";
            events.Add(new IngestedEvent(Guid.NewGuid(), domain, type, at, user, account, status, country, provider, serviceCode, amount, "EUR", duration));
        }
        return events;
    }
}
