namespace Suite.Alerting.Domain.Schedule;

/// <summary>Which instant a local wall-clock time that occurs twice (DST fall-back overlap) stands for.</summary>
public enum AmbiguousPick
{
    /// <summary>The first time the clock shows it (the daylight-saving offset).</summary>
    Earlier,
    /// <summary>The second time the clock shows it (the standard offset).</summary>
    Later,
}

/// <summary>
/// Local wall-clock time → instant, total over DST changes. A time in the spring-forward gap does not exist: it
/// becomes the first valid instant after the gap (the instant of the change). A time in the fall-back overlap exists
/// twice: the caller picks which occurrence.
/// </summary>
public static class WallClock
{
    private static readonly long MaxOffsetTicks = TimeSpan.FromHours(14).Ticks;

    /// <returns>The instant as a UTC <see cref="DateTimeOffset"/> (offset zero).</returns>
    public static DateTimeOffset ToInstant(DateTime local, TimeZoneInfo zone, AmbiguousPick pick)
    {
        local = DateTime.SpecifyKind(local, DateTimeKind.Unspecified);
        if (zone.IsInvalidTime(local))
        {
            return FirstInstantAfterGap(local, zone);
        }
        TimeSpan offset;
        if (zone.IsAmbiguousTime(local))
        {
            var offsets = zone.GetAmbiguousTimeOffsets(local);
            // The larger offset maps the same wall time to the earlier instant.
            offset = pick == AmbiguousPick.Earlier ? offsets.Max() : offsets.Min();
        }
        else
        {
            offset = zone.GetUtcOffset(local);
        }
        return new DateTimeOffset(local.Ticks - offset.Ticks, TimeSpan.Zero);
    }

    /// <summary>The local wall-clock reading of an instant.</summary>
    public static DateTime ToLocal(DateTimeOffset instant, TimeZoneInfo zone) =>
        TimeZoneInfo.ConvertTime(instant, zone).DateTime;

    // The smallest instant u whose local reading u + offset(u) is past the missing time: the instant the clocks
    // jumped. Offsets lie within ±14 h, which brackets the search; tzdata never puts two changes that close.
    private static DateTimeOffset FirstInstantAfterGap(DateTime local, TimeZoneInfo zone)
    {
        long target = local.Ticks;
        long lo = target - MaxOffsetTicks;   // reading ≤ target, and ≠ target because target does not exist
        long hi = target + MaxOffsetTicks;   // reading ≥ target, likewise ≠
        while (hi - lo > 1)
        {
            var mid = lo + (hi - lo) / 2;
            if (ReadingAt(mid, zone) > target)
            {
                hi = mid;
            }
            else
            {
                lo = mid;
            }
        }
        return new DateTimeOffset(hi, TimeSpan.Zero);
    }

    private static long ReadingAt(long utcTicks, TimeZoneInfo zone) =>
        utcTicks + zone.GetUtcOffset(new DateTime(utcTicks, DateTimeKind.Utc)).Ticks;
}
