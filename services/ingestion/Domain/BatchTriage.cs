namespace Suite.Ingestion.Domain;

/// <summary>
/// Splits a validated request into the events to store and the answers that need no storage: rejections, and
/// repeats of an event id earlier in the same request (duplicates of that first occurrence).
/// </summary>
public sealed class BatchTriage
{
    private readonly IReadOnlyList<string> _eventIds;
    private readonly IReadOnlyList<EventValidation> _validations;
    private readonly bool[] _repeat;

    private BatchTriage(IReadOnlyList<string> eventIds, IReadOnlyList<EventValidation> validations, bool[] repeat, IReadOnlyList<ValidatedEvent> candidates)
    {
        _eventIds = eventIds;
        _validations = validations;
        _repeat = repeat;
        Candidates = candidates;
    }

    /// <summary>Valid events with distinct ids, in request order: these go to storage.</summary>
    public IReadOnlyList<ValidatedEvent> Candidates { get; }

    /// <param name="eventIds">The ids as sent, parallel to <paramref name="validations"/>.</param>
    public static BatchTriage Plan(IReadOnlyList<string> eventIds, IReadOnlyList<EventValidation> validations)
    {
        if (eventIds.Count != validations.Count)
        {
            throw new ArgumentException("one id per validation is required", nameof(eventIds));
        }
        var seen = new HashSet<Guid>();
        var repeat = new bool[validations.Count];
        var candidates = new List<ValidatedEvent>(validations.Count);
        for (var i = 0; i < validations.Count; i++)
        {
            if (validations[i].Event is { } e)
            {
                if (seen.Add(e.EventId))
                {
                    candidates.Add(e);
                }
                else
                {
                    repeat[i] = true;
                }
            }
        }
        return new BatchTriage(eventIds, validations, repeat, candidates);
    }

    /// <param name="stored">Ids of the candidates that were new for the tenant and are now stored.</param>
    /// <returns>One outcome per request event, in request order.</returns>
    public IReadOnlyList<EventOutcome> Resolve(IReadOnlySet<Guid> stored)
    {
        var outcomes = new EventOutcome[_validations.Count];
        for (var i = 0; i < outcomes.Length; i++)
        {
            var v = _validations[i];
            outcomes[i] = v.Event switch
            {
                null => new EventOutcome(_eventIds[i], OutcomeKind.Rejected, v.Violations[0].Field, RejectionReason(v), v.Code ?? v.Violations[0].Field),
                var e when !_repeat[i] && stored.Contains(e.EventId) => new EventOutcome(_eventIds[i], OutcomeKind.Accepted, Redactions: v.Redactions.Count == 0 ? null : v.Redactions),
                _ => new EventOutcome(_eventIds[i], OutcomeKind.Duplicate),
            };
        }
        return outcomes;
    }

    /// <summary>The first violation's description; other offending fields are named so one retry can fix all.</summary>
    private static string RejectionReason(EventValidation v) =>
        v.Violations.Count == 1
            ? v.Violations[0].Description
            : $"{v.Violations[0].Description} (also invalid: {string.Join(", ", v.Violations.Skip(1).Select(x => x.Field).Distinct())})";
}
