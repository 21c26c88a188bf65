using MailKit.Security;
using Microsoft.Extensions.Configuration;
using Suite.Alerting.Configuration;

namespace Suite.Alerting.Tests.Domain;

public class ConfigurationTests
{
    private static readonly Dictionary<string, string?> Minimal = new()
    {
        ["ConnectionStrings:smtp"] = "smtp://127.0.0.1:1025",
        ["services:metrics:grpc:0"] = "http://127.0.0.1:5111",
    };

    private static IConfiguration Config(params (string Key, string? Value)[] overrides)
    {
        var values = new Dictionary<string, string?>(Minimal);
        foreach (var (key, value) in overrides)
        {
            values[key] = value;
        }
        return new ConfigurationBuilder().AddInMemoryCollection(values).Build();
    }

    [Fact]
    public void Defaults_suit_the_local_sink()
    {
        var (alerting, smtp) = AlertingConfiguration.Load(Config());
        Assert.Equal(TimeSpan.FromSeconds(5), alerting.EvaluationInterval);
        Assert.Equal(("127.0.0.1", 1025, SecureSocketOptions.None, (string?)null, "alerts@suite.local"),
            (smtp.Host, smtp.Port, smtp.Security, smtp.Username, smtp.From.Address));
    }

    [Fact]
    public void Tls_auth_and_sender_are_configurable()
    {
        var (_, smtp) = AlertingConfiguration.Load(Config(
            ("ConnectionStrings:smtp", "smtp://mail.example.com:587"),
            ("Smtp:Security", "StartTls"),
            ("Smtp:Username", "bot"),
            ("Smtp:Password", "secret"),
            ("Smtp:From", "Suite Alerts <alerts@example.com>")));
        Assert.Equal(("mail.example.com", 587, SecureSocketOptions.StartTls, "bot", "secret", "alerts@example.com", "Suite Alerts"),
            (smtp.Host, smtp.Port, smtp.Security, smtp.Username, smtp.Password, smtp.From.Address, smtp.From.Name));
    }

    [Fact]
    public void Smtps_means_implicit_tls_on_465()
    {
        var (_, smtp) = AlertingConfiguration.Load(Config(("ConnectionStrings:smtp", "smtps://mail.example.com")));
        Assert.Equal((465, SecureSocketOptions.SslOnConnect), (smtp.Port, smtp.Security));
    }

    [Theory]
    [InlineData("ConnectionStrings:smtp", null, "ConnectionStrings:smtp is not set")]
    [InlineData("ConnectionStrings:smtp", "127.0.0.1:1025", "ConnectionStrings:smtp must look like")]
    [InlineData("ConnectionStrings:smtp", "http://127.0.0.1:1025", "ConnectionStrings:smtp must look like")]
    [InlineData("Alerting:EvaluationInterval", "00:00:00.01", "Alerting:EvaluationInterval must be between")]
    [InlineData("Alerting:EvaluationInterval", "02:00:00", "Alerting:EvaluationInterval must be between")]
    [InlineData("Alerting:EvaluationInterval", "five seconds", "Alerting:EvaluationInterval")]
    [InlineData("Alerting:EvalutionInterval", "00:00:05", "EvalutionInterval")]
    [InlineData("Alerting:Notifier:MaxAttempts", "0", "Alerting:Notifier:MaxAttempts")]
    [InlineData("Alerting:Notifier:RetryMaxDelay", "00:00:01", "RetryMaxDelay")]
    [InlineData("Smtp:Username", "bot", "Smtp:Username and Smtp:Password must be set together")]
    [InlineData("Smtp:From", "not an address", "Smtp:From")]
    [InlineData("Smtp:Security", "Sometimes", "Smtp:Security")]
    [InlineData("services:metrics:grpc:0", null, "services:metrics:grpc:0")]
    public void Bad_settings_fail_with_a_clear_message(string key, string? value, string expected)
    {
        var ex = Assert.Throws<InvalidOperationException>(() => AlertingConfiguration.Load(Config((key, value))));
        Assert.StartsWith("Invalid configuration: ", ex.Message);
        Assert.Contains(expected, ex.Message);
    }

    [Fact]
    public void Smtps_with_starttls_is_contradictory()
    {
        var ex = Assert.Throws<InvalidOperationException>(() => AlertingConfiguration.Load(Config(
            ("ConnectionStrings:smtp", "smtps://mail.example.com"), ("Smtp:Security", "StartTls"))));
        Assert.Contains("contradicts", ex.Message);
    }
}
