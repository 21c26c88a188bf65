using Suite.Ingestion.Data;
using Suite.Ingestion.Domain;
using Suite.Ingestion.Domain.Privacy;

namespace Suite.Ingestion.Tests.Domain;

public class StatsBufferTests
{
    private static readonly DateTimeOffset T0 = new(2025, 6, 15, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Counts_outcomes_reasons_and_redactions_per_tenant()
    {
        var buffer = new StatsBuffer();
        buffer.Record("a",
        [
            new EventOutcome("1", OutcomeKind.Accepted, Redactions: [new Redaction("status", PersonalDataKind.Email), new Redaction("properties.x", PersonalDataKind.Phone)]),
            new EventOutcome("2", OutcomeKind.Accepted),
            new EventOutcome("3", OutcomeKind.Duplicate),
            new EventOutcome("4", OutcomeKind.Rejected, "country_code", "bad", "country_code"),
            new EventOutcome("5", OutcomeKind.Rejected, "properties", "pii", "pii_email"),
            new EventOutcome("6", OutcomeKind.Rejected, "properties", "pii", "pii_email"),
        ], T0, T0.AddMinutes(-1));
        buffer.Record("a", [new EventOutcome("7", OutcomeKind.Accepted)], T0.AddSeconds(5), T0.AddMinutes(-3));
        buffer.RecordRateLimited("a");
        buffer.Record("b", [new EventOutcome("8", OutcomeKind.Rejected, "type", "bad", "type")], T0, lastOccurredAt: null);

        var a = buffer.Peek("a")!;
        Assert.Equal((3, 1, 3, 1), (a.Accepted, a.Duplicates, a.Rejected, a.RateLimitedRequests));
        Assert.Equal(new Dictionary<string, long> { ["country_code"] = 1, ["pii_email"] = 2 }, a.RejectedByReason);
        Assert.Equal(new Dictionary<string, long> { ["email"] = 1, ["phone"] = 1 }, a.RedactionsByKind);
        Assert.Equal(T0.AddSeconds(5), a.LastReceivedAt);
        Assert.Equal(T0.AddMinutes(-1), a.LastOccurredAt);

        var b = buffer.Peek("b")!;
        Assert.Equal(1, b.Rejected);
        Assert.Null(b.LastReceivedAt);   // nothing stored: no "last event"
    }

    [Fact]
    public void Take_empties_the_buffer_and_restore_merges_back()
    {
        var buffer = new StatsBuffer();
        buffer.Record("a", [new EventOutcome("1", OutcomeKind.Accepted)], T0, T0);

        var taken = buffer.Take();
        Assert.Null(buffer.Peek("a"));
        buffer.Record("a", [new EventOutcome("2", OutcomeKind.Accepted)], T0.AddSeconds(1), T0.AddSeconds(1));
        buffer.Restore(taken);   // the flush failed

        var a = buffer.Peek("a")!;
        Assert.Equal(2, a.Accepted);
        Assert.Equal(T0.AddSeconds(1), a.LastOccurredAt);
    }
}
