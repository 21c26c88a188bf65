using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Suite.Contracts.Common.V1;
using Suite.Contracts.Events;
using Suite.Contracts.Metrics.V1;
using Suite.ServiceDefaults.Grpc;
using Suite.Testing;

namespace Suite.Metrics.Tests.Integration;

/// <summary>A tenant's own KPIs: declared, validated, queried like built-in ones, private to the tenant, deleted, and in the ETL.</summary>
[Collection(InfraCollection.Name)]
public class CustomKpiTests(MetricsHost host) : IClassFixture<MetricsHost>
{
    private static readonly DateTimeOffset T0 = new(2025, 4, 2, 9, 0, 0, TimeSpan.Zero);

    private static IngestedEvent E(string domain, string type, string? status, string? country, long? amount = null, long? duration = null) =>
        new(Guid.NewGuid(), domain, type, T0.AddMinutes(Random.Shared.Next(0, 600)), "u1", null, status, country, null, null, amount, "EUR", duration);

    private static CreateKpiRequest PremiumShare() => new()
    {
        Name = "premium_checkout_share",
        Kind = "ratio",
        Numerator = { new KpiSelector { Domain = "checkout", Type = "COMPLETED", Where = { ["status"] = "premium" } } },
        Denominator = { new KpiSelector { Domain = "checkout", Type = "COMPLETED" } },
        Filters = { "country" },
    };

    private static GetKpiSeriesRequest Day(string kpi, params (string Key, string Value)[] filters)
    {
        var request = new GetKpiSeriesRequest
        {
            Kpi = kpi,
            From = Timestamp.FromDateTimeOffset(T0.Date.ToUniversalTime()),
            To = Timestamp.FromDateTimeOffset(T0.Date.ToUniversalTime().AddDays(1)),
            Granularity = Granularity.Day,
        };
        foreach (var (k, v) in filters)
        {
            request.Filters.Add(k, v);
        }
        return request;
    }

    [Fact]
    public async Task A_declared_ratio_is_computed_from_the_events_and_honours_its_filters()
    {
        var tenant = MetricsHost.NewTenant();
        var auth = host.AuthFor(tenant);
        var created = await host.Client.CreateKpiAsync(PremiumShare(), auth);
        Assert.Equal(("premium_checkout_share", "ratio", false), (created.Name, created.Unit, created.BuiltIn));
        Assert.Contains("checkout/COMPLETED[status=premium]", created.Description);

        await host.IngestAsync(tenant,
        [
            .. Enumerable.Range(0, 3).Select(_ => E("checkout", "COMPLETED", "premium", "DE")),
            .. Enumerable.Range(0, 5).Select(_ => E("checkout", "COMPLETED", "basic", "DE")),
            .. Enumerable.Range(0, 2).Select(_ => E("checkout", "COMPLETED", "premium", "US")),
            E("checkout", "STARTED", "premium", "DE"),          // another type: in neither
        ]);

        var all = await host.Client.GetKpiSeriesAsync(Day("premium_checkout_share"), auth);
        Assert.Equal((5L, 10L, 0.5), (all.Total.Numerator, all.Total.Denominator, all.Total.Value));
        var de = await host.Client.GetKpiSeriesAsync(Day("premium_checkout_share", ("country", "DE")), auth);
        Assert.Equal((3L, 8L), (de.Total.Numerator, de.Total.Denominator));

        var list = await host.Client.ListKpisAsync(new ListKpisRequest(), auth);
        var listed = list.Kpis.Single(k => k.Name == "premium_checkout_share");
        Assert.False(listed.BuiltIn);
        Assert.Equal(["country"], listed.Filters);

        var bad = await Assert.ThrowsAsync<RpcException>(async () =>
            await host.Client.GetKpiSeriesAsync(Day("premium_checkout_share", ("provider", "x")), auth));
        Assert.Equal(StatusCode.InvalidArgument, bad.StatusCode);
    }

    [Fact]
    public async Task Sums_averages_and_percentiles_can_be_declared_and_cover_events_from_before()
    {
        var tenant = MetricsHost.NewTenant();
        var auth = host.AuthFor(tenant);
        await host.Client.CreateKpiAsync(new CreateKpiRequest
        {
            Name = "basket_value", Kind = "average", Measure = "amount",
            Numerator = { new KpiSelector { Domain = "checkout", Type = "COMPLETED" } },
        }, auth);
        await host.Client.CreateKpiAsync(new CreateKpiRequest
        {
            Name = "checkout_time_p50", Kind = "percentile", Quantile = 0.5,
            Numerator = { new KpiSelector { Domain = "checkout", Type = "COMPLETED" } },
        }, auth);
        await host.IngestAsync(tenant,
        [
            E("checkout", "COMPLETED", null, null, amount: 1_000, duration: 100),
            E("checkout", "COMPLETED", null, null, amount: 3_000, duration: 200),
            E("checkout", "COMPLETED", null, null, amount: 8_000, duration: 900),
        ]);

        await host.Client.CreateKpiAsync(new CreateKpiRequest
        {
            Name = "checkout_revenue", Kind = "sum", Measure = "amount",
            Numerator = { new KpiSelector { Domain = "checkout", Type = "COMPLETED" } },
        }, auth);
        var revenue = await host.Client.GetKpiSeriesAsync(Day("checkout_revenue"), auth);
        Assert.Equal(("amount_minor", 12_000.0), (revenue.Unit, revenue.Total.Value));
        var basket = await host.Client.GetKpiSeriesAsync(Day("basket_value"), auth);
        Assert.Equal(("amount_minor", 4_000.0), (basket.Unit, basket.Total.Value));
        var p50 = await host.Client.GetKpiSeriesAsync(Day("checkout_time_p50"), auth);
        Assert.Equal("ms", p50.Unit);
        Assert.InRange(p50.Total.Value, 198, 202);   // the median 200 within the sketch's 1 %
    }

