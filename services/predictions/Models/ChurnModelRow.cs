using Microsoft.ML.Data;
using Suite.Predictions.Domain;

namespace Suite.Predictions.Models;

/// <summary>The row ML.NET trains and scores on. Column names are part of stored models: do not rename.</summary>
public sealed class ChurnModelRow
{
    public static readonly string[] FeatureColumns =
    [
        nameof(DaysSinceLastLogin), nameof(Logins30d), nameof(Sessions7d), nameof(OpenTickets),
        nameof(EmailEngagement), nameof(TenureDays), nameof(FeatureAdoption),
    ];

    public float DaysSinceLastLogin { get; set; }
    public float Logins30d { get; set; }
    public float Sessions7d { get; set; }
    public float OpenTickets { get; set; }
    public float EmailEngagement { get; set; }
    public float TenureDays { get; set; }
    public float FeatureAdoption { get; set; }
    public bool Label { get; set; }

    public static ChurnModelRow From(ChurnFeatureVector f, bool label = false)
    {
        var row = new ChurnModelRow { Label = label };
        row.Set(f);
        return row;
    }

    /// <summary>Overwrites the features (a reused input row when scoring several vectors).</summary>
    public void Set(ChurnFeatureVector f)
    {
        DaysSinceLastLogin = (float)f.DaysSinceLastLogin;
        Logins30d = (float)f.Logins30d;
        Sessions7d = (float)f.Sessions7d;
        OpenTickets = (float)f.OpenTickets;
        EmailEngagement = (float)f.EmailEngagement;
        TenureDays = (float)f.TenureDays;
        FeatureAdoption = (float)f.FeatureAdoption;
    }
}

public sealed class ChurnModelOutput
{
    [ColumnName("PredictedLabel")]
    public bool PredictedLabel { get; set; }

    public float Probability { get; set; }

    public float Score { get; set; }
}
