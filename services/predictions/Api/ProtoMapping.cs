using System.Globalization;
using Suite.Contracts.Predictions.V1;
using Suite.Predictions.Domain;
using Suite.Predictions.Registry;
using DomainContribution = Suite.Predictions.Domain.FeatureContribution;
using DomainThreatAction = Suite.Predictions.Domain.ThreatAction;
using DomainThreatFactors = Suite.Predictions.Domain.ThreatFactors;
using DomainThreatLevel = Suite.Predictions.Domain.ThreatLevel;

namespace Suite.Predictions.Api;

/// <summary>Proto messages to domain values and back.</summary>
internal static class ProtoMapping
{
    public static ChurnFeatureVector ToDomain(ChurnFeatures f) => new(
        f.DaysSinceLastLogin, f.Logins30D, f.Sessions7D, f.OpenTickets, f.EmailEngagement, f.TenureDays, f.FeatureAdoption);

    public static ChurnFeatures ToProto(ChurnFeatureVector f) => new()
    {
        DaysSinceLastLogin = f.DaysSinceLastLogin, Logins30D = f.Logins30d, Sessions7D = f.Sessions7d, OpenTickets = f.OpenTickets,
        EmailEngagement = f.EmailEngagement, TenureDays = f.TenureDays, FeatureAdoption = f.FeatureAdoption,
    };

    public static ConversionFeatureVector ToDomain(ConversionFeatures f) => new(f.QuoteValue, f.PreviousOrders, f.PortalSubmission ? 1 : 0, f.LineItems, f.RecencyDays);

    public static ConversionFeatures ToProto(ConversionFeatureVector f) => new()
    {
        QuoteValue = f.QuoteValue, PreviousOrders = f.PreviousOrders, PortalSubmission = f.PortalSubmission >= 0.5, LineItems = f.LineItems, RecencyDays = f.RecencyDays,
    };

    public static DomainThreatFactors ToDomain(Contracts.Predictions.V1.ThreatFactors f) =>
        new(f.NewIp, f.NewCountry, f.FailedThenSuccess, f.RapidSessions, f.LargeExport, f.OutsideBusinessHours, f.FailedAttempts1H);

    public static Contracts.Predictions.V1.ThreatFactors ToProto(DomainThreatFactors f) => new()
    {
        NewIp = f.NewIp, NewCountry = f.NewCountry, FailedThenSuccess = f.FailedThenSuccess, RapidSessions = f.RapidSessions,
        LargeExport = f.LargeExport, OutsideBusinessHours = f.OutsideBusinessHours, FailedAttempts1H = f.FailedAttempts1h,
    };

    public static Contracts.Predictions.V1.FeatureContribution ToProto(DomainContribution c) =>
        new() { Feature = c.Feature, Value = c.Value, Contribution = c.Contribution };

    public static RiskLevel ToProto(ChurnRiskLevel level) => level switch
    {
        ChurnRiskLevel.Low => RiskLevel.Low,
        ChurnRiskLevel.Medium => RiskLevel.Medium,
        ChurnRiskLevel.High => RiskLevel.High,
        ChurnRiskLevel.Critical => RiskLevel.Critical,
        _ => throw new ArgumentOutOfRangeException(nameof(level), level, null),
    };

    public static Contracts.Predictions.V1.ThreatLevel ToProto(DomainThreatLevel level) => level switch
    {
        DomainThreatLevel.Low => Contracts.Predictions.V1.ThreatLevel.Low,
        DomainThreatLevel.Medium => Contracts.Predictions.V1.ThreatLevel.Medium,
        DomainThreatLevel.High => Contracts.Predictions.V1.ThreatLevel.High,
        DomainThreatLevel.Critical => Contracts.Predictions.V1.ThreatLevel.Critical,
        _ => throw new ArgumentOutOfRangeException(nameof(level), level, null),
    };

    public static Contracts.Predictions.V1.ThreatAction ToProto(DomainThreatAction action) => action switch
    {
        DomainThreatAction.Allow => Contracts.Predictions.V1.ThreatAction.Allow,
        DomainThreatAction.RequireMfa => Contracts.Predictions.V1.ThreatAction.RequireMfa,
        DomainThreatAction.RequirePasswordReset => Contracts.Predictions.V1.ThreatAction.RequirePasswordReset,
        DomainThreatAction.LockAccount => Contracts.Predictions.V1.ThreatAction.LockAccount,
        _ => throw new ArgumentOutOfRangeException(nameof(action), action, null),
    };

    public static ModelInfo ToProto(ModelDescriptor d)
    {
        var q = d.Quality;
        var metrics = new ModelMetrics { Auc = q.Auc, PrAuc = Finite(q.PrAuc), LogLoss = Finite(q.LogLoss), Brier = Finite(q.Brier) };
        metrics.Calibration.AddRange(q.Calibration.Select(b => new Contracts.Predictions.V1.CalibrationBin
        {
            From = b.From, To = b.To, Count = b.Count, MeanPredicted = b.MeanPredicted, ObservedRate = b.ObservedRate,
        }));
        return new ModelInfo
        {
            Kind = d.Kind,
            Version = d.Version,
            TrainedAt = d.TrainedAt.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture),
            Rows = d.Rows,
            HoldoutRows = d.HoldoutRows,
            Auc = d.Auc,
            Trainer = d.Trainer,
            Status = d.Status,
            Source = d.Source,
            Metrics = metrics,
            Global = d.IsGlobal,
        };
    }

    // Versions stored before the full metrics only know their AUC.
    private static double Finite(double value) => double.IsFinite(value) ? value : 0;
}