    [Fact]
    public async Task Kpis_are_private_to_their_tenant_and_names_are_unique_per_tenant()
    {
        var (a, b) = (MetricsHost.NewTenant(), MetricsHost.NewTenant());
        await host.Client.CreateKpiAsync(PremiumShare(), host.AuthFor(a));

        var again = await Assert.ThrowsAsync<RpcException>(async () => await host.Client.CreateKpiAsync(PremiumShare(), host.AuthFor(a)));
        Assert.Equal(StatusCode.AlreadyExists, again.StatusCode);

        var unknown = await Assert.ThrowsAsync<RpcException>(async () =>
            await host.Client.GetKpiSeriesAsync(Day("premium_checkout_share"), host.AuthFor(b)));
        Assert.Equal(StatusCode.InvalidArgument, unknown.StatusCode);
        Assert.DoesNotContain((await host.Client.ListKpisAsync(new ListKpisRequest(), host.AuthFor(b))).Kpis, k => k.Name == "premium_checkout_share");

        await host.Client.CreateKpiAsync(PremiumShare(), host.AuthFor(b));   // the same name in another tenant is fine
    }

    [Fact]
    public async Task Deleting_removes_the_kpi_and_built_in_ones_cannot_be_deleted()
    {
        var tenant = MetricsHost.NewTenant();
        var auth = host.AuthFor(tenant);
        await host.Client.CreateKpiAsync(PremiumShare(), auth);
        await host.Client.DeleteKpiAsync(new DeleteKpiRequest { Name = "premium_checkout_share" }, auth);

        var gone = await Assert.ThrowsAsync<RpcException>(async () => await host.Client.GetKpiSeriesAsync(Day("premium_checkout_share"), auth));
        Assert.Equal(StatusCode.InvalidArgument, gone.StatusCode);
        var twice = await Assert.ThrowsAsync<RpcException>(async () =>
            await host.Client.DeleteKpiAsync(new DeleteKpiRequest { Name = "premium_checkout_share" }, auth));
        Assert.Equal(StatusCode.NotFound, twice.StatusCode);
        var builtIn = await Assert.ThrowsAsync<RpcException>(async () =>
            await host.Client.DeleteKpiAsync(new DeleteKpiRequest { Name = "logins" }, auth));
        Assert.Equal(StatusCode.FailedPrecondition, builtIn.StatusCode);
    }

    [Fact]
    public async Task Invalid_definitions_are_rejected_with_field_violations_and_nothing_is_stored()
    {
        var tenant = MetricsHost.NewTenant();
        var auth = host.AuthFor(tenant);
        var request = PremiumShare();
        request.Name = "Bad Name";
        request.Denominator.Clear();
        request.Numerator[0].Where["colour"] = "red";

        var error = await Assert.ThrowsAsync<RpcException>(async () => await host.Client.CreateKpiAsync(request, auth));
        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        var fields = GrpcErrors.FieldViolations(error).Select(v => v.Field).ToList();
        Assert.Equal(["denominator", "name", "numerator[0].where"], fields.Order());
        Assert.DoesNotContain((await host.Client.ListKpisAsync(new ListKpisRequest(), auth)).Kpis, k => !k.BuiltIn);
    }

    [Fact]
    public async Task The_nightly_etl_stores_the_tenants_own_kpis_too()
    {
        var tenant = MetricsHost.NewTenant();
        var auth = host.AuthFor(tenant);
        await host.Client.CreateKpiAsync(PremiumShare(), auth);
        await host.IngestAsync(tenant, [E("checkout", "COMPLETED", "premium", "DE"), E("checkout", "COMPLETED", "basic", "DE")]);

        var day = T0.ToString("yyyy-MM-dd");
        var run = await host.Client.RunEtlAsync(new RunEtlRequest { FromDate = day, ToDate = day }, auth);
        Assert.Equal("succeeded", run.Days.Single().Status);
        await using var db = Npgsql.NpgsqlDataSource.Create(host.DatabaseConnectionString);
        await using var cmd = db.CreateCommand("select numerator, denominator from daily_kpis where tenant = @t and kpi = 'premium_checkout_share'");
        cmd.Parameters.AddWithValue("t", tenant);
        await using var reader = await cmd.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync());
        Assert.Equal((1L, 2L), (reader.GetInt64(0), reader.GetInt64(1)));
    }
}
