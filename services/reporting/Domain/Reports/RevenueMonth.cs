namespace Suite.Reporting.Domain.Reports;

/// <summary>
/// One currency's subscription revenue in a UTC month, as metrics' GetRevenueMetrics reports it (money in minor units;
/// ratios absent when undefined).
/// </summary>
public sealed record RevenueMonth(
    string Currency,
    long MrrMinor,
    long ArrMinor,
    long StartMrrMinor,
    long NewMinor,
    long ExpansionMinor,
    long ContractionMinor,
    long ChurnedMinor,
    long ReactivationMinor,
    int PayingAccounts,
    long? ArpuMinor,
    double? LogoChurnRate,
    double? RevenueChurnRate,
    double? NetRevenueRetention,
    long? LtvMinor);

/// <summary>A month's value ("2026-02", in currency units).</summary>
public sealed record MonthValue(string Month, double Value);

/// <summary>A forecast month with its prediction interval (currency units).</summary>
public sealed record ForecastMonth(string Month, double Value, double Lower, double Upper);

/// <summary>
/// MRR of one currency: the month-end values observed (oldest first) and the months forecast after them; no forecast
/// when the history was too short (<see cref="Note"/> says why).
/// </summary>
public sealed record MrrForecast(string Currency, IReadOnlyList<MonthValue> History, IReadOnlyList<ForecastMonth> Ahead, double Confidence, string? Note = null);
