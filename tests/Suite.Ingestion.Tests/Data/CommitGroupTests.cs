using Suite.Ingestion.Data;
using Suite.Ingestion.Domain;

namespace Suite.Ingestion.Tests.Data;

/// <summary>Merging queued requests into one transaction, and handing each its share of what was stored.</summary>
public class CommitGroupTests
{
    private static readonly Guid A = Guid.Parse("00000000-0000-0000-0000-00000000000a");
    private static readonly Guid B = Guid.Parse("00000000-0000-0000-0000-00000000000b");
    private static readonly Guid C = Guid.Parse("00000000-0000-0000-0000-00000000000c");
    private static readonly Guid D = Guid.Parse("00000000-0000-0000-0000-00000000000d");

    private static ValidatedEvent Event(Guid id) => new(
        id, "auth", "LOGIN", DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch, null, DateTimeOffset.UnixEpoch,
        null, null, null, null, null, null, null, null, null, null, null, null, new Dictionary<string, string>(), 1);

    private static (string, IReadOnlyList<ValidatedEvent>) Part(string tenant, params Guid[] ids) => (tenant, ids.Select(Event).ToList());

    private static IReadOnlyDictionary<string, IReadOnlySet<Guid>> New(params (string Tenant, Guid[] Ids)[] stored) =>
        stored.ToDictionary(s => s.Tenant, s => (IReadOnlySet<Guid>)s.Ids.ToHashSet());

    [Fact]
    public void Tenants_come_in_ordinal_order_with_each_id_once_and_keys_sorted()
    {
        var group = CommitGroup.Of([Part("t2", D, B), Part("T1", C), Part("t2", B, A)]);

        Assert.Equal(["T1", "t2"], group.Tenants.Select(t => t.Tenant));
        Assert.Equal([D, B, A], group.Tenants[1].Events.Select(e => e.EventId));   // arrival order, B once
        Assert.Equal([A, B, D], group.Tenants[1].Keys.Select(k => k.Id));          // the lock order
        Assert.Equal(4, group.Tenants.Sum(t => t.Events.Count));   // distinct events across the group
        Assert.Equal(3, group.Parts);
    }

    public static TheoryData<string, (string, IReadOnlyList<ValidatedEvent>)[], (string, Guid[])[], Guid[][]> Shares => new()
    {
        {
            "all new: each request gets its own ids",
            [Part("t", A, B), Part("t", C)], [("t", [A, B, C])], [[A, B], [C]]
        },
        {
            "an id sent twice in the group: the first request stores it, the later one sees a duplicate",
            [Part("t", A, B), Part("t", B, C)], [("t", [A, B, C])], [[A, B], [C]]
        },
        {
            "the same id for two tenants is two events",
            [Part("t1", A), Part("t2", A)], [("t1", [A]), ("t2", [A])], [[A], [A]]
        },
        {
            "ids stored before are nobody's",
            [Part("t", A, B), Part("t", C)], [("t", [B])], [[B], []]
        },
        {
            "a tenant with nothing new",
            [Part("t1", A), Part("t2", B)], [("t1", [A]), ("t2", [])], [[A], []]
        },
    };

    [Theory]
    [MemberData(nameof(Shares))]
    public void Each_request_gets_the_ids_it_stored(string why, (string, IReadOnlyList<ValidatedEvent>)[] parts, (string, Guid[])[] stored, Guid[][] expected)
    {
        var shares = CommitGroup.Of(parts).Resolve(New(stored));

        Assert.True(expected.Length == shares.Length, why);
        for (var i = 0; i < expected.Length; i++)
        {
            Assert.True(expected[i].ToHashSet().SetEquals(shares[i]), $"{why}: request {i} got [{string.Join(", ", shares[i])}]");
        }
    }
}
