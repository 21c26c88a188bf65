using System.Globalization;

namespace Suite.Reporting.Domain.Reports;

/// <summary>Minor units to currency units by ISO 4217 exponent, and how reports print money ("EUR 12,345.60").</summary>
public static class Money
{
    // ISO 4217 currencies without a minor unit, and those with three decimals; every other one has two.
    private static readonly HashSet<string> NoDecimals = ["BIF", "CLP", "DJF", "GNF", "ISK", "JPY", "KMF", "KRW", "PYG", "RWF", "UGX", "UYI", "VND", "VUV", "XAF", "XOF", "XPF"];
    private static readonly HashSet<string> ThreeDecimals = ["BHD", "IQD", "JOD", "KWD", "LYD", "OMR", "TND"];

    public static int Exponent(string currency) =>
        NoDecimals.Contains(currency.ToUpperInvariant()) ? 0 : ThreeDecimals.Contains(currency.ToUpperInvariant()) ? 3 : 2;

    public static decimal Major(long minor, string currency) => minor / (decimal)Math.Pow(10, Exponent(currency));

    public static string Text(decimal major, string currency) =>
        $"{currency} {major.ToString(Exponent(currency) switch { 0 => "#,##0", 3 => "#,##0.000", _ => "#,##0.00" }, CultureInfo.InvariantCulture)}";

    public static string Text(long minor, string currency) => Text(Major(minor, currency), currency);
}
