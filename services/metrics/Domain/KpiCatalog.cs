namespace Suite.Metrics.Domain;

/// <summary>
/// The built-in KPIs. Names are part of the public contract (alerting rules, reports and dashboards use them).
/// quote_conversion_rate compares orders placed (domain "orders") with quotes requested (domain "quotes") in the
/// same bucket: a flow ratio, not a cohort conversion, so it can exceed 1 in a bucket.
/// </summary>
public static class KpiCatalog
{
    public const string EventsCount = "events_count";
    public const string Logins = "logins";
    public const string LoginFailures = "login_failures";
    public const string LoginSuccessRate = "login_success_rate";
    public const string Orders = "orders";
    public const string QuoteConversionRate = "quote_conversion_rate";

    private static readonly EventSelector Login = new("auth", "LOGIN");
    private static readonly EventSelector LoginFailed = new("auth", "LOGIN_FAILED");
    private static readonly EventSelector OrderPlaced = new("orders", "ORDER_PLACED");
    private static readonly EventSelector QuoteRequested = new("quotes", "QUOTE_REQUESTED");

    public static IReadOnlyList<KpiDefinition> All { get; } =
    [
        KpiDefinition.Count(EventsCount, "Number of events; optional filters domain and type", EventSelector.Any,
            KpiDefinition.DomainFilter, KpiDefinition.TypeFilter),
        KpiDefinition.Count(Logins, "Successful logins (auth/LOGIN)", Login),
        KpiDefinition.Count(LoginFailures, "Failed logins (auth/LOGIN_FAILED)", LoginFailed),
        KpiDefinition.Ratio(LoginSuccessRate, "LOGIN / (LOGIN + LOGIN_FAILED) in domain auth", [Login], [Login, LoginFailed]),
        KpiDefinition.Count(Orders, "Orders placed (orders/ORDER_PLACED)", OrderPlaced),
        KpiDefinition.Ratio(QuoteConversionRate, "orders/ORDER_PLACED / quotes/QUOTE_REQUESTED in the same bucket", [OrderPlaced], [QuoteRequested]),
    ];

    private static readonly Dictionary<string, KpiDefinition> ByName = All.ToDictionary(k => k.Name, StringComparer.Ordinal);

    public static KpiDefinition? Find(string name) => ByName.GetValueOrDefault(name);
}
