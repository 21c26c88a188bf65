using Microsoft.Extensions.Configuration;

namespace Suite.Predictions.Tests;

public class ChurnTrainingOptionsTests
{
    private static IConfiguration Config(params (string Key, string Value)[] values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values.Select(v => new KeyValuePair<string, string?>(v.Key, v.Value))).Build();

    [Fact]
    public void Defaults_are_valid()
    {
        var options = ChurnTrainingOptions.From(Config());
        Assert.Equal("lbfgs", options.Trainer);
        Assert.Equal(20_000, options.TrainingRows);
    }

    [Theory]
    [InlineData("Predictions:Churn:Trainer", "sdca", "Trainer must be one of")]
    [InlineData("Predictions:Churn:TrainingRows", "10", "TrainingRows must be between")]
    [InlineData("Predictions:Churn:HoldoutFraction", "0.9", "HoldoutFraction must be between")]
    [InlineData("Predictions:Churn:TrainigRows", "20000", "TrainigRows")]
    [InlineData("Predictions:Churn:TrainingRows", "many", "Predictions:Churn")]
    public void Rejects_bad_settings_with_a_clear_message(string key, string value, string expected)
    {
        var ex = Assert.Throws<InvalidOperationException>(() => ChurnTrainingOptions.From(Config((key, value))));
        Assert.StartsWith("Invalid configuration: ", ex.Message);
        Assert.Contains(expected, ex.Message);
    }
}
