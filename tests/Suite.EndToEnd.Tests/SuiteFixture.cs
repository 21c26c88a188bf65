using System.Reflection;
using Grpc.Core;
using Grpc.Net.Client;
using Suite.Hosting;
using Suite.Testing;
using Xunit;

namespace Suite.EndToEnd.Tests;

/// <summary>
/// The whole suite, started once for this assembly with <see cref="SuiteTopology"/> — the same topology the run
/// command uses — on throwaway infrastructure, plus a Slack stand-in. Alerting evaluates every second here.
/// </summary>
public sealed class SuiteFixture : IAsyncLifetime
{
    private readonly List<GrpcChannel> _channels = [];

    public SuiteApplication Suite { get; private set; } = null!;
    public SlackSink Slack { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Slack = await SlackSink.StartAsync();
        Suite = SuiteTopology.Build(Options("suite-e2e-"));
        await Suite.StartAsync();
    }

    /// <summary>Throwaway infrastructure in a fresh temp folder, this build's configuration, alerting every second.</summary>
    public static SuiteHostOptions Options(string folderPrefix) => new()
    {
        StateDir = Path.Combine(Path.GetTempPath(), folderPrefix + Guid.NewGuid().ToString("N")[..8]),
        Configuration = typeof(SuiteFixture).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Debug",
        Throwaway = true,
        DeleteStateOnStop = Environment.GetEnvironmentVariable("SUITE_TEST_KEEP") != "1",
        ScrapeInterval = TimeSpan.FromSeconds(1),
        ExtraEnvironment =
        {
            ["alerting"] = new Dictionary<string, string?>
            {
                ["Alerting__EvaluationInterval"] = "00:00:01",
                ["Alerting__Notifier__PollInterval"] = "00:00:00.2",
            },
        },
    };

    public GrpcChannel Channel(string service)
    {
        var channel = GrpcChannel.ForAddress(Suite.GrpcEndpoint(service));
        _channels.Add(channel);
        return channel;
    }

    public static Metadata Bearer(string token) => new() { { "authorization", "Bearer " + token } };

    public async Task DisposeAsync()
    {
        foreach (var channel in _channels)
        {
            channel.Dispose();
        }
        if (Suite is not null)
        {
            await Suite.DisposeAsync();
        }
        if (Slack is not null)
        {
            await Slack.DisposeAsync();
        }
    }
}

[CollectionDefinition(Name)]
public sealed class SuiteCollection : ICollectionFixture<SuiteFixture>
{
    public const string Name = "suite";
}
