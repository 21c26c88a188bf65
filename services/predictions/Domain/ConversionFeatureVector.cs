namespace Suite.Predictions.Domain;

/// <summary>The features of one quote that predict whether it becomes an order.</summary>
/// <param name="QuoteValue">Quote total in currency units.</param>
/// <param name="PreviousOrders">Orders the customer placed before this quote.</param>
/// <param name="PortalSubmission">1 when the customer requested the quote through the portal, else 0.</param>
/// <param name="LineItems">Number of lines on the quote.</param>
/// <param name="RecencyDays">Days since the customer's previous order.</param>
public readonly record struct ConversionFeatureVector(
    double QuoteValue,
    double PreviousOrders,
    double PortalSubmission,
    double LineItems,
    double RecencyDays)
{
    /// <summary>Field names, in the same order as <see cref="ToArray"/>.</summary>
    public static readonly IReadOnlyList<string> FieldNames =
        ["quote_value", "previous_orders", "portal_submission", "line_items", "recency_days"];

    public double[] ToArray() => [QuoteValue, PreviousOrders, PortalSubmission, LineItems, RecencyDays];
}
