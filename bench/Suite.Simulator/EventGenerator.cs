using Google.Protobuf.WellKnownTypes;
using Suite.Contracts.Ingestion.V1;

namespace Suite.Simulator;

/// <summary>
/// Believable business events for one tenant: portal logins (with failures, lockouts and MFA), quotes and orders,
/// payments (with refunds), calls, API requests, notifications, subscriptions, and a little of everything else the
/// KPI catalog reads (proofs, fulfillment, support tickets, NPS answers, health probes, content). Types follow the
/// conventions of the metrics KPI catalog (services/metrics/README.md). Deterministic for a seed. Every few minutes an "incident" raises
/// the login failure rate, so the demo alert rule has something to catch. Logins carry ip_hash/device_hash, quotes
/// line_items, orders the quote_id they convert, tickets their id (and get resolved), and product/FEATURE_USED events
/// appear: what the predictions feature store reads.
/// </summary>
public sealed class EventGenerator(string tenant, int seed, int users = 400, int accounts = 60)
{
    // string.GetHashCode is randomised per process: derive the tenant's part of the seed from its characters.
    private readonly Random _rng = new(seed * 7919 + tenant.Aggregate(17, (h, c) => unchecked(h * 31 + c)));
    private readonly Dictionary<string, long> _plans = new(StringComparer.Ordinal);
    // Separate stream for the feature-store details (hashes, line items, ticket ids), so the KPI mix stays as it was.
    private readonly Random _details = new(seed);
    private readonly Dictionary<string, string> _openQuotes = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<string>> _openTickets = new(StringComparer.Ordinal);
    private int _ticketSequence;
    private static readonly string[] ProductFeatures = ["reports", "exports", "api_keys", "sso", "artwork_library", "proof_review", "bulk_orders", "alerts"];
    private static readonly long[] PlanAmounts = [2_900, 9_900, 19_900, 49_900];
    private static readonly string[] Countries = ["DE", "US", "GB", "FR", "NL", "SE", "ES"];
    private static readonly string[] Providers = ["stripe", "adyen", "paypal"];
    private static readonly string[] Operations = ["GetQuote", "SubmitOrder", "UploadArtwork", "ApproveProof"];
    private static readonly TimeSpan IncidentEvery = TimeSpan.FromMinutes(6);
    private static readonly TimeSpan IncidentLasts = TimeSpan.FromMinutes(2);

    public string Tenant => tenant;

    /// <summary>Login failure probability at a moment: 5 % normally, 45 % during an incident.</summary>
    public static double LoginFailureRate(DateTimeOffset now, DateTimeOffset start)
    {
        var phase = (now - start).Ticks % IncidentEvery.Ticks;
        var inIncident = (now - start) >= TimeSpan.FromMinutes(1) && phase < IncidentLasts.Ticks;
        return inIncident ? 0.45 : 0.05;
    }

