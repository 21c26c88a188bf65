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
    public const string Dau = "dau";
    public const string Wau = "wau";
    public const string Mau = "mau";
    public const string Stickiness = "stickiness";
    public const string AccountLockoutRate = "account_lockout_rate";
    public const string PaymentSuccessRate = "payment_success_rate";
    public const string RefundRate = "refund_rate";
    public const string AverageTransactionAmount = "average_transaction_amount";
    public const string CallAnswerRate = "call_answer_rate";
    public const string CallDropRate = "call_drop_rate";
    public const string NotificationCtr = "notification_ctr";
    public const string ErrorRate = "error_rate";
    public const string ApiResponseTimeAvg = "api_response_time_avg";
    public const string ApiResponseTimeP50 = "api_response_time_p50";
    public const string ApiResponseTimeP95 = "api_response_time_p95";
    public const string ApiResponseTimeP99 = "api_response_time_p99";
    public const string CallDurationP95 = "call_duration_p95";

    private static readonly EventSelector Login = new("auth", "LOGIN");
    private static readonly EventSelector LoginFailed = new("auth", "LOGIN_FAILED");
    private static readonly EventSelector OrderPlaced = new("orders", "ORDER_PLACED");
    private static readonly EventSelector QuoteRequested = new("quotes", "QUOTE_REQUESTED");
    private static readonly EventSelector AccountLocked = new("auth", "ACCOUNT_LOCKED");
    private static readonly EventSelector PaymentSucceeded = new("payments", "PAYMENT_SUCCEEDED");
    private static readonly EventSelector PaymentFailed = new("payments", "PAYMENT_FAILED");
    private static readonly EventSelector PaymentRefunded = new("payments", "PAYMENT_REFUNDED");
    private static readonly EventSelector CallAnswered = new("calls", "CALL_ANSWERED");
    private static readonly EventSelector CallDropped = new("calls", "CALL_DROPPED");
    private static readonly EventSelector CallMissed = new("calls", "CALL_MISSED");
    private static readonly EventSelector NotificationSent = new("notifications", "NOTIFICATION_SENT");
    private static readonly EventSelector NotificationClicked = new("notifications", "NOTIFICATION_CLICKED");
    private static readonly EventSelector RequestSucceeded = new("api", "REQUEST_SUCCEEDED");
    private static readonly EventSelector RequestFailed = new("api", "REQUEST_FAILED");
    private const string Country = KpiDefinition.CountryFilter;
    private const string Provider = KpiDefinition.ProviderFilter;
    private const string ServiceCode = KpiDefinition.ServiceCodeFilter;

    private static KpiDefinition ActiveUsers(string name, string description, int days) =>
        new(name, description, KpiUnit.Count, [], [], []) { Users = new ActiveUserWindows(days, 0) };

    public static IReadOnlyList<KpiDefinition> All { get; } =
    [
        KpiDefinition.Count(EventsCount, "Number of events; optional filters domain, type, country, provider, service_code, status",
            EventSelector.Any, KpiDefinition.DomainFilter, KpiDefinition.TypeFilter, Country, Provider, ServiceCode, KpiDefinition.StatusFilter),
        KpiDefinition.Count(Logins, "Successful logins (auth/LOGIN)", Login),
        KpiDefinition.Count(LoginFailures, "Failed logins (auth/LOGIN_FAILED)", LoginFailed),
        KpiDefinition.Ratio(LoginSuccessRate, "LOGIN / (LOGIN + LOGIN_FAILED) in domain auth", [Login], [Login, LoginFailed]),
        KpiDefinition.Count(Orders, "Orders placed (orders/ORDER_PLACED)", OrderPlaced),
        KpiDefinition.Ratio(QuoteConversionRate, "orders/ORDER_PLACED / quotes/QUOTE_REQUESTED in the same bucket", [OrderPlaced], [QuoteRequested]),
        ActiveUsers(Dau, "Distinct users with any event on the UTC day (day granularity)", 1),
        ActiveUsers(Wau, "Distinct users with any event in the 7 UTC days ending with the day", 7),
        ActiveUsers(Mau, "Distinct users with any event in the 30 UTC days ending with the day", 30),
        new KpiDefinition(Stickiness, "dau / mau per UTC day", KpiUnit.Ratio, [], [], []) { Users = new ActiveUserWindows(1, 30) },
        KpiDefinition.Ratio(AccountLockoutRate, "auth/ACCOUNT_LOCKED / login attempts (auth/LOGIN + LOGIN_FAILED + ACCOUNT_LOCKED)",
            [AccountLocked], [Login, LoginFailed, AccountLocked], Country),
        KpiDefinition.Ratio(PaymentSuccessRate, "payments/PAYMENT_SUCCEEDED / (PAYMENT_SUCCEEDED + PAYMENT_FAILED)",
            [PaymentSucceeded], [PaymentSucceeded, PaymentFailed], Country, Provider),
        KpiDefinition.Ratio(RefundRate, "payments/PAYMENT_REFUNDED / payments/PAYMENT_SUCCEEDED in the same bucket",
            [PaymentRefunded], [PaymentSucceeded], Country, Provider),
        KpiDefinition.Average(AverageTransactionAmount, "sum of amount_minor / count of payments/PAYMENT_SUCCEEDED", "amount_minor",
            [PaymentSucceeded], Measure.AmountSum, Measure.Count, Country, Provider),
        KpiDefinition.Ratio(CallAnswerRate, "calls/CALL_ANSWERED / (CALL_ANSWERED + CALL_DROPPED + CALL_MISSED)",
            [CallAnswered], [CallAnswered, CallDropped, CallMissed], ServiceCode),
        KpiDefinition.Ratio(CallDropRate, "calls/CALL_DROPPED / (CALL_ANSWERED + CALL_DROPPED + CALL_MISSED)",
            [CallDropped], [CallAnswered, CallDropped, CallMissed], ServiceCode),
        KpiDefinition.Ratio(NotificationCtr, "notifications/NOTIFICATION_CLICKED / notifications/NOTIFICATION_SENT",
            [NotificationClicked], [NotificationSent], Provider),
        KpiDefinition.Ratio(ErrorRate, "api/REQUEST_FAILED / (api/REQUEST_SUCCEEDED + REQUEST_FAILED)",
            [RequestFailed], [RequestSucceeded, RequestFailed], ServiceCode),
        KpiDefinition.Average(ApiResponseTimeAvg, "sum / count of duration_ms over api/REQUEST_SUCCEEDED and REQUEST_FAILED", "ms",
            [RequestSucceeded, RequestFailed], Measure.DurationSum, Measure.DurationCount, ServiceCode),
        KpiDefinition.Percentile(ApiResponseTimeP50, "median duration_ms of api/REQUEST_SUCCEEDED and REQUEST_FAILED (sketch, <= 1 % relative error)", 0.50,
            [RequestSucceeded, RequestFailed], ServiceCode),
        KpiDefinition.Percentile(ApiResponseTimeP95, "95th percentile duration_ms of api/REQUEST_SUCCEEDED and REQUEST_FAILED (sketch, <= 1 % relative error)", 0.95,
            [RequestSucceeded, RequestFailed], ServiceCode),
        KpiDefinition.Percentile(ApiResponseTimeP99, "99th percentile duration_ms of api/REQUEST_SUCCEEDED and REQUEST_FAILED (sketch, <= 1 % relative error)", 0.99,
            [RequestSucceeded, RequestFailed], ServiceCode),
        KpiDefinition.Percentile(CallDurationP95, "95th percentile duration_ms of calls/CALL_ANSWERED (sketch, <= 1 % relative error)", 0.95,
            [CallAnswered], ServiceCode),
    ];

    private static readonly Dictionary<string, KpiDefinition> ByName = All.ToDictionary(k => k.Name, StringComparer.Ordinal);

    public static KpiDefinition? Find(string name) => ByName.GetValueOrDefault(name);
}
