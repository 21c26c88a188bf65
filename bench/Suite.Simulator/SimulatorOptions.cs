namespace Suite.Simulator;

/// <summary>Command line: --rate 50 --tenants demo,acme --duration 0 --seed 1 --ingestion URL --alerting URL --token T.</summary>
public sealed record SimulatorOptions(
    double EventsPerSecond,
    IReadOnlyList<string> Tenants,
    TimeSpan? Duration,
    int Seed,
    Uri Ingestion,
    Uri? Alerting,
    string? Token,
    string? SigningKey,
    string DemoAlertEmail)
{
    public static SimulatorOptions Parse(string[] args, Func<string, string?> env)
    {
        var map = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < args.Length; i++)
        {
            if (!args[i].StartsWith("--", StringComparison.Ordinal))
            {
                throw new ArgumentException($"unexpected argument '{args[i]}'");
            }
            var key = args[i][2..];
            if (i + 1 >= args.Length || args[i + 1].StartsWith("--", StringComparison.Ordinal))
            {
                throw new ArgumentException($"--{key} needs a value");
            }
            map[key] = args[++i];
        }
        var known = new[] { "rate", "tenants", "duration", "seed", "ingestion", "alerting", "token", "alert-email" };
        var unknown = map.Keys.Where(k => !known.Contains(k, StringComparer.OrdinalIgnoreCase)).ToList();
        if (unknown.Count > 0)
        {
            throw new ArgumentException($"unknown option(s): {string.Join(", ", unknown.Select(u => "--" + u))}");
        }

        var rate = double.Parse(map.GetValueOrDefault("rate", "50"), System.Globalization.CultureInfo.InvariantCulture);
        if (rate is <= 0 or > 200_000)
        {
            throw new ArgumentException("--rate must be in (0, 200000] events/s");
        }
        var tenants = map.GetValueOrDefault("tenants", "demo,acme").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var seconds = int.Parse(map.GetValueOrDefault("duration", "0"), System.Globalization.CultureInfo.InvariantCulture);
        var ingestion = map.GetValueOrDefault("ingestion") ?? env("services__ingestion__grpc__0")
            ?? throw new ArgumentException("--ingestion URL (or services__ingestion__grpc__0) is required");
        var alerting = map.GetValueOrDefault("alerting") ?? env("services__alerting__grpc__0");
        return new SimulatorOptions(
            rate,
            tenants,
            seconds > 0 ? TimeSpan.FromSeconds(seconds) : null,
            int.Parse(map.GetValueOrDefault("seed", "1"), System.Globalization.CultureInfo.InvariantCulture),
            new Uri(ingestion),
            alerting is null ? null : new Uri(alerting),
            map.GetValueOrDefault("token") ?? env("Suite__Token"),
            env("Auth__SigningKey"),
            map.GetValueOrDefault("alert-email", "ops@demo.local"));
    }
}
