using System.Globalization;

namespace Suite.Reporting.Domain.Reports;

/// <summary>Local dates [From, To) of one month within an ROI period, and the share of the month they cover.</summary>
public sealed record RoiMonthSpan(DateOnly Month, DateOnly From, DateOnly To)
{
    public decimal ShareOfMonth => (decimal)(To.DayNumber - From.DayNumber) / DateTime.DaysInMonth(Month.Year, Month.Month);
}

/// <summary>
/// The days an ROI report covers, [From, To) in the subscription's zone: by default the previous whole calendar
/// quarter, compared with the quarter before it; a given range is compared with as many days before it.
/// </summary>
public sealed record RoiPeriod(DateOnly From, DateOnly To)
{
    public static DateOnly QuarterStart(DateOnly day) => new(day.Year, (day.Month - 1) / 3 * 3 + 1, 1);

    /// <summary>The whole calendar quarter before the one <paramref name="asOf"/> is in: a run on 1 April reports January to March.</summary>
    public static RoiPeriod PreviousQuarter(DateOnly asOf)
    {
        var start = QuarterStart(asOf);
        return new RoiPeriod(start.AddMonths(-3), start);
    }

    public bool IsQuarter => From == QuarterStart(From) && To == From.AddMonths(3);

    /// <summary>The period compared with: the quarter before, or as many days before (a method: a record's ToString would recurse).</summary>
    public RoiPeriod Previous() => IsQuarter
        ? new RoiPeriod(From.AddMonths(-3), From)
        : new RoiPeriod(From.AddDays(-(To.DayNumber - From.DayNumber)), From);

    /// <summary>"2026 Q1", or "2026-01-15 – 2026-02-14" (the last day included).</summary>
    public string Label => IsQuarter
        ? $"{From.Year} Q{(From.Month - 1) / 3 + 1}"
        : $"{From.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)} – {To.AddDays(-1).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}";

    /// <summary>The calendar months the period touches, cut to it.</summary>
    public IReadOnlyList<RoiMonthSpan> Months()
    {
        var months = new List<RoiMonthSpan>();
        for (var month = new DateOnly(From.Year, From.Month, 1); month < To; month = month.AddMonths(1))
        {
            var from = month < From ? From : month;
            var to = month.AddMonths(1) > To ? To : month.AddMonths(1);
            months.Add(new RoiMonthSpan(month, from, to));
        }
        return months;
    }

    /// <summary>Costs over the period: quarterly_cost spread evenly over a quarter's three months, a partial month by its share of days.</summary>
    public decimal Costs(decimal quarterlyCost) => quarterlyCost * Months().Sum(m => m.ShareOfMonth) / 3;

    /// <summary>Local midnight of <paramref name="day"/> in <paramref name="zone"/> as an instant (the hour after, where midnight is skipped by DST).</summary>
    public static DateTimeOffset Instant(DateOnly day, TimeZoneInfo zone)
    {
        var local = day.ToDateTime(TimeOnly.MinValue, DateTimeKind.Unspecified);
        if (zone.IsInvalidTime(local))
        {
            local = local.AddHours(1);
        }
        return new DateTimeOffset(TimeZoneInfo.ConvertTimeToUtc(local, zone), TimeSpan.Zero);
    }
}
