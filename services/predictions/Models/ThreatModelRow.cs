using Microsoft.ML.Data;
using Suite.Predictions.Domain;

namespace Suite.Predictions.Models;

/// <summary>The row ML.NET trains and scores threat on. Column names are part of stored models: do not rename.</summary>
public sealed class ThreatModelRow
{
    public static readonly string[] FeatureColumns =
    [
        nameof(NewIp), nameof(NewCountry), nameof(FailedThenSuccess), nameof(RapidSessions), nameof(LargeExport),
        nameof(OutsideBusinessHours), nameof(FailedAttempts1h), nameof(RiskScore),
    ];

    public float NewIp { get; set; }
    public float NewCountry { get; set; }
    public float FailedThenSuccess { get; set; }
    public float RapidSessions { get; set; }
    public float LargeExport { get; set; }
    public float OutsideBusinessHours { get; set; }
    public float FailedAttempts1h { get; set; }

    /// <summary>The rule-based score as an extra feature: the product's prior knowledge, which trees can use directly.</summary>
    public float RiskScore { get; set; }

    public bool Label { get; set; }

    public static ThreatModelRow From(ThreatFactors f, bool label = false) => new()
    {
        NewIp = f.NewIp ? 1 : 0,
        NewCountry = f.NewCountry ? 1 : 0,
        FailedThenSuccess = f.FailedThenSuccess ? 1 : 0,
        RapidSessions = f.RapidSessions ? 1 : 0,
        LargeExport = f.LargeExport ? 1 : 0,
        OutsideBusinessHours = f.OutsideBusinessHours ? 1 : 0,
        FailedAttempts1h = (float)f.FailedAttempts1h,
        RiskScore = f.RiskScore,
        Label = label,
    };
}

public sealed class ThreatModelOutput
{
    [ColumnName("PredictedLabel")]
    public bool PredictedLabel { get; set; }

    public float Probability { get; set; }

    public float Score { get; set; }
}
