using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Suite.Contracts.Ingestion.V1;

namespace Suite.IngestionBench;

/// <summary>One pre-serialised EventBatch: the load generator only copies bytes, so its CPU stays off the result.</summary>
public sealed record WireBatch(byte[] Payload, int Events);

/// <summary>
/// Believable business events (logins, quotes, payments, calls ... like the demo simulator): 12–17 fields set,
/// 0–3 properties, now and then a free-text note with digits (so the personal-data scanner does real work).
/// </summary>
public static class EventCorpus
{
    private static readonly string[] Countries = ["DE", "US", "GB", "FR", "NL", "SE", "ES", "IT", "PL", "AT"];
    private static readonly string[] Providers = ["stripe", "adyen", "paypal"];

    /// <param name="timeOrderedIds">UUIDv7 event ids (time first, as RFC 9562 recommends for database keys) instead of v4.</param>
    public static List<WireBatch> Generate(int events, int batchSize, int seed, DateTimeOffset now, bool timeOrderedIds = false)
    {
        var rng = new Random(seed);
        var batches = new List<WireBatch>(events / batchSize + 1);
        var batch = new EventBatch();
        for (var i = 0; i < events; i++)
        {
            batch.Events.Add(Next(rng, now, timeOrderedIds));
            if (batch.Events.Count == batchSize || i == events - 1)
            {
                batch.BatchId = $"b-{seed}-{batches.Count}";
                batches.Add(new WireBatch(batch.ToByteArray(), batch.Events.Count));
                batch = new EventBatch();
            }
        }
        return batches;
    }

    private static Event Next(Random rng, DateTimeOffset now, bool timeOrderedIds)
    {
        var id = new byte[16];
        rng.NextBytes(id);
        id[7] = (byte)((id[7] & 0x0F) | 0x40);   // version 4 (Guid's byte order)
        id[8] = (byte)((id[8] & 0x3F) | 0x80);
        var user = $"u-{rng.Next(50_000):D5}";
        var occurred = now.AddMilliseconds(-rng.Next(0, 5_000));
        var e = new Event
        {
            EventId = (timeOrderedIds ? Guid.CreateVersion7(occurred) : new Guid(id)).ToString(),
            OccurredAt = Timestamp.FromDateTimeOffset(occurred),
            SentAt = Timestamp.FromDateTimeOffset(occurred.AddMilliseconds(rng.Next(5, 200))),
            UserId = user,
            AccountId = $"acc-{rng.Next(5_000):D4}",
            CountryCode = Countries[rng.Next(Countries.Length)],
            SessionId = $"s-{user}-{rng.Next(1000)}",
            SchemaVersion = 1,
        };
        var roll = rng.NextDouble();
        switch (roll)
        {
            case < 0.45:
                var failed = rng.NextDouble() < 0.08;
                e.Domain = "auth";
                e.Type = failed ? "LOGIN_FAILED" : "LOGIN";
                e.Status = failed ? "failed" : "ok";
                if (rng.NextDouble() < 0.3)
                {
                    e.Properties["mfa"] = "true";
                }
                break;
            case < 0.60:
                e.Domain = "quotes";
                e.Type = "QUOTE_REQUESTED";
                e.EntityType = "quote";
                e.EntityId = $"q-{rng.Next(1_000_000)}";
                e.Properties["channel"] = rng.NextDouble() < 0.6 ? "portal" : "staff";
                e.AmountMinor = rng.Next(5_000, 500_000);
                e.Currency = "EUR";
                break;
            case < 0.75:
                e.Domain = "payments";
                e.Type = rng.NextDouble() < 0.93 ? "PAYMENT_SUCCEEDED" : "PAYMENT_FAILED";
                e.Provider = Providers[rng.Next(Providers.Length)];
                e.AmountMinor = rng.Next(1_000, 200_000);
                e.Currency = "EUR";
                e.DurationMs = rng.Next(80, 2_500);
                e.Properties["plan"] = rng.NextDouble() < 0.5 ? "pro" : "basic";
                e.Properties["attempt"] = rng.Next(1, 4).ToString(System.Globalization.CultureInfo.InvariantCulture);
                break;
            case < 0.88:
                e.Domain = "calls";
                e.Type = rng.NextDouble() < 0.85 ? "CALL_ANSWERED" : "CALL_DROPPED";
                e.DurationMs = rng.Next(5_000, 900_000);
                e.ServiceCode = rng.NextDouble() < 0.5 ? "support" : "sales";
                if (rng.NextDouble() < 0.2)
                {
                    e.Properties["note"] = $"customer asked about invoice {rng.Next(10_000, 99_999)} from 2025-0{rng.Next(1, 9)}-1{rng.Next(0, 9)}";
                }
                break;
            default:
                e.Domain = "notifications";
                e.Type = rng.NextDouble() < 0.12 ? "NOTIFICATION_CLICKED" : "NOTIFICATION_SENT";
                e.Provider = rng.NextDouble() < 0.5 ? "email" : "push";
                e.EntityType = "campaign";
                e.EntityId = $"c-{rng.Next(200)}";
                break;
        }
        return e;
    }
}
