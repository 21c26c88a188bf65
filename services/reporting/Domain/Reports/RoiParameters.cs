using System.Globalization;
using Suite.ServiceDefaults.Grpc;

namespace Suite.Reporting.Domain.Reports;

/// <summary>
/// "quarterly_roi" parameters, each with a default so a tenant sets only what differs: <c>minutes_saved_per_quote</c>
/// (15), <c>hourly_cost</c> (40), <c>staff_error_rate</c> (0.05), <c>portal_error_rate</c> (0.01),
/// <c>cost_per_error</c> (100), <c>quarterly_cost</c> (2500: platform, licence and running costs a quarter),
/// <c>currency</c> (USD), and optionally <c>from</c> and <c>to</c> (yyyy-MM-dd in the subscription's zone, to
/// exclusive, at most 366 days) instead of the previous whole calendar quarter.
/// </summary>
public sealed record RoiParameters(
    decimal MinutesSavedPerQuote,
    decimal HourlyCost,
    decimal StaffErrorRate,
    decimal PortalErrorRate,
    decimal CostPerError,
    decimal QuarterlyCost,
    string Currency,
    DateOnly? From = null,
    DateOnly? To = null)
{
    public const int MaxDays = 366;

    public static readonly RoiParameters Defaults = new(15m, 40m, 0.05m, 0.01m, 100m, 2500m, "USD");

    /// <summary>The number parameters: name, whether it is a rate (in [0, 1]) rather than an amount (≥ 0), what it means.</summary>
    public static readonly IReadOnlyList<(string Name, bool Rate, string Meaning)> Numbers =
    [
        ("minutes_saved_per_quote", false, "staff minutes a portal quote saves"),
        ("hourly_cost", false, "staff cost per hour"),
        ("staff_error_rate", true, "share of staff-entered quotes with an error"),
        ("portal_error_rate", true, "share of portal quotes with an error"),
        ("cost_per_error", false, "cost of one quote error (rework, credit)"),
        ("quarterly_cost", false, "platform, licence and running costs a quarter"),
    ];

    /// <summary>The parameters the subscription set (the others are defaults), for the report's Assumptions table.</summary>
    public IReadOnlySet<string> Given { get; init; } = new HashSet<string>();

    public decimal Number(string name) => name switch
    {
        "minutes_saved_per_quote" => MinutesSavedPerQuote,
        "hourly_cost" => HourlyCost,
        "staff_error_rate" => StaffErrorRate,
        "portal_error_rate" => PortalErrorRate,
        "cost_per_error" => CostPerError,
        "quarterly_cost" => QuarterlyCost,
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, null),
    };

    public static (RoiParameters? Parameters, IReadOnlyList<FieldViolation> Violations) Parse(
        IReadOnlyDictionary<string, string> parameters, string prefix = "parameters")
    {
        var violations = new List<FieldViolation>();
        void Fail(string key, string description) => violations.Add(new FieldViolation($"{prefix}[{key}]", description));

        var values = new Dictionary<string, decimal>();
        foreach (var (name, rate, _) in Numbers)
        {
            values[name] = Defaults.Number(name);
            if (!parameters.TryGetValue(name, out var text))
            {
                continue;
            }
            // Plain decimals only ("12.5"): no exponents, thousands separators or culture-specific commas.
            if (!decimal.TryParse(text, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value))
            {
                Fail(name, $"'{text}' is not a number (use a plain decimal like 12.5)");
            }
            else if (rate && value is < 0 or > 1)
            {
                Fail(name, $"{text} must be a rate between 0 and 1 (0.05 is 5 %)");
            }
            else if (value < 0)
            {
                Fail(name, $"{text} must be 0 or more");
            }
            else
            {
                values[name] = value;
            }
        }

        var currency = Defaults.Currency;
        if (parameters.TryGetValue("currency", out var code))
        {
            if (code.Length == 3 && code.All(char.IsAsciiLetterUpper))
            {
                currency = code;
            }
            else
            {
                Fail("currency", $"'{code}' must be an ISO 4217 code: three capital letters such as EUR or USD");
            }
        }

        var from = Date("from");
        var to = Date("to");
        if (parameters.ContainsKey("from") != parameters.ContainsKey("to"))
        {
            Fail(parameters.ContainsKey("from") ? "to" : "from", "from and to go together: give both (yyyy-MM-dd, to exclusive) or neither for the previous calendar quarter");
        }
        else if (from is { } f && to is { } t && (t <= f || t.DayNumber - f.DayNumber > MaxDays))
        {
            Fail("to", $"must be after from and at most {MaxDays} days later");
        }

        var known = Numbers.Select(n => n.Name).Concat(["currency", "from", "to"]).ToHashSet();
        foreach (var key in parameters.Keys.Where(k => !known.Contains(k)).Order(StringComparer.Ordinal))
        {
            Fail(key, $"unknown parameter of report type quarterly_roi ({string.Join(", ", known)})");
        }
        if (violations.Count > 0)
        {
            return (null, violations);
        }
        return (new RoiParameters(values["minutes_saved_per_quote"], values["hourly_cost"], values["staff_error_rate"], values["portal_error_rate"],
            values["cost_per_error"], values["quarterly_cost"], currency, from, to) { Given = parameters.Keys.Where(known.Contains).ToHashSet() }, violations);

        DateOnly? Date(string key)
        {
            if (!parameters.TryGetValue(key, out var text))
            {
                return null;
            }
            if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
            {
                return date;
            }
            Fail(key, $"'{text}' must be a date as yyyy-MM-dd");
            return null;
        }
    }
}
