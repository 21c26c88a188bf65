using Suite.Predictions.Models;
using Suite.ServiceDefaults.Configuration;

namespace Suite.Predictions;

/// <summary>Section "Predictions:Churn": how the first churn model is trained when the registry has none.</summary>
public sealed class ChurnTrainingOptions
{
    public const string Section = "Predictions:Churn";

    public string Trainer { get; set; } = ChurnTrainer.Lbfgs;
    public int TrainingRows { get; set; } = 20_000;
    public double HoldoutFraction { get; set; } = 0.2;
    public int Seed { get; set; } = 42;

    /// <summary>Binds and validates the section; unknown keys are rejected so a typo never passes silently.</summary>
    public static ChurnTrainingOptions From(IConfiguration configuration) =>
        configuration.BindStrict<ChurnTrainingOptions>(Section, o => o.Validate());

    public IEnumerable<string> Validate()
    {
        if (!ChurnTrainer.Trainers.Contains(Trainer))
        {
            yield return $"{Section}:Trainer must be one of {string.Join(", ", ChurnTrainer.Trainers)}";
        }
        if (TrainingRows is < 1_000 or > 5_000_000)
        {
            yield return $"{Section}:TrainingRows must be between 1000 and 5000000";
        }
        if (!(HoldoutFraction is >= 0.05 and <= 0.5))
        {
            yield return $"{Section}:HoldoutFraction must be between 0.05 and 0.5";
        }
    }
}
