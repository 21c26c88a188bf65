using Suite.Testing;

namespace Suite.Ingestion.Tests.Integration;

/// <summary>ServiceDefaults' request size limits on ingestion (its own per-event and per-batch limits are tighter still).</summary>
[Collection(InfraCollection.Name)]
public class RequestSizeLimitTests(IngestionHost host) : IClassFixture<IngestionHost>
{
    [Fact]
    public async Task Oversized_requests_are_refused_before_the_handler()
    {
        var token = host.TokenFor(TestEvents.NewTenant());
        using var channel = host.Factory.Channel();
        await SizeLimitChecks.AssertGrpcRefusedAsync(channel, "suite.ingestion.v1.Ingestion", "EraseUser", token);
        await SizeLimitChecks.AssertGrpcRefusedAsync(channel, "suite.ingestion.v1.Ingestion", "TrackBatch", token);
        await SizeLimitChecks.AssertHttpRefusedAsync(host.Factory.CreateClient(), "/v1/batch", token);
        await using var cmd = host.Database.CreateCommand("select count(*) from audit_log");
        Assert.Equal(0L, await cmd.ExecuteScalarAsync());
    }
}
