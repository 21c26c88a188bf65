using Suite.Predictions.Domain;

namespace Suite.Predictions.Features;

/// <summary>A quote and its customer's orders before it, as read from fs_quotes and fs_orders.</summary>
public readonly record struct QuoteHistory(double Value, int LineItems, bool Portal, DateTimeOffset RequestedAt, int PreviousOrders, DateTimeOffset? LastOrderAt);

/// <summary>Quote history → the conversion feature vector (pure).</summary>
public static class ConversionFeatureDerivation
{
    /// <summary>Recency of a customer with no earlier order, and the cap for everyone (as in the generator).</summary>
    public const double MaxRecencyDays = 365;

    public static ConversionFeatureVector From(QuoteHistory q) => new(
        QuoteValue: q.Value,
        PreviousOrders: q.PreviousOrders,
        PortalSubmission: q.Portal ? 1 : 0,
        LineItems: q.LineItems,
        RecencyDays: q.LastOrderAt is { } last ? Math.Min(MaxRecencyDays, Math.Max(0, Math.Floor((q.RequestedAt - last).TotalDays))) : MaxRecencyDays);
}
