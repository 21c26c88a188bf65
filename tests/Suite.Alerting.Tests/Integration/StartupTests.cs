using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Suite.Testing;

namespace Suite.Alerting.Tests.Integration;

/// <summary>Configuration mistakes stop the service at start-up, before it touches anything.</summary>
public sealed class StartupTests
{
    [Theory]
    [InlineData("ConnectionStrings:smtp", "", "ConnectionStrings:smtp is not set")]
    [InlineData("Alerting:EvaluationInterval", "00:00:00", "Alerting:EvaluationInterval must be between")]
    [InlineData("Alerting:Notifier:BatchSize", "0", "Alerting:Notifier:BatchSize")]
    public void Bad_configuration_fails_start_up_with_a_clear_message(string key, string value, string expected)
    {
        using var factory = new WebApplicationFactory<Program>().WithWebHostBuilder(b =>
        {
            b.UseSetting("ConnectionStrings:alertingdb", "Host=127.0.0.1;Port=1;Database=none;Username=none");
            b.UseSetting("ConnectionStrings:rabbitmq", "amqp://guest:guest@127.0.0.1:1/");
            b.UseSetting("ConnectionStrings:smtp", "smtp://127.0.0.1:1025");
            b.UseSetting("Auth:SigningKey", InfraFixture.SigningKey);
            b.UseSetting("services:metrics:grpc:0", "http://127.0.0.1:1");
            b.UseSetting(key, value);
        });
        var ex = Assert.ThrowsAny<Exception>(() => factory.Server);
        var messages = string.Join(" | ", Chain(ex).Select(e => e.Message));
        Assert.Contains("Invalid configuration: ", messages);
        Assert.Contains(expected, messages);
    }

    private static IEnumerable<Exception> Chain(Exception? ex)
    {
        for (; ex is not null; ex = ex.InnerException)
        {
            yield return ex;
        }
    }
}
