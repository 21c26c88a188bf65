namespace Suite.Predictions.Domain;

/// <summary>Draws from the distributions the data generators need (System.Random only offers uniform ones).</summary>
internal static class RandomDraws
{
    // 1 - NextDouble() lies in (0, 1], so the logarithms below stay finite.
    public static double Exponential(this Random random, double mean) => -mean * Math.Log(1 - random.NextDouble());

    /// <summary>Standard normal (Box-Muller).</summary>
    public static double Normal(this Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());

    /// <summary>1, 2, 3 … with the given mean (&gt; 1).</summary>
    public static double Geometric(this Random random, double mean) =>
        1 + Math.Floor(Math.Log(1 - random.NextDouble()) / Math.Log(1 - 1 / mean));

    /// <summary>Knuth's method: fine for the small means used here.</summary>
    public static double Poisson(this Random random, double mean)
    {
        var limit = Math.Exp(-mean);
        var k = 0;
        var product = random.NextDouble();
        while (product > limit)
        {
            k++;
            product *= random.NextDouble();
        }
        return k;
    }
}
