namespace Suite.Reporting.Domain.Documents;

/// <summary>
/// The KPI report as a <see cref="ReportDocument"/>: what KPI at which granularity, the total as a headline, the
/// series as a chart (a line in % for ratios, bars for counts) and the points as a table with raw values
/// (a ratio as a fraction, times as UTC instants, a count's denominator as "-" without a value).
/// </summary>
public static class KpiReportDocument
{
    public const string TableTitle = "Data points";
    public static readonly string[] Columns = ["Time (UTC)", "Value", "Numerator", "Denominator"];

    public static ReportDocument Build(KpiReportData data)
    {
        var isRatio = data.Unit == ValueFormatter.Ratio;
        var granularity = ValueFormatter.GranularityName(data.Granularity);
        var total = data.Total.HasValue && double.IsFinite(data.Total.Value) ? data.Total.Value : (double?)null;

        var categories = data.Points.Select(p => ValueFormatter.FormatTime(p.Start, data.Granularity)).ToList();
        var values = data.Points.Select(p => p.HasValue && double.IsFinite(p.Value) ? (isRatio ? p.Value * 100 : p.Value) : (double?)null).ToList();
        var chart = new ChartBlock($"{data.Kpi} by {granularity}", isRatio ? ChartKind.Line : ChartKind.Bar, categories,
            [new ChartSeries(data.Kpi, values)], isRatio ? "%" : (string.IsNullOrWhiteSpace(data.Unit) ? "value" : data.Unit));

        var rows = data.Points.Select(p => (IReadOnlyList<Cell>)
        [
            new Cell(ValueFormatter.FormatTime(p.Start, data.Granularity), p.Start.ToUniversalTime()),
            new Cell(ValueFormatter.FormatValue(data.Unit, p.HasValue, p.Value), p.HasValue && double.IsFinite(p.Value) ? p.Value : null),
            new Cell(ValueFormatter.FormatCount(p.Numerator), p.Numerator),
            isRatio ? new Cell(ValueFormatter.FormatCount(p.Denominator), p.Denominator) : Cell.Of(ValueFormatter.FormatDenominator(data.Unit, p.Denominator)),
        ]).ToList();
        var table = new TableBlock(TableTitle,
        [
            new TableColumn(Columns[0], ColumnKind.Date, 1.5f),
            new TableColumn(Columns[1], isRatio ? ColumnKind.Percent : ColumnKind.Number),
            new TableColumn(Columns[2], ColumnKind.Number),
            new TableColumn(Columns[3], ColumnKind.Number),
        ], rows)
        {
            EmptyText = "No data points in this range.",
        };

        return new ReportDocument(
            data.Title,
            data.Tenant,
            ValueFormatter.FormatRange(data.From, data.To),
            data.GeneratedAt,
            [
                new TextBlock($"KPI: {data.Kpi} ({data.Unit}), by {granularity}"),
                new HeadlineBlock([new Headline("Total", total, ValueFormatter.FormatValue(data.Unit, data.Total.HasValue, data.Total.Value))]),
                chart,
                table,
            ])
        {
            FileBase = ValueFormatter.FileBase(data.Kpi, data.From, data.To),
        };
    }
}
