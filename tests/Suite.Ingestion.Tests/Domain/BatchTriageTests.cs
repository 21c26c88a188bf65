using Google.Protobuf.WellKnownTypes;
using Suite.Contracts.Ingestion.V1;
using Suite.Ingestion.Domain;

namespace Suite.Ingestion.Tests.Domain;

public class BatchTriageTests
{
    private static readonly DateTimeOffset Now = new(2025, 6, 15, 12, 0, 0, TimeSpan.Zero);
    private static readonly EventValidator Validator = new(IngestionPolicy.Default);

    private static Event Make(string id, string type = "LOGIN") => new()
    {
        EventId = id,
        Domain = "auth",
        Type = type,
        OccurredAt = Timestamp.FromDateTimeOffset(Now.AddMinutes(-1)),
    };

    private static BatchTriage Plan(params Event[] events) =>
        BatchTriage.Plan(events.Select(e => e.EventId).ToList(), events.Select(e => Validator.Validate(e, Now)).ToList());

    private const string A = "00000000-0000-0000-0000-00000000000a";
    private const string B = "00000000-0000-0000-0000-00000000000b";
    private const string C = "00000000-0000-0000-0000-00000000000c";

    [Fact]
    public void A_bad_event_never_sinks_the_good_ones()
    {
        var triage = Plan(Make(A), Make(B, type: "bad type"), Make(C));

        Assert.Equal([Guid.Parse(A), Guid.Parse(C)], triage.Candidates.Select(e => e.EventId));
        var outcomes = triage.Resolve(new HashSet<Guid> { Guid.Parse(A), Guid.Parse(C) });
        Assert.Equal([OutcomeKind.Accepted, OutcomeKind.Rejected, OutcomeKind.Accepted], outcomes.Select(o => o.Kind));
        Assert.Equal("type", outcomes[1].Field);
        Assert.Equal(B, outcomes[1].EventId);
        Assert.False(string.IsNullOrEmpty(outcomes[1].Reason));
    }

    [Fact]
    public void A_repeat_within_the_request_is_a_duplicate_of_the_first()
    {
        var triage = Plan(Make(A), Make(A.ToUpperInvariant()), Make(B));

        Assert.Equal(2, triage.Candidates.Count);
        var outcomes = triage.Resolve(new HashSet<Guid> { Guid.Parse(A), Guid.Parse(B) });
        Assert.Equal([OutcomeKind.Accepted, OutcomeKind.Duplicate, OutcomeKind.Accepted], outcomes.Select(o => o.Kind));
        Assert.Equal(A.ToUpperInvariant(), outcomes[1].EventId);
    }

    [Fact]
    public void Ids_already_stored_earlier_are_duplicates()
    {
        var triage = Plan(Make(A), Make(B));
        var outcomes = triage.Resolve(new HashSet<Guid> { Guid.Parse(B) });
        Assert.Equal([OutcomeKind.Duplicate, OutcomeKind.Accepted], outcomes.Select(o => o.Kind));
    }

    [Fact]
    public void A_rejected_first_occurrence_does_not_make_a_valid_repeat_a_duplicate()
    {
        var triage = Plan(Make(A, type: "bad"), Make(A));
        Assert.Single(triage.Candidates);
        var outcomes = triage.Resolve(new HashSet<Guid> { Guid.Parse(A) });
        Assert.Equal([OutcomeKind.Rejected, OutcomeKind.Accepted], outcomes.Select(o => o.Kind));
    }

    [Fact]
    public void A_rejection_with_several_violations_names_the_others_in_its_reason()
    {
        var bad = Make(A, type: "bad");
        bad.CountryCode = "XYZ";
        var outcome = Plan(bad).Resolve(new HashSet<Guid>())[0];
        Assert.Equal("type", outcome.Field);
        Assert.Contains("country_code", outcome.Reason);
    }
}
