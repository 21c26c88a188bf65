using Suite.Contracts.Events;

namespace Suite.Metrics.Tests.Golden;

/// <summary>
/// Users who sign up (first event) spread over 40 days and come back on random later days, with shop funnel events
/// (VIEW_PRODUCT → ADD_TO_CART → CHECKOUT → orders/ORDER_PLACED) at whole seconds; some events carry no user.
/// </summary>
public static class ActivityEvents
{
    public static readonly DateTimeOffset Start = new(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);
    public const int Days = 40;

    public static readonly (string Domain, string Type)[] Kinds =
    [
        ("shop", "VIEW_PRODUCT"), ("shop", "VIEW_PRODUCT"), ("shop", "VIEW_PRODUCT"), ("shop", "ADD_TO_CART"),
        ("shop", "ADD_TO_CART"), ("shop", "CHECKOUT"), ("orders", "ORDER_PLACED"), ("auth", "LOGIN"),
    ];

    public static IReadOnlyList<IngestedEvent> Generate(int users, int seed)
    {
        var rng = new Random(seed);
        var events = new List<IngestedEvent>();
        for (var u = 0; u < users; u++)
        {
            var user = $"a-{u:D3}";
            var signup = Start.AddSeconds(rng.Next(Days * 86400));
            var count = rng.Next(1, 25);
            for (var i = 0; i < count; i++)
            {
                // The first event is the signup; later ones fall within 45 days (some beyond the 40-day window).
                var at = i == 0 ? signup : signup.AddSeconds(rng.Next(rng.Next(2) == 0 ? 3 * 86400 : 45 * 86400));
                var (domain, type) = Kinds[rng.Next(Kinds.Length)];
                events.Add(new IngestedEvent(Guid.NewGuid(), domain, type, at, user, null, "ok", "DE", null, null, null, null, null));
            }
            if (rng.Next(5) == 0)
            {
                events.Add(new IngestedEvent(Guid.NewGuid(), "shop", "VIEW_PRODUCT", signup.AddMinutes(-5), null, null, "ok", null, null, null, null, null, null));
            }
        }
        // Shuffled, so batches arrive out of time order (first-seen must not depend on arrival order).
        return events.OrderBy(_ => rng.Next()).ToList();
    }
}
