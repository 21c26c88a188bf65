using Cronos;
using Suite.Predictions.Models;
using Suite.ServiceDefaults.Configuration;

namespace Suite.Predictions;

/// <summary>
/// Section "Predictions": how the global models are trained when the registry has none, how often replicas look for
/// promotions made elsewhere, and the schedules of retraining and the churn risk scan (cron + IANA time zone).
/// </summary>
public sealed class PredictionsOptions
{
    public const string Section = "Predictions";

    /// <summary>Churn/threat trainer for the global models: auto (chosen by validation), lbfgs or fasttree.</summary>
    public string Trainer { get; set; } = ChurnTrainer.Auto;
    public int TrainingRows { get; set; } = 20_000;
    public double HoldoutFraction { get; set; } = 0.2;
    public int Seed { get; set; } = 42;
    public int RegistryPollSeconds { get; set; } = 5;
    /// <summary>Tenants' models retrained from the feature store; promoted only when better on the same holdout.</summary>
    public string RetrainSchedule { get; set; } = "0 3 * * 0";
    public string RiskScanSchedule { get; set; } = "30 * * * *";
    public string TimeZone { get; set; } = "UTC";
    /// <summary>Fewer labelled rows than this (or only one class) and a tenant's retraining is skipped.</summary>
    public int RetrainMinimumRows { get; set; } = 200;

    public CronExpression RetrainCron => CronExpression.Parse(RetrainSchedule, CronFormat.Standard);
    public CronExpression RiskScanCron => CronExpression.Parse(RiskScanSchedule, CronFormat.Standard);
    public TimeZoneInfo Zone => TimeZoneInfo.FindSystemTimeZoneById(TimeZone);

    /// <summary>Binds and validates the section; unknown keys are rejected so a typo never passes silently.</summary>
    public static PredictionsOptions From(IConfiguration configuration) =>
        configuration.BindStrict<PredictionsOptions>(Section, o => o.Validate());

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
        if (RegistryPollSeconds is < 1 or > 3600)
        {
            yield return $"{Section}:RegistryPollSeconds must be between 1 and 3600";
        }
        if (RetrainMinimumRows is < 20 or > 10_000_000)
        {
            yield return $"{Section}:RetrainMinimumRows must be between 20 and 10000000";
        }
        foreach (var (name, value) in new[] { ("RetrainSchedule", RetrainSchedule), ("RiskScanSchedule", RiskScanSchedule) })
        {
            if (!IsCron(value))
            {
                yield return $"{Section}:{name} '{value}' is not a 5-field cron expression";
            }
        }
        if (!IsZone(TimeZone))
        {
            yield return $"{Section}:TimeZone '{TimeZone}' is not a known IANA time zone";
        }
    }

    private static bool IsCron(string value)
    {
        try
        {
            CronExpression.Parse(value, CronFormat.Standard);
            return true;
        }
        catch (CronFormatException)
        {
            return false;
        }
    }

    private static bool IsZone(string id)
    {
        try
        {
            TimeZoneInfo.FindSystemTimeZoneById(id);
            return true;
        }
        catch (Exception ex) when (ex is TimeZoneNotFoundException or InvalidTimeZoneException)
        {
            return false;
        }
    }
}