    public Event Next(DateTimeOffset now, DateTimeOffset start)
    {
        var user = $"u-{_rng.Next(users):D4}";
        var account = $"acc-{_rng.Next(accounts):D3}";
        var roll = _rng.NextDouble();
        var e = new Event
        {
            EventId = Guid.NewGuid().ToString(),
            OccurredAt = Timestamp.FromDateTimeOffset(now.AddMilliseconds(-_rng.Next(0, 500))),
            SentAt = Timestamp.FromDateTimeOffset(now),
            UserId = user,
            AccountId = account,
            CountryCode = Countries[_rng.Next(Countries.Length)],
            SessionId = $"s-{user}-{now:yyyyMMddHH}",
            SchemaVersion = 1,
        };
        switch (roll)
        {
            case < 0.45:
                var failed = _rng.NextDouble() < LoginFailureRate(now, start);
                e.Domain = "auth";
                e.Type = failed ? "LOGIN_FAILED" : "LOGIN";
                e.Status = failed ? "failed" : "ok";
                if (failed && _rng.NextDouble() < 0.05)
                {
                    e.Type = "ACCOUNT_LOCKED";
                }
                else if (failed && _rng.NextDouble() < 0.04)
                {
                    e.Type = "SUSPICIOUS_ACTIVITY";
                    e.Status = "flagged";
                }
                else if (!failed && _rng.NextDouble() < 0.3)
                {
                    e.Status = "mfa";
                    e.Properties["mfa"] = "true";
                }
                // Hashed client identity (raw IPs are redacted by ingestion): a user's usual one, now and then a new one.
                var stranger = _details.NextDouble() < 0.02;
                e.Properties["ip_hash"] = stranger ? $"ip-x{_details.Next(1_000_000)}" : $"ip-{user}";
                e.Properties["device_hash"] = stranger ? $"dev-x{_details.Next(1_000_000)}" : $"dev-{user}";
                break;
            case < 0.55:
                e.Domain = "quotes";
                e.Type = "QUOTE_REQUESTED";
                e.EntityType = "quote";
                e.EntityId = $"q-{_rng.Next(1_000_000)}";
                e.ServiceCode = _rng.NextDouble() < 0.6 ? "portal" : "staff";   // the channel (metrics' portal share)
                e.AmountMinor = _rng.Next(5_000, 500_000);
                e.Currency = "EUR";
                e.Properties["line_items"] = (1 + _details.Next(8)).ToString(System.Globalization.CultureInfo.InvariantCulture);
                _openQuotes[account] = e.EntityId;
                break;
            case < 0.60:
                e.Domain = "orders";
                e.Type = "ORDER_PLACED";
                e.EntityType = "order";
                e.EntityId = $"o-{_rng.Next(1_000_000)}";
                e.ServiceCode = _rng.NextDouble() < 0.7 ? "portal" : "staff";
                if (_openQuotes.Remove(account, out var quote) && _details.NextDouble() < 0.7)
                {
                    e.Properties["quote_id"] = quote;
                }
                e.AmountMinor = _rng.Next(5_000, 500_000);
                e.Currency = "EUR";
                break;
            case < 0.70:
                var p = _rng.NextDouble();
                e.Domain = "payments";
                e.Type = p < 0.90 ? "PAYMENT_SUCCEEDED" : p < 0.97 ? "PAYMENT_FAILED" : "PAYMENT_REFUNDED";
                e.Provider = Providers[_rng.Next(Providers.Length)];
                if (e.Type == "PAYMENT_SUCCEEDED" && _rng.NextDouble() < 0.04)
                {
                    e.Status = "fallback";   // paid through the backup provider
                }
                e.AmountMinor = _rng.Next(1_000, 200_000);
                e.Currency = "EUR";
                e.DurationMs = _rng.Next(80, 2_500);
                break;
            case < 0.78:
                var c = _rng.NextDouble();
                e.Domain = "calls";
                e.Type = c < 0.80 ? "CALL_ANSWERED" : c < 0.90 ? "CALL_DROPPED" : "CALL_MISSED";
                e.DurationMs = _rng.Next(5_000, 900_000);
                e.ServiceCode = _rng.NextDouble() < 0.5 ? "support" : "sales";
                break;
            case < 0.85:
                e.Domain = "api";
                e.Type = _rng.NextDouble() < 0.985 ? "REQUEST_SUCCEEDED" : "REQUEST_FAILED";
                e.ServiceCode = Operations[_rng.Next(Operations.Length)];
                e.DurationMs = (long)Math.Round(40 + 400 * -Math.Log(1 - _rng.NextDouble()) / 4);
                break;
            case < 0.92:
                e.Domain = "notifications";
                e.Type = _rng.NextDouble() < 0.12 ? "NOTIFICATION_CLICKED" : _rng.NextDouble() < 0.01 ? "OPTED_OUT" : "NOTIFICATION_SENT";
                e.Provider = _rng.NextDouble() < 0.5 ? "email" : "push";
                break;
            case < 0.95:
                NextOperationsEvent(e);
                break;
            default:
                e.Domain = "subscriptions";
                (e.Type, e.AmountMinor) = NextSubscriptionChange(account);
                e.Currency = "EUR";
                break;
        }
        return e;
    }

