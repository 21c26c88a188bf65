using Suite.Metrics.Domain;

namespace Suite.Metrics.Tests.Domain;

public class KpiCatalogTests
{
    [Theory]
    [InlineData("events_count", "count")]
    [InlineData("logins", "count")]
    [InlineData("login_failures", "count")]
    [InlineData("login_success_rate", "ratio")]
    [InlineData("orders", "count")]
    [InlineData("quote_conversion_rate", "ratio")]
    [InlineData("dau", "count")]
    [InlineData("wau", "count")]
    [InlineData("mau", "count")]
    [InlineData("stickiness", "ratio")]
    [InlineData("account_lockout_rate", "ratio")]
    [InlineData("payment_success_rate", "ratio")]
    [InlineData("refund_rate", "ratio")]
    [InlineData("average_transaction_amount", "amount_minor")]
    [InlineData("call_answer_rate", "ratio")]
    [InlineData("call_drop_rate", "ratio")]
    [InlineData("notification_ctr", "ratio")]
    [InlineData("error_rate", "ratio")]
    [InlineData("api_response_time_avg", "ms")]
    public void Holds_the_contracted_kpis(string name, string unit)
    {
        var kpi = KpiCatalog.Find(name);
        Assert.NotNull(kpi);
        Assert.Equal(unit, kpi.UnitName);
        Assert.False(string.IsNullOrWhiteSpace(kpi.Description));
    }

    [Fact]
    public void Names_are_unique_and_lookups_are_exact()
    {
        Assert.Equal(KpiCatalog.All.Count, KpiCatalog.All.Select(k => k.Name).Distinct().Count());
        Assert.Null(KpiCatalog.Find("Logins"));
        Assert.Null(KpiCatalog.Find("nope"));
    }

    [Theory]
    // kpi, domain, type, counts in numerator, counts in denominator
    [InlineData("logins", "auth", "LOGIN", true, false)]
    [InlineData("logins", "auth", "LOGIN_FAILED", false, false)]
    [InlineData("logins", "portal", "LOGIN", false, false)]
    [InlineData("login_failures", "auth", "LOGIN_FAILED", true, false)]
    [InlineData("login_success_rate", "auth", "LOGIN", true, true)]
    [InlineData("login_success_rate", "auth", "LOGIN_FAILED", false, true)]
    [InlineData("login_success_rate", "auth", "LOGOUT", false, false)]
    [InlineData("orders", "orders", "ORDER_PLACED", true, false)]
    [InlineData("quote_conversion_rate", "orders", "ORDER_PLACED", true, false)]
    [InlineData("quote_conversion_rate", "quotes", "QUOTE_REQUESTED", false, true)]
    [InlineData("events_count", "anything", "AT_ALL", true, false)]
    [InlineData("account_lockout_rate", "auth", "ACCOUNT_LOCKED", true, true)]
    [InlineData("account_lockout_rate", "auth", "LOGIN", false, true)]
    [InlineData("account_lockout_rate", "auth", "LOGIN_FAILED", false, true)]
    [InlineData("payment_success_rate", "payments", "PAYMENT_SUCCEEDED", true, true)]
    [InlineData("payment_success_rate", "payments", "PAYMENT_FAILED", false, true)]
    [InlineData("refund_rate", "payments", "PAYMENT_REFUNDED", true, false)]
    [InlineData("refund_rate", "payments", "PAYMENT_SUCCEEDED", false, true)]
    [InlineData("call_answer_rate", "calls", "CALL_MISSED", false, true)]
    [InlineData("call_drop_rate", "calls", "CALL_DROPPED", true, true)]
    [InlineData("notification_ctr", "notifications", "NOTIFICATION_CLICKED", true, false)]
    [InlineData("notification_ctr", "notifications", "NOTIFICATION_SENT", false, true)]
    [InlineData("error_rate", "api", "REQUEST_FAILED", true, true)]
    [InlineData("error_rate", "api", "REQUEST_SUCCEEDED", false, true)]
    public void Selects_the_right_events(string name, string domain, string type, bool numerator, bool denominator)
    {
        var (num, den) = KpiCatalog.Find(name)!.Resolve(new Dictionary<string, string>());
        Assert.Equal(numerator, num.Any(s => s.Matches(domain, type)));
        Assert.Equal(denominator, den.Any(s => s.Matches(domain, type)));
    }

    [Theory]
    // filters domain/type ("" = absent), event domain, type, matches
    [InlineData("auth", "", "auth", "LOGIN", true)]
    [InlineData("auth", "", "orders", "ORDER_PLACED", false)]
    [InlineData("", "LOGIN", "portal", "LOGIN", true)]
    [InlineData("auth", "LOGIN", "auth", "LOGIN_FAILED", false)]
    [InlineData("auth", "LOGIN", "auth", "LOGIN", true)]
    public void Events_count_filters_narrow_the_selection(string domain, string type, string eventDomain, string eventType, bool matches)
    {
        var filters = new Dictionary<string, string>();
        if (domain.Length > 0) filters["domain"] = domain;
        if (type.Length > 0) filters["type"] = type;

        var (num, _) = KpiCatalog.Find("events_count")!.Resolve(filters);

        Assert.Equal(matches, num.Any(s => s.Matches(eventDomain, eventType)));
    }

    [Theory]
    [InlineData(null, null, "auth", "LOGIN", "auth", "LOGIN")]
    [InlineData("auth", null, "auth", "LOGIN", "auth", "LOGIN")]
    [InlineData("auth", "LOGIN", null, null, "auth", "LOGIN")]
    [InlineData("auth", null, null, "X", "auth", "X")]
    public void Narrowing_keeps_compatible_selectors(string? sd, string? st, string? fd, string? ft, string ed, string et)
    {
        var narrowed = new EventSelector(sd, st).Narrow(fd, ft);
        Assert.Equal(new EventSelector(ed, et), narrowed);
    }

    [Theory]
    [InlineData("auth", "LOGIN", "orders", null)]
    [InlineData("auth", "LOGIN", null, "LOGOUT")]
    public void Narrowing_drops_contradicting_selectors(string sd, string st, string? fd, string? ft)
    {
        Assert.Null(new EventSelector(sd, st).Narrow(fd, ft));
    }
}
