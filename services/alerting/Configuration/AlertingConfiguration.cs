using Microsoft.Extensions.Configuration;

namespace Suite.Alerting.Configuration;

/// <summary>
/// Reads and checks every setting alerting needs, once, at start-up. Unknown keys in the Alerting and Smtp
/// sections are errors too (a typo must not silently fall back to a default).
/// </summary>
public static class AlertingConfiguration
{
    public const string MetricsAddressKey = "services:metrics:grpc:0";

    public static (AlertingOptions Alerting, SmtpSettings Smtp) Load(IConfiguration configuration)
    {
        var errors = new List<string>();
        var alerting = Bind<AlertingOptions>(configuration, AlertingOptions.Section, errors);
        var smtpOptions = Bind<SmtpOptions>(configuration, SmtpOptions.Section, errors);
        errors.AddRange(alerting.Validate());
        var (smtp, smtpErrors) = SmtpSettings.Create(configuration.GetConnectionString(SmtpOptions.ConnectionName), smtpOptions);
        errors.AddRange(smtpErrors);

        var metrics = configuration[MetricsAddressKey];
        if (!Uri.TryCreate(metrics, UriKind.Absolute, out _))
        {
            errors.Add($"{MetricsAddressKey} must be the metrics service's gRPC address (e.g. http://127.0.0.1:5111)");
        }

        if (errors.Count > 0 || smtp is null)
        {
            throw new InvalidOperationException("Invalid configuration: " + string.Join("; ", errors));
        }
        return (alerting, smtp);
    }

    private static T Bind<T>(IConfiguration configuration, string section, List<string> errors) where T : new()
    {
        try
        {
            return configuration.GetSection(section).Get<T>(o => o.ErrorOnUnknownConfiguration = true) ?? new T();
        }
        catch (InvalidOperationException ex)
        {
            errors.Add(ex.Message.TrimEnd('.'));
            return new T();
        }
    }
}
