using Microsoft.Extensions.Configuration;

namespace Suite.Predictions.Tests;

public class PredictionsOptionsTests
{
    private static IConfiguration Config(params (string Key, string Value)[] values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values.Select(v => new KeyValuePair<string, string?>(v.Key, v.Value))).Build();

    [Fact]
    public void Defaults_are_valid()
    {
        var options = PredictionsOptions.From(Config());
        Assert.Equal("auto", options.Trainer);
        Assert.Equal(20_000, options.TrainingRows);
        Assert.Equal("UTC", options.Zone.Id);
        // Sunday 03:00 weekly.
        Assert.Equal(new DateTime(2026, 11, 29, 3, 0, 0, DateTimeKind.Utc), options.RetrainCron.GetNextOccurrence(new DateTime(2026, 11, 23, 0, 0, 0, DateTimeKind.Utc)));
    }

    [Theory]
    [InlineData("Predictions:Trainer", "sdca", "Trainer must be one of")]
    [InlineData("Predictions:TrainingRows", "10", "TrainingRows must be between")]
    [InlineData("Predictions:HoldoutFraction", "0.9", "HoldoutFraction must be between")]
    [InlineData("Predictions:RegistryPollSeconds", "0", "RegistryPollSeconds must be between")]
    [InlineData("Predictions:RetrainSchedule", "every sunday", "RetrainSchedule 'every sunday' is not")]
    [InlineData("Predictions:RiskScanSchedule", "61 * * * *", "RiskScanSchedule")]
    [InlineData("Predictions:TimeZone", "Mars/Olympus", "TimeZone 'Mars/Olympus'")]
    [InlineData("Predictions:TrainigRows", "20000", "TrainigRows")]
    [InlineData("Predictions:TrainingRows", "many", "Predictions")]
    public void Rejects_bad_settings_with_a_clear_message(string key, string value, string expected)
    {
        var ex = Assert.Throws<InvalidOperationException>(() => PredictionsOptions.From(Config((key, value))));
        Assert.StartsWith("Invalid configuration: ", ex.Message);
        Assert.Contains(expected, ex.Message);
    }
}
