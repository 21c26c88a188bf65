using Npgsql;
using Suite.Predictions.Domain;
using Suite.ServiceDefaults.Data;

namespace Suite.Predictions.Features;

/// <summary>
/// Reads features "as of" an instant from the fs_ tables (scoring by id, the risk scan) and labelled training rows
/// (labels from later facts: cancellation within <see cref="ChurnHorizonDays"/>, an order for the quote within
/// <see cref="ConversionWindowDays"/>, a confirmed compromise within <see cref="CompromiseWindowDays"/>).
/// </summary>
public sealed class FeatureStore(NpgsqlDataSource dataSource, [FromKeyedServices(SystemScope.AllTenants)] NpgsqlDataSource allTenants, PredictionsOptions options, TimeProvider clock) : IFeatureLookup, ITrainingData
{
    public const int ChurnHorizonDays = 90;
    public const int ConversionWindowDays = 30;
    public const int CompromiseWindowDays = 7;

    // One row per account of the tenant known at @asof (not cancelled before it unless @with_cancelled), optionally
    // limited to @ids; label = cancelled within the horizon after @asof.
    private const string AccountsSql = """
        select a.account_id, a.first_seen,
            (select max(l.occurred_at) from fs_logins l where l.tenant = a.tenant and l.account_id = a.account_id and l.success and l.occurred_at <= @asof),
            (select count(*)::int from fs_logins l where l.tenant = a.tenant and l.account_id = a.account_id and l.success
                and l.occurred_at > @asof - interval '30 days' and l.occurred_at <= @asof),
            (select count(*)::int from fs_sessions s where s.tenant = a.tenant and s.account_id = a.account_id
                and s.started_at > @asof - interval '7 days' and s.started_at <= @asof),
            (select count(*)::int from fs_tickets k where k.tenant = a.tenant and k.account_id = a.account_id
                and k.opened_at <= @asof and (k.resolved_at is null or k.resolved_at > @asof)),
            coalesce((select sum(n.sent)::int from fs_notification_days n where n.tenant = a.tenant and n.account_id = a.account_id
                and n.day > (@asof at time zone 'UTC')::date - 30 and n.day <= (@asof at time zone 'UTC')::date), 0),
            coalesce((select sum(n.clicked)::int from fs_notification_days n where n.tenant = a.tenant and n.account_id = a.account_id
                and n.day > (@asof at time zone 'UTC')::date - 30 and n.day <= (@asof at time zone 'UTC')::date), 0),
            (select count(*)::int from fs_feature_uses f where f.tenant = a.tenant and f.account_id = a.account_id and f.first_used <= @asof),
            (select count(distinct f.feature)::int from fs_feature_uses f where f.tenant = a.tenant and f.first_used <= @asof),
            exists (select 1 from fs_cancellations c where c.tenant = a.tenant and c.account_id = a.account_id
                and c.cancelled_at > @asof and c.cancelled_at <= @asof + make_interval(days => @horizon))
        from fs_accounts a
        where a.tenant = @t and a.first_seen <= @asof
          and (cardinality(@ids) = 0 or a.account_id = any(@ids))
          and (@with_cancelled or not exists (select 1 from fs_cancellations c
                where c.tenant = a.tenant and c.account_id = a.account_id and c.cancelled_at <= @asof))
        order by a.account_id
        """;

    private const string QuotesSql = """
        select q.quote_id, q.value, q.line_items, q.portal, q.requested_at,
            (select count(*)::int from fs_orders o where o.tenant = q.tenant and o.account_id = q.account_id and o.ordered_at < q.requested_at),
            (select max(o.ordered_at) from fs_orders o where o.tenant = q.tenant and o.account_id = q.account_id and o.ordered_at < q.requested_at),
            exists (select 1 from fs_orders o where o.tenant = q.tenant and o.ordered_at >= q.requested_at
                and o.ordered_at < q.requested_at + make_interval(days => @window)
                and (o.quote_id = q.quote_id or (o.quote_id is null and o.account_id = q.account_id)))
        from fs_quotes q
        where q.tenant = @t and {0}
        order by q.requested_at, q.quote_id
        """;