    /// <summary>Proofs, fulfillment, support tickets, NPS answers, health probes and content, as the KPI catalog reads them.</summary>
    private void NextOperationsEvent(Event e)
    {
        var roll = _rng.NextDouble();
        long Minutes(int min, int max) => _rng.Next(min, max) * 60_000L;
        switch (roll)
        {
            case < 0.15:
                e.Domain = "proofs";
                e.Type = "PROOF_APPROVED";
                e.Status = _rng.NextDouble() < 0.7 ? "first_time" : "revised";
                e.DurationMs = Minutes(30, 3 * 24 * 60);
                break;
            case < 0.35:
                e.Domain = "fulfillment";
                (e.Type, var took) = _rng.Next(6) switch
                {
                    0 => ("SUBMITTED", (long?)null),
                    1 => ("RESUBMITTED", null),
                    2 => ("RESPONDED", Minutes(5, 240)),
                    3 => ("DELIVERED", Minutes(600, 7 * 24 * 60)),
                    4 => ("APPROVED", Minutes(60, 2 * 24 * 60)),
                    _ => ("REJECTED", null),
                };
                if (took is { } ms)
                {
                    e.DurationMs = ms;   // time since the job started
                }
                break;
            case < 0.45:
                e.Domain = "support";
                var open = _openTickets.TryGetValue(e.AccountId, out var tickets) ? tickets : _openTickets[e.AccountId] = [];
                if (open.Count > 0 && _details.NextDouble() < 0.5)
                {
                    e.Type = "TICKET_RESOLVED";
                    e.EntityId = open[0];
                    open.RemoveAt(0);
                }
                else
                {
                    e.Type = "TICKET_OPENED";
                    e.EntityId = $"t-{++_ticketSequence}";
                    open.Add(e.EntityId);
                }
                e.EntityType = "ticket";
                break;
            case < 0.55:
                e.Domain = "surveys";
                e.Type = "NPS_RESPONSE";
                var score = _rng.Next(11);
                e.Status = score >= 9 ? "promoter" : score >= 7 ? "passive" : "detractor";
                break;
            case < 0.65:
                e.Domain = "monitoring";
                e.Type = _rng.NextDouble() < 0.995 ? "CHECK_SUCCEEDED" : "CHECK_FAILED";
                e.ServiceCode = Operations[_rng.Next(Operations.Length)];
                break;
            case < 0.80:
                e.Domain = "product";
                e.Type = "FEATURE_USED";
                e.Properties["feature"] = ProductFeatures[_details.Next(ProductFeatures.Length)];
                break;
            default:
                e.Domain = "content";
                e.Type = _rng.Next(6) switch
                {
                    0 => "AUDIO_STARTED",
                    1 => "AUDIO_COMPLETED",
                    2 => "ITEM_SCHEDULED",
                    3 => "ITEM_PUBLISHED",
                    4 => "ITEM_APPROVED",
                    _ => "ITEM_REJECTED",
                };
                if (e.Type == "ITEM_APPROVED")
                {
                    e.DurationMs = Minutes(10, 24 * 60);
                }
                break;
        }
    }

    /// <summary>
    /// Per-account plan state, so amount_minor is the account's monthly amount after the event (what revenue metrics
    /// need): start, renew, upgrade/downgrade, cancel, and later restart (a reactivation).
    /// </summary>
    private (string Type, long Amount) NextSubscriptionChange(string account)
    {
        var current = _plans.GetValueOrDefault(account);
        var roll = _rng.NextDouble();
        var next = current switch
        {
            0 => ("SUBSCRIPTION_STARTED", PlanAmounts[_rng.Next(PlanAmounts.Length)]),
            _ when roll < 0.70 => ("SUBSCRIPTION_RENEWED", current),
            _ when roll < 0.88 => ("SUBSCRIPTION_CHANGED", PlanAmounts[_rng.Next(PlanAmounts.Length)]),
            _ => ("SUBSCRIPTION_CANCELLED", 0L),
        };
        _plans[account] = next.Item2;
        return next;
    }
}
