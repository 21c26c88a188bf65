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
    public const string Nps = "nps";

    /// <summary>Below this many responses in a bucket an NPS says nothing: no value.</summary>
    public const long NpsMinResponses = 30;

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
    private static readonly EventSelector SuspiciousActivity = new("auth", "SUSPICIOUS_ACTIVITY");
    private static readonly EventSelector ArtworkUploaded = new("artwork", "ARTWORK_UPLOADED");
    private static readonly EventSelector ProofApproved = new("proofs", "PROOF_APPROVED");
    private static readonly EventSelector CheckSucceeded = new("monitoring", "CHECK_SUCCEEDED");
    private static readonly EventSelector CheckFailed = new("monitoring", "CHECK_FAILED");
    private static readonly EventSelector Responded = new("fulfillment", "RESPONDED");
    private static readonly EventSelector Delivered = new("fulfillment", "DELIVERED");
    private static readonly EventSelector Approved = new("fulfillment", "APPROVED");
    private static readonly EventSelector Rejected = new("fulfillment", "REJECTED");
    private static readonly EventSelector Submitted = new("fulfillment", "SUBMITTED");
    private static readonly EventSelector Resubmitted = new("fulfillment", "RESUBMITTED");
    private static readonly EventSelector CallCompleted = new("calls", "CALL_COMPLETED");
    private static readonly EventSelector CallRecorded = new("calls", "CALL_RECORDED");
    private static readonly EventSelector OptedOut = new("notifications", "OPTED_OUT");
    private static readonly EventSelector AudioStarted = new("content", "AUDIO_STARTED");
    private static readonly EventSelector AudioCompleted = new("content", "AUDIO_COMPLETED");
    private static readonly EventSelector ItemScheduled = new("content", "ITEM_SCHEDULED");
    private static readonly EventSelector ItemPublished = new("content", "ITEM_PUBLISHED");
    private static readonly EventSelector ItemApproved = new("content", "ITEM_APPROVED");
    private static readonly EventSelector ItemRejected = new("content", "ITEM_REJECTED");
    private static readonly EventSelector NpsResponse = new("surveys", "NPS_RESPONSE");
    private static readonly EventSelector[] LoginAttempts = [Login, LoginFailed, AccountLocked];
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
        new KpiDefinition("user_density_per_account", "users known to belong to an account / accounts with a known user, by the end of the UTC day",
            KpiUnit.Ratio, [], [], [])
        {
            Users = new ActiveUserWindows(0, 0, AccountDensity: true),
        },
        new KpiDefinition("active_user_ratio_30d", "mau / every user seen by the end of the UTC day (the known user base)", KpiUnit.Ratio, [], [], [])
        {
            Users = new ActiveUserWindows(30, 0, DenominatorAllKnown: true),
        },
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

        // portal / auth
        KpiDefinition.Ratio("mfa_adoption_rate", "auth/LOGIN with status \"mfa\" / auth/LOGIN",
            [Login.With("status", "mfa")], [Login], Country),
        KpiDefinition.Ratio("suspicious_activity_rate", "auth/SUSPICIOUS_ACTIVITY / login attempts (auth/LOGIN + LOGIN_FAILED + ACCOUNT_LOCKED)",
            [SuspiciousActivity], LoginAttempts, Country),
        KpiDefinition.Count("quote_requests", "Quotes requested (quotes/QUOTE_REQUESTED); service_code carries the channel: portal or staff",
            QuoteRequested, ServiceCode),
        KpiDefinition.Ratio("quote_portal_share", "quotes/QUOTE_REQUESTED with service_code \"portal\" / all quotes/QUOTE_REQUESTED",
            [QuoteRequested.With("service_code", "portal")], [QuoteRequested]),
        KpiDefinition.Ratio("portal_quote_conversion_rate", "orders/ORDER_PLACED / quotes/QUOTE_REQUESTED, both with service_code \"portal\"",
            [OrderPlaced.With("service_code", "portal")], [QuoteRequested.With("service_code", "portal")]),
        KpiDefinition.Ratio("staff_quote_conversion_rate", "orders/ORDER_PLACED / quotes/QUOTE_REQUESTED, both with service_code \"staff\"",
            [OrderPlaced.With("service_code", "staff")], [QuoteRequested.With("service_code", "staff")]),
        KpiDefinition.Ratio("artwork_upload_rate", "artwork/ARTWORK_UPLOADED / orders/ORDER_PLACED in the same bucket",
            [ArtworkUploaded], [OrderPlaced]),
        KpiDefinition.Ratio("first_time_proof_approval_rate", "proofs/PROOF_APPROVED with status \"first_time\" / all proofs/PROOF_APPROVED",
            [ProofApproved.With("status", "first_time")], [ProofApproved]),
        KpiDefinition.Percentile("proof_approval_cycle_time_p50", "median duration_ms of proofs/PROOF_APPROVED (request to approval)", 0.50, [ProofApproved]),
        KpiDefinition.Percentile("proof_approval_cycle_time_p95", "95th percentile duration_ms of proofs/PROOF_APPROVED (request to approval)", 0.95, [ProofApproved]),
        KpiDefinition.Ratio("uptime", "monitoring/CHECK_SUCCEEDED / (CHECK_SUCCEEDED + CHECK_FAILED): share of health probes that passed",
            [CheckSucceeded], [CheckSucceeded, CheckFailed], ServiceCode),

        // fulfillment: duration_ms of each milestone event is the time since the job started
        KpiDefinition.Average("time_to_response_avg", "average duration_ms of fulfillment/RESPONDED", "ms", [Responded], Measure.DurationSum, Measure.DurationCount, ServiceCode),
        KpiDefinition.Percentile("time_to_response_p95", "95th percentile duration_ms of fulfillment/RESPONDED", 0.95, [Responded], ServiceCode),
        KpiDefinition.Average("time_to_delivery_avg", "average duration_ms of fulfillment/DELIVERED", "ms", [Delivered], Measure.DurationSum, Measure.DurationCount, ServiceCode),
        KpiDefinition.Percentile("time_to_delivery_p95", "95th percentile duration_ms of fulfillment/DELIVERED", 0.95, [Delivered], ServiceCode),
        KpiDefinition.Average("time_to_approval_avg", "average duration_ms of fulfillment/APPROVED", "ms", [Approved], Measure.DurationSum, Measure.DurationCount, ServiceCode),
        KpiDefinition.Percentile("time_to_approval_p95", "95th percentile duration_ms of fulfillment/APPROVED", 0.95, [Approved], ServiceCode),
        KpiDefinition.Ratio("approval_rate", "fulfillment/APPROVED / (APPROVED + REJECTED)", [Approved], [Approved, Rejected], ServiceCode),
        KpiDefinition.Ratio("rejection_loop_rate", "fulfillment/RESUBMITTED / (SUBMITTED + RESUBMITTED): submissions that follow a rejection",
            [Resubmitted], [Submitted, Resubmitted], ServiceCode),

        // payments and calls
        KpiDefinition.Ratio("payment_fallback_rate", "payments/PAYMENT_SUCCEEDED with status \"fallback\" (paid through the backup provider) / all PAYMENT_SUCCEEDED",
            [PaymentSucceeded.With("status", "fallback")], [PaymentSucceeded], Country, Provider),
        KpiDefinition.Ratio("call_completion_rate", "calls/CALL_COMPLETED / calls/CALL_ANSWERED", [CallCompleted], [CallAnswered], ServiceCode),
        KpiDefinition.Ratio("call_recording_rate", "calls/CALL_RECORDED / calls/CALL_ANSWERED", [CallRecorded], [CallAnswered], ServiceCode),

        // engagement and content
        KpiDefinition.Ratio("opt_out_rate", "notifications/OPTED_OUT / notifications/NOTIFICATION_SENT", [OptedOut], [NotificationSent], Provider),
        KpiDefinition.Ratio("listen_through_rate", "content/AUDIO_COMPLETED / content/AUDIO_STARTED", [AudioCompleted], [AudioStarted]),
        KpiDefinition.Ratio("content_coverage_rate", "content/ITEM_PUBLISHED / content/ITEM_SCHEDULED (items expected) in the same bucket",
            [ItemPublished], [ItemScheduled]),
        KpiDefinition.Ratio("content_approval_rate", "content/ITEM_APPROVED / (ITEM_APPROVED + ITEM_REJECTED)", [ItemApproved], [ItemApproved, ItemRejected]),
        KpiDefinition.Average("content_approval_latency_avg", "average duration_ms of content/ITEM_APPROVED (submission to approval)", "ms",
            [ItemApproved], Measure.DurationSum, Measure.DurationCount),
        // customer success
        KpiDefinition.NetScore(Nps, $"Net Promoter Score: 100 × (promoters − detractors) / responses of surveys/NPS_RESPONSE (status promoter, passive or detractor); no value under {NpsMinResponses} responses",
            NpsResponse, NpsResponse.With("status", "promoter"), NpsResponse.With("status", "detractor"), NpsMinResponses, Country),

        KpiDefinition.Percentile("content_approval_latency_p95", "95th percentile duration_ms of content/ITEM_APPROVED", 0.95, [ItemApproved]),
    ];

    private static readonly Dictionary<string, KpiDefinition> ByName = All.ToDictionary(k => k.Name, StringComparer.Ordinal);

    public static KpiDefinition? Find(string name) => ByName.GetValueOrDefault(name);
}