    private const string LoginsSql = """
        select l.occurred_at, l.success,
            case when l.ip_hash is null then null else exists (select 1 from fs_logins p where p.tenant = l.tenant and p.user_id = l.user_id
                and p.success and p.occurred_at < l.occurred_at and p.ip_hash = l.ip_hash) end,
            case when l.country is null then null else exists (select 1 from fs_logins p where p.tenant = l.tenant and p.user_id = l.user_id
                and p.success and p.occurred_at < l.occurred_at and p.country = l.country) end,
            (select count(*)::int from fs_logins p where p.tenant = l.tenant and p.user_id = l.user_id and not p.success
                and p.occurred_at >= l.occurred_at - interval '1 hour' and p.occurred_at < l.occurred_at),
            (select count(*)::int from fs_logins p where p.tenant = l.tenant and p.user_id = l.user_id and p.success
                and p.occurred_at > l.occurred_at - interval '5 minutes' and p.occurred_at <= l.occurred_at),
            coalesce((select max(x.rows) from fs_exports x where x.tenant = l.tenant and x.user_id = l.user_id
                and x.occurred_at >= l.occurred_at and x.occurred_at < l.occurred_at + interval '1 hour'), 0),
            exists (select 1 from fs_compromises c where c.tenant = l.tenant and c.user_id = l.user_id
                and c.confirmed_at >= l.occurred_at and c.confirmed_at < l.occurred_at + make_interval(days => @window)),
            l.event_id, l.user_id
        from fs_logins l
        where l.tenant = @t and {0}
        """;

    public async Task<ChurnFeatureVector?> ChurnFeaturesAsync(string tenant, string accountId, DateTimeOffset asOf, CancellationToken ct)
    {
        var rows = await ReadAccountsAsync(tenant, [accountId], asOf, withCancelled: true, ct);
        return rows.Count == 0 ? null : rows[0].Features;
    }

    public async Task<IReadOnlyList<(string AccountId, ChurnFeatureVector Features)>> AccountsAsync(string tenant, IReadOnlyList<string> accountIds, DateTimeOffset asOf, CancellationToken ct) =>
        (await ReadAccountsAsync(tenant, accountIds, asOf, withCancelled: accountIds.Count > 0, ct)).Select(r => (r.AccountId, r.Features)).ToList();

