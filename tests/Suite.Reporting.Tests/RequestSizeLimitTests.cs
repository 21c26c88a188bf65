using Suite.Testing;

namespace Suite.Reporting.Tests;

/// <summary>ServiceDefaults' request size limits on reporting.</summary>
[Collection(InfraCollection.Name)]
public sealed class RequestSizeLimitTests(InfraFixture infra)
{
    [Fact]
    public async Task Oversized_requests_are_refused_before_the_handler()
    {
        await using var env = await ReportingTestHost.StartAsync(infra);
        await using var factory = env.NewFactory();
        var token = infra.TokenFor("acme");
        using var channel = factory.Channel();
        await SizeLimitChecks.AssertGrpcRefusedAsync(channel, "suite.reporting.v1.Reporting", "GenerateReport", token);
        await SizeLimitChecks.AssertHttpRefusedAsync(factory.CreateClient(), "/v1/reports", token);
    }
}
