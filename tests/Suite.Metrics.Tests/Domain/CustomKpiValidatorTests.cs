using Suite.Contracts.Metrics.V1;
using Suite.Metrics.Domain;

namespace Suite.Metrics.Tests.Domain;

public class CustomKpiValidatorTests
{
    private static CreateKpiRequest Valid() => new()
    {
        Name = "premium_share",
        Kind = "ratio",
        Numerator = { new KpiSelector { Domain = "checkout", Type = "COMPLETED", Where = { ["status"] = "premium" } } },
        Denominator = { new KpiSelector { Domain = "checkout", Type = "COMPLETED" } },
        Filters = { "country" },
    };

    public static TheoryData<string, Action<CreateKpiRequest>> Invalid => new()
    {
        { "name", r => r.Name = "" },
        { "name", r => r.Name = "Premium" },
        { "name", r => r.Name = "9lives" },
        { "name", r => r.Name = "ab" },
        { "name", r => r.Name = new string('a', 64) },
        { "name", r => r.Name = "login_success_rate" },          // built-in
        { "description", r => r.Description = new string('x', 501) },
        { "kind", r => { r.Kind = "median"; r.Denominator.Clear(); } },
        { "kind", r => { r.Kind = ""; r.Denominator.Clear(); } },
        { "numerator", r => r.Numerator.Clear() },
        { "denominator", r => r.Denominator.Clear() },
        { "denominator", r => r.Kind = "count" },
        { "measure", r => { r.Kind = "average"; r.Denominator.Clear(); } },
        { "measure", r => { r.Kind = "average"; r.Measure = "price"; r.Denominator.Clear(); } },
        { "measure", r => r.Measure = "amount" },                // only for averages and sums
        { "measure", r => { r.Kind = "sum"; r.Denominator.Clear(); } },
        { "quantile", r => { r.Kind = "percentile"; r.Denominator.Clear(); } },
        { "quantile", r => { r.Kind = "percentile"; r.Quantile = 1; r.Denominator.Clear(); } },
        { "quantile", r => r.Quantile = 0.5 },                    // only for percentiles
        { "filters", r => r.Filters.Add("domain") },
        { "filters", r => r.Filters.Add("country") },             // twice
        { "numerator[0].domain", r => r.Numerator[0].Domain = "check out" },
        { "numerator[0].type", r => r.Numerator[0].Type = new string('T', 65) },
        { "numerator[0].where", r => r.Numerator[0].Where["colour"] = "red" },
        { "numerator[0].where", r => r.Numerator[0].Where["status"] = "" },
        { "denominator[0]", r => r.Denominator[0] = new KpiSelector() },   // would select every event
        { "numerator", r => { for (var i = 0; i < 10; i++) { r.Numerator.Add(new KpiSelector { Domain = "d" }); } } },
    };

    [Theory]
    [MemberData(nameof(Invalid))]
    public void Rejects_with_the_offending_field(string field, Action<CreateKpiRequest> spoil)
    {
        var request = Valid();
        spoil(request);
        var result = CustomKpiValidator.Validate(request);
        Assert.Null(result.Kpi);
        Assert.Contains(result.Violations, v => v.Field == field);
    }

    [Fact]
    public void A_valid_ratio_becomes_a_definition_with_its_selectors_and_filters()
    {
        var kpi = CustomKpiValidator.Validate(Valid()).Kpi!;
        Assert.Equal((KpiUnit.Ratio, "ratio"), (kpi.Unit, kpi.UnitName));
        Assert.Equal(new Dictionary<string, string> { ["status"] = "premium" }, kpi.Numerator.Single().Where);
        Assert.Equal(("checkout", "COMPLETED", null), (kpi.Denominator.Single().Domain, kpi.Denominator.Single().Type, kpi.Denominator.Single().Where));
        Assert.Equal(["country"], kpi.Filters);
        Assert.Equal("ratio of checkout/COMPLETED[status=premium] / checkout/COMPLETED", kpi.Description);
    }

    [Theory]
    [InlineData("count", "", 0.0, "count")]
    [InlineData("sum", "amount", 0.0, "amount_minor")]
    [InlineData("sum", "duration", 0.0, "ms")]
    [InlineData("average", "amount", 0.0, "amount_minor")]
    [InlineData("average", "duration", 0.0, "ms")]
    [InlineData("percentile", "", 0.95, "ms")]
    public void Every_kind_has_its_unit(string kind, string measure, double quantile, string unit)
    {
        var request = Valid();
        request.Kind = kind;
        request.Measure = measure;
        request.Quantile = quantile;
        request.Denominator.Clear();
        var kpi = CustomKpiValidator.Validate(request).Kpi;
        Assert.NotNull(kpi);
        Assert.Equal(unit, kpi.UnitName);
        Assert.Equal(kind == "percentile" ? quantile : null, kpi.Quantile);
    }
}
