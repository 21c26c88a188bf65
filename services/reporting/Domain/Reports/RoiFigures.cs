namespace Suite.Reporting.Domain.Reports;

/// <summary>
/// What the portal saved over a span, and at what cost. Each portal quote is one staff-entered quote less:
/// labour savings = portal quotes × minutes_saved_per_quote / 60 × hourly_cost; accuracy savings = portal quotes ×
/// (staff_error_rate − portal_error_rate) × cost_per_error (negative when the portal errs more); net benefit =
/// savings − costs; ROI = net benefit / costs (none without costs).
/// </summary>
public sealed record RoiFigures(long PortalQuotes, long StaffQuotes, decimal LabourSavings, decimal AccuracySavings, decimal Costs)
{
    public decimal Savings => LabourSavings + AccuracySavings;
    public decimal Net => Savings - Costs;
    public double? Roi => Costs == 0 ? null : (double)(Net / Costs);
    public double? PortalShare => PortalQuotes + StaffQuotes == 0 ? null : PortalQuotes / (double)(PortalQuotes + StaffQuotes);

    public static RoiFigures Of(RoiParameters p, long portalQuotes, long staffQuotes, decimal costs) => new(
        portalQuotes,
        staffQuotes,
        portalQuotes * p.MinutesSavedPerQuote * p.HourlyCost / 60,   // multiply first: 7 minutes is not a round fraction of an hour
        portalQuotes * (p.StaffErrorRate - p.PortalErrorRate) * p.CostPerError,
        costs);
}