    public async Task<IReadOnlyList<string>> TenantsAsync(CancellationToken ct)
    {
        // Every tenant with features (the scheduled jobs then work tenant by tenant): the all-tenants scope.
        await using var cmd = allTenants.CreateCommand("select distinct tenant from fs_accounts order by tenant");
        var tenants = new List<string>();
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            tenants.Add(reader.GetString(0));
        }
        return tenants;
    }

    public async Task<ThreatFactors?> LatestLoginFactorsAsync(string tenant, string userId, CancellationToken ct)
    {
        var rows = await ReadLoginsAsync(tenant,
            "l.event_id = (select p.event_id from fs_logins p where p.tenant = @t and p.user_id = @u order by p.occurred_at desc, p.event_id desc limit 1)",
            cmd => cmd.Parameters.AddWithValue("u", userId), ct);
        return rows.Count == 0 ? null : rows[0].Sample.Factors;
    }

    /// <summary>The factors of the given login events (real-time scoring of what a batch brought).</summary>
    public async Task<IReadOnlyList<(Guid EventId, string UserId, ThreatFactors Factors)>> LoginFactorsAsync(string tenant, IReadOnlyList<Guid> eventIds, CancellationToken ct) =>
        (await ReadLoginsAsync(tenant, "l.event_id = any(@ids)", cmd => cmd.Parameters.AddWithValue("ids", eventIds.ToArray()), ct))
            .Select(r => (r.EventId, r.UserId, r.Sample.Factors)).ToList();

    public async Task<ConversionFeatureVector?> QuoteFeaturesAsync(string tenant, string quoteId, DateTimeOffset asOf, CancellationToken ct)
    {
        var rows = await ReadQuotesAsync(tenant, "q.quote_id = @q", cmd => cmd.Parameters.AddWithValue("q", quoteId), ct);
        return rows.Count == 0 ? null : rows[0].Features;
    }

    public async Task<IReadOnlyList<ChurnSample>> ChurnAsync(string tenant, DateOnly snapshot, CancellationToken ct)
    {
        var asOf = new DateTimeOffset(snapshot.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
        return (await ReadAccountsAsync(tenant, [], asOf, withCancelled: false, ct))
            .Select(r => new ChurnSample(r.Features, double.NaN, r.Cancelled)).ToList();
    }

    public async Task<IReadOnlyList<ConversionSample>> ConversionAsync(string tenant, DateOnly to, int days, CancellationToken ct)
    {
        var (from, until) = Window(to, days);
        var settled = clock.GetUtcNow().AddDays(-ConversionWindowDays);
        // A quote with no order yet is a negative only once its window has passed.
        var rows = await ReadQuotesAsync(tenant, "q.requested_at >= @from and q.requested_at < @until", cmd =>
        {
            cmd.Parameters.AddWithValue("from", from);
            cmd.Parameters.AddWithValue("until", until);
        }, ct);
        return rows.Where(r => r.Converted || r.RequestedAt <= settled)
            .Select(r => new ConversionSample(r.Features, double.NaN, r.Converted)).ToList();
    }

    public async Task<IReadOnlyList<ThreatSample>> ThreatAsync(string tenant, DateOnly to, int days, CancellationToken ct)
    {
        var (from, until) = Window(to, days);
        var rows = await ReadLoginsAsync(tenant, "l.occurred_at >= @from and l.occurred_at < @until", cmd =>
        {
            cmd.Parameters.AddWithValue("from", from);
            cmd.Parameters.AddWithValue("until", until);
        }, ct);
        return rows.Select(r => r.Sample).ToList();
    }

    private static (DateTimeOffset From, DateTimeOffset Until) Window(DateOnly to, int days)
    {
        var until = new DateTimeOffset(to.AddDays(1).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
        return (until.AddDays(-Math.Max(1, days)), until);
    }

    private async Task<List<(string AccountId, ChurnFeatureVector Features, bool Cancelled)>> ReadAccountsAsync(
        string tenant, IReadOnlyList<string> ids, DateTimeOffset asOf, bool withCancelled, CancellationToken ct)
    {
        await using var conn = await dataSource.OpenTenantConnectionAsync(tenant, ct);
        await using var cmd = new NpgsqlCommand(AccountsSql, conn);
        cmd.Parameters.AddWithValue("t", tenant);
        cmd.Parameters.AddWithValue("asof", asOf.ToUniversalTime());
        cmd.Parameters.AddWithValue("ids", ids.ToArray());
        cmd.Parameters.AddWithValue("with_cancelled", withCancelled);
        cmd.Parameters.AddWithValue("horizon", ChurnHorizonDays);
        var rows = new List<(string, ChurnFeatureVector, bool)>();
        await using var r = await cmd.ExecuteReaderAsync(ct);
        while (await r.ReadAsync(ct))
        {
            var activity = new AccountActivity(
                r.GetFieldValue<DateTimeOffset>(1),
                r.IsDBNull(2) ? null : r.GetFieldValue<DateTimeOffset>(2),
                r.GetInt32(3), r.GetInt32(4), r.GetInt32(5), r.GetInt32(6), r.GetInt32(7), r.GetInt32(8), r.GetInt32(9));
            rows.Add((r.GetString(0), ChurnFeatureDerivation.From(activity, asOf), r.GetBoolean(10)));
        }
        return rows;
    }

    private async Task<List<(ConversionFeatureVector Features, DateTimeOffset RequestedAt, bool Converted)>> ReadQuotesAsync(
        string tenant, string filter, Action<NpgsqlCommand> bind, CancellationToken ct)
    {
        await using var conn = await dataSource.OpenTenantConnectionAsync(tenant, ct);
        await using var cmd = new NpgsqlCommand(string.Format(System.Globalization.CultureInfo.InvariantCulture, QuotesSql, filter), conn);
        cmd.Parameters.AddWithValue("t", tenant);
        cmd.Parameters.AddWithValue("window", ConversionWindowDays);
        bind(cmd);
        var rows = new List<(ConversionFeatureVector, DateTimeOffset, bool)>();
        await using var r = await cmd.ExecuteReaderAsync(ct);
        while (await r.ReadAsync(ct))
        {
            var requestedAt = r.GetFieldValue<DateTimeOffset>(4);
            var history = new QuoteHistory(r.GetDouble(1), r.GetInt32(2), r.GetBoolean(3), requestedAt, r.GetInt32(5),
                r.IsDBNull(6) ? null : r.GetFieldValue<DateTimeOffset>(6));
            rows.Add((ConversionFeatureDerivation.From(history), requestedAt, r.GetBoolean(7)));
        }
        return rows;
    }

    private async Task<List<(Guid EventId, string UserId, ThreatSample Sample)>> ReadLoginsAsync(
        string tenant, string filter, Action<NpgsqlCommand> bind, CancellationToken ct)
    {
        await using var conn = await dataSource.OpenTenantConnectionAsync(tenant, ct);
        await using var cmd = new NpgsqlCommand(string.Format(System.Globalization.CultureInfo.InvariantCulture, LoginsSql, filter), conn);
        cmd.Parameters.AddWithValue("t", tenant);
        cmd.Parameters.AddWithValue("window", CompromiseWindowDays);
        bind(cmd);
        var rows = new List<(Guid, string, ThreatSample)>();
        await using var r = await cmd.ExecuteReaderAsync(ct);
        while (await r.ReadAsync(ct))
        {
            var history = new LoginHistory(r.GetFieldValue<DateTimeOffset>(0), r.GetBoolean(1),
                r.IsDBNull(2) ? null : r.GetBoolean(2), r.IsDBNull(3) ? null : r.GetBoolean(3),
                r.GetInt32(4), r.GetInt32(5), r.GetInt64(6));
            rows.Add((r.GetGuid(8), r.GetString(9), new ThreatSample(ThreatFactorRules.From(history, options.Zone), double.NaN, r.GetBoolean(7))));
        }
        return rows;
    }
}
