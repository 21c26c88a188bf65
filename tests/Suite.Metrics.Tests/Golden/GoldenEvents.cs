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
    ];
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
            long? duration = domain is "calls" or "api" or "payments" && rng.Next(8) != 0 ? rng.Next(5, 5_000) : null;
            string? provider = domain is "payments" or "notifications" ? Providers[rng.Next(Providers.Length)] : null;
            string? serviceCode = domain is "calls" or "api" ? ServiceCodes[rng.Next(ServiceCodes.Length)] : null;
            string? country = rng.Next(6) == 0 ? null : Countries[rng.Next(Countries.Length)];
            string? status = type.EndsWith("FAILED", StringComparison.Ordinal) ? "failed" : "ok";
            events.Add(new IngestedEvent(Guid.NewGuid(), domain, type, at, user, null, status, country, provider, serviceCode, amount, "EUR", duration));
        }
        return events;
    }
}
