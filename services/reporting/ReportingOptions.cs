using Suite.ServiceDefaults.Configuration;

namespace Suite.Reporting;

/// <summary>Section "Reporting".</summary>
public sealed class ReportingOptions
{
    public const string Section = "Reporting";
    public const string MetricsAddressKey = "services:metrics:grpc:0";

    /// <summary>Deadline of one call to the metrics service, retries included.</summary>
    public TimeSpan MetricsTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Binds and validates the section (unknown keys rejected) and checks that metrics can be found.</summary>
    public static ReportingOptions From(IConfiguration configuration) =>
        configuration.BindStrict<ReportingOptions>(Section, o => o.Validate(configuration[MetricsAddressKey]));

    public IEnumerable<string> Validate(string? metricsAddress)
    {
        if (MetricsTimeout < TimeSpan.FromMilliseconds(100) || MetricsTimeout > TimeSpan.FromMinutes(2))
        {
            yield return $"{Section}:MetricsTimeout must be between 00:00:00.1 and 00:02:00";
        }
        if (string.IsNullOrWhiteSpace(metricsAddress) || !Uri.TryCreate(metricsAddress, UriKind.Absolute, out _))
        {
            yield return $"{MetricsAddressKey} must be the metrics service's gRPC address (e.g. http://127.0.0.1:5111)";
        }
    }
}
