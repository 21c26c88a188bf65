namespace Suite.Reporting;

/// <summary>Section "Reporting".</summary>
public sealed class ReportingOptions
{
    public const string Section = "Reporting";
    public const string MetricsAddressKey = "services:metrics:grpc:0";

    private static readonly string[] Known = [nameof(MetricsTimeout)];

    /// <summary>Deadline of one call to the metrics service, retries included.</summary>
    public TimeSpan MetricsTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Binds and validates the section (unknown keys rejected) and checks that metrics can be found.</summary>
    public static ReportingOptions From(IConfiguration configuration)
    {
        var section = configuration.GetSection(Section);
        var errors = section.GetChildren()
            .Where(c => !Known.Contains(c.Key, StringComparer.OrdinalIgnoreCase))
            .Select(c => $"{Section}:{c.Key} is not a known setting (known: {string.Join(", ", Known)})")
            .ToList();
        var options = new ReportingOptions();
        try
        {
            section.Bind(options);
        }
        catch (InvalidOperationException ex)
        {
            errors.Add($"{Section}: {ex.Message}");
        }
        if (options.MetricsTimeout < TimeSpan.FromMilliseconds(100) || options.MetricsTimeout > TimeSpan.FromMinutes(2))
        {
            errors.Add($"{Section}:MetricsTimeout must be between 00:00:00.1 and 00:02:00");
        }
        var metrics = configuration[MetricsAddressKey];
        if (string.IsNullOrWhiteSpace(metrics) || !Uri.TryCreate(metrics, UriKind.Absolute, out _))
        {
            errors.Add($"{MetricsAddressKey} must be the metrics service's gRPC address (e.g. http://127.0.0.1:5111)");
        }
        return errors.Count == 0
            ? options
            : throw new InvalidOperationException("Invalid configuration: " + string.Join("; ", errors));
    }
}
