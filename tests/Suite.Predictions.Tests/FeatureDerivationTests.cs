using Suite.Contracts.Events;
using Suite.Predictions.Features;

namespace Suite.Predictions.Tests;

/// <summary>The pure halves of the feature store: events → facts, and facts → feature vectors.</summary>
public sealed class FeatureDerivationTests
{
    private static readonly DateTimeOffset AsOf = new(2026, 6, 10, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Churn_features_read_windows_ending_at_the_instant()
    {
        var activity = new AccountActivity(AsOf.AddDays(-120), AsOf.AddDays(-3.5), Logins30d: 4, Sessions7d: 2, OpenTickets: 1,
            NotificationsSent30d: 8, NotificationsClicked30d: 2, FeaturesUsed: 3, TenantFeatures: 4);
        var f = ChurnFeatureDerivation.From(activity, AsOf);
        Assert.Equal((3.5, 4.0, 2.0, 1.0, 0.25, 120.0, 0.75), (f.DaysSinceLastLogin, f.Logins30d, f.Sessions7d, f.OpenTickets, f.EmailEngagement, f.TenureDays, f.FeatureAdoption));
    }

    [Fact]
    public void Churn_features_of_an_account_that_never_logged_in_and_was_never_emailed()
    {
        var f = ChurnFeatureDerivation.From(new AccountActivity(AsOf.AddDays(-40), null, 0, 0, 0, 0, 0, 0, 0), AsOf);
        Assert.Equal(40, f.DaysSinceLastLogin);   // idle since it was first seen
        Assert.Equal(ChurnFeatureDerivation.UnknownEngagement, f.EmailEngagement);
        Assert.Equal(0, f.FeatureAdoption);
        Assert.Equal(1, ChurnFeatureDerivation.From(new AccountActivity(AsOf, null, 0, 0, 0, 2, 5, 9, 3), AsOf).EmailEngagement);   // capped
    }

    [Theory]
    // last order days before the quote, expected recency
    [InlineData(30.0, 30.0)]
    [InlineData(30.9, 30.0)]
    [InlineData(500.0, 365.0)]
    [InlineData(null, 365.0)]
    public void Conversion_recency_is_whole_days_since_the_previous_order_capped_at_a_year(double? daysBefore, double expected)
    {
        var requested = AsOf;
        var q = new QuoteHistory(5000, 3, true, requested, 10, daysBefore is { } d ? requested.AddDays(-d) : null);
        var f = ConversionFeatureDerivation.From(q);
        Assert.Equal((5000.0, 10.0, 1.0, 3.0, expected), (f.QuoteValue, f.PreviousOrders, f.PortalSubmission, f.LineItems, f.RecencyDays));
    }

    [Theory]
    // success, ip seen, country seen, failed 1h, successes 5 min, export rows, local hour (UTC), expected risk score
    [InlineData(true, true, true, 0, 1, 0L, 10, 0)]
    [InlineData(true, false, true, 0, 1, 0L, 10, 20)]
    [InlineData(true, false, false, 0, 1, 0L, 10, 50)]
    [InlineData(true, true, true, 2, 1, 0L, 10, 10)]
    [InlineData(false, true, true, 2, 1, 0L, 10, 0)]          // a failure is not "failed then success"
    [InlineData(true, true, true, 0, 3, 0L, 10, 25)]
    [InlineData(true, true, true, 0, 2, 0L, 10, 0)]
    [InlineData(true, true, true, 0, 1, 10_000L, 10, 15)]
    [InlineData(true, true, true, 0, 1, 9_999L, 10, 0)]
    [InlineData(true, true, true, 0, 1, 0L, 7, 5)]
    [InlineData(true, true, true, 0, 1, 0L, 18, 5)]
    [InlineData(true, true, true, 0, 1, 0L, 17, 0)]
    public void Threat_factors_from_login_history(bool success, bool ipSeen, bool countrySeen, int failed, int successes5m, long exportRows, int hour, int expectedRisk)
    {
        var wednesday = new DateTimeOffset(2026, 6, 10, hour, 30, 0, TimeSpan.Zero);
        var factors = ThreatFactorRules.From(new LoginHistory(wednesday, success, ipSeen, countrySeen, failed, successes5m, exportRows), TimeZoneInfo.Utc);
        Assert.Equal(expectedRisk, factors.RiskScore);
        Assert.Equal(failed, factors.FailedAttempts1h);
    }

    [Fact]
    public void Unknown_ip_or_country_is_not_new_and_weekends_are_outside_business_hours_in_the_tenant_zone()
    {
        var saturdayNoon = new DateTimeOffset(2026, 6, 13, 12, 0, 0, TimeSpan.Zero);
        var f = ThreatFactorRules.From(new LoginHistory(saturdayNoon, true, null, null, 0, 1, 0), TimeZoneInfo.Utc);
        Assert.Equal((false, false, true), (f.NewIp, f.NewCountry, f.OutsideBusinessHours));

        // 07:30 UTC on a Wednesday is 09:30 in Berlin (summer time): inside business hours there.
        var berlin = TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin");
        var early = new DateTimeOffset(2026, 6, 10, 7, 30, 0, TimeSpan.Zero);
        Assert.False(ThreatFactorRules.From(new LoginHistory(early, true, true, true, 0, 1, 0), berlin).OutsideBusinessHours);
        Assert.True(ThreatFactorRules.From(new LoginHistory(early, true, true, true, 0, 1, 0), TimeZoneInfo.Utc).OutsideBusinessHours);
    }

    [Fact]
    public void Facts_from_events_keep_first_sightings_sessions_tickets_and_the_quote_fields()
    {
        var t0 = AsOf;
        IngestedEvent E(string domain, string type, DateTimeOffset at, string? account = "a-1", string? user = null, string? session = null,
            string? entity = null, long? amount = null, string? service = null, Dictionary<string, string>? props = null) =>
            new(Guid.NewGuid(), domain, type, at, user, account, null, null, null, service, amount, null, null, EntityId: entity, SessionId: session, Properties: props);

        var facts = FeatureFacts.From(
        [
            E("api", "REQUEST_SUCCEEDED", t0.AddHours(2), session: "s-1"),
            E("auth", "LOGIN", t0, user: "u-1", session: "s-1", props: new() { ["ip_hash"] = "h1", ["device_hash"] = "d1" }),
            E("auth", "LOGIN_FAILED", t0.AddMinutes(-1), user: "u-1"),
            E("auth", "LOGIN", t0, user: null),                              // no user: no login fact
            E("support", "TICKET_RESOLVED", t0.AddHours(5), entity: "t-1"),
            E("support", "TICKET_OPENED", t0.AddHours(1), entity: "t-1"),
            E("notifications", "NOTIFICATION_SENT", t0),
            E("notifications", "NOTIFICATION_SENT", t0),
            E("notifications", "NOTIFICATION_CLICKED", t0),
            E("product", "FEATURE_USED", t0.AddDays(1), entity: "reports"),
            E("product", "FEATURE_USED", t0, props: new() { ["feature"] = "reports" }),
            E("quotes", "QUOTE_REQUESTED", t0, entity: "q-1", amount: 123_456, service: "portal", props: new() { ["line_items"] = "4" }),
            E("quotes", "QUOTE_REQUESTED", t0, entity: "q-2", amount: 100, props: new() { ["line_items"] = "many" }),
            E("orders", "ORDER_PLACED", t0, props: new() { ["quote_id"] = "q-1" }),
            E("data", "EXPORT_REQUESTED", t0, user: "u-1", props: new() { ["rows"] = "25000" }),
            E("auth", "COMPROMISE_CONFIRMED", t0, user: "u-1"),
            E("subscriptions", "SUBSCRIPTION_CANCELLED", t0),
        ]);

        Assert.Equal(t0.AddMinutes(-1), Assert.Single(facts.Accounts).At);
        Assert.Equal(t0, Assert.Single(facts.Sessions).StartedAt);
        Assert.Equal([true, false], facts.Logins.Select(l => l.Success).ToArray());
        Assert.Equal(("h1", "d1"), (facts.Logins[0].IpHash, facts.Logins[0].DeviceHash));
        Assert.Equal(new TicketFact("t-1", "a-1", t0.AddHours(1), t0.AddHours(5)), Assert.Single(facts.Tickets));
        Assert.Equal(new NotificationDay("a-1", DateOnly.FromDateTime(t0.UtcDateTime), 2, 1), Assert.Single(facts.Notifications));
        Assert.Equal(t0, Assert.Single(facts.FeatureUses).FirstUsed);
        Assert.Equal(new QuoteFact("q-1", "a-1", t0, 1234.56, 4, true), facts.Quotes[0]);
        Assert.Equal((1, false), (facts.Quotes[1].LineItems, facts.Quotes[1].Portal));
        Assert.Equal("q-1", Assert.Single(facts.Orders).QuoteId);
        Assert.Equal(25_000, Assert.Single(facts.Exports).Rows);
        Assert.Single(facts.Compromises);
        Assert.Single(facts.Cancellations);
    }
}
