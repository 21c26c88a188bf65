using Suite.Predictions.Domain;

namespace Suite.Predictions.Tests;

public class RocAucTests
{
    public static TheoryData<double[], bool[], double> Cases => new()
    {
        { [0.1, 0.2, 0.8, 0.9], [false, false, true, true], 1.0 },
        { [0.9, 0.8, 0.2, 0.1], [false, false, true, true], 0.0 },
        { [0.5, 0.5, 0.5, 0.5], [false, true, false, true], 0.5 },
        // Pairs (pos, neg): 0.35>0.1, 0.35>0.4? no, 0.8>0.1, 0.8>0.4 → 3 of 4.
        { [0.1, 0.4, 0.35, 0.8], [false, false, true, true], 0.75 },
        // A tie between a positive and a negative counts half: (0.5 vs 0.5) = 0.5, (0.9 vs 0.5) = 1 → 0.75.
        { [0.5, 0.5, 0.9], [false, true, true], 0.75 },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Computes_the_area(double[] scores, bool[] labels, double expected) =>
        Assert.Equal(expected, RocAuc.Compute(scores, labels), 12);

    [Fact]
    public void Needs_both_classes() =>
        Assert.Throws<ArgumentException>(() => RocAuc.Compute([0.1, 0.2], [true, true]));
}
