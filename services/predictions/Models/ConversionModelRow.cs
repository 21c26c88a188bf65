using Suite.Predictions.Domain;

namespace Suite.Predictions.Models;

/// <summary>The row ML.NET trains the conversion model on.</summary>
public sealed class ConversionModelRow
{
    /// <summary>In <see cref="ConversionFeatureVector.ToArray"/> order, which the coefficient conversion relies on.</summary>
    public static readonly string[] FeatureColumns =
        [nameof(QuoteValue), nameof(PreviousOrders), nameof(PortalSubmission), nameof(LineItems), nameof(RecencyDays)];

    public float QuoteValue { get; set; }
    public float PreviousOrders { get; set; }
    public float PortalSubmission { get; set; }
    public float LineItems { get; set; }
    public float RecencyDays { get; set; }
    public bool Label { get; set; }

    public static ConversionModelRow From(ConversionFeatureVector f, bool label = false) => new()
    {
        QuoteValue = (float)f.QuoteValue,
        PreviousOrders = (float)f.PreviousOrders,
        PortalSubmission = (float)f.PortalSubmission,
        LineItems = (float)f.LineItems,
        RecencyDays = (float)f.RecencyDays,
        Label = label,
    };
}
