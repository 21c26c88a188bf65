using Suite.Testing;

namespace Suite.Predictions.Tests;

/// <summary>ServiceDefaults' request size limits on predictions.</summary>
[Collection(InfraCollection.Name)]
public sealed class RequestSizeLimitTests(InfraFixture infra)
{
    [Fact]
    public async Task Oversized_requests_are_refused_before_the_handler()
    {
        await using var host = await PredictionsTestHost.StartAsync(infra, new Dictionary<string, string?> { ["Predictions:TrainingRows"] = "10000" }, waitForBus: false);
        var token = infra.TokenFor("acme");
        using var channel = host.Factory.Channel();
        await SizeLimitChecks.AssertGrpcRefusedAsync(channel, "suite.predictions.v1.Predictions", "ScoreChurn", token);
        await SizeLimitChecks.AssertGrpcRefusedAsync(channel, "suite.predictions.v1.Predictions", "TrainModel", token);
        await SizeLimitChecks.AssertHttpRefusedAsync(host.Factory.CreateClient(), "/v1/churn:score", token);
        Assert.Equal(0L, await host.ScalarAsync<long>("select count(*) from audit_log"));
    }
}
