namespace Suite.Predictions.Domain;

/// <summary>One generated login attempt: its factors, the true compromise probability and the label drawn from it.</summary>
public readonly record struct ThreatSample(ThreatFactors Factors, double TrueProbability, bool Compromised);

/// <summary>
/// Synthetic login attempts whose factors come in realistic clusters: most logins are routine, travellers bring a new
/// IP and often a new country at odd hours, and hostile-looking sessions combine failed attempts, new IPs, rapid
/// sessions and exports. Labels are drawn from <see cref="ThreatGroundTruth"/> (about 5–10 % compromised).
/// Deterministic for a seed.
/// </summary>
public static class ThreatDataGenerator
{
    public static IReadOnlyList<ThreatSample> Generate(int count, int seed)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        var random = new Random(seed);
        var samples = new ThreatSample[count];
        for (var i = 0; i < count; i++)
        {
            var factors = NextFactors(random);
            var p = ThreatGroundTruth.Probability(factors);
            samples[i] = new ThreatSample(factors, p, random.NextDouble() < p);
        }
        return samples;
    }

    private static ThreatFactors NextFactors(Random random)
    {
        var context = random.NextDouble();
        var hostile = context < 0.06;
        var travelling = !hostile && context < 0.10;
        var failed = random.Poisson(hostile ? 4 : 0.15);
        var newIp = hostile ? Chance(random, 0.6) : travelling || Chance(random, 0.12);
        return new ThreatFactors(
            NewIp: newIp,
            NewCountry: newIp && Chance(random, hostile ? 0.5 : travelling ? 0.7 : 0.05),
            FailedThenSuccess: failed > 0 && Chance(random, hostile ? 0.7 : 0.5),
            RapidSessions: Chance(random, hostile ? 0.3 : 0.03),
            LargeExport: Chance(random, hostile ? 0.25 : 0.04),
            OutsideBusinessHours: Chance(random, hostile || travelling ? 0.5 : 0.2),
            FailedAttempts1h: failed);
    }

    private static bool Chance(Random random, double p) => random.NextDouble() < p;
}
