using Suite.Alerting.Domain.Rules;

namespace Suite.Alerting.Tests.Domain.Rules;

public sealed class AnnotationTemplateTests
{
    private static readonly TemplateData Data = new(
        "Revenue drop", -20.123456, new Dictionary<string, string> { ["team"] = "growth", ["tenant"] = "acme" });

    [Theory]
    [InlineData("{{ $labels.team }} on call", "growth on call")]
    [InlineData("{{$labels.tenant}}/{{ $labels.team }}", "acme/growth")]
    [InlineData("{{ $labels.missing }}|", "|")]                           // missing label renders empty
    [InlineData("{{ $rule }}: {{ $value }}", "Revenue drop: -20.123456")]
    [InlineData("down {{ $value:F2 }} %", "down -20.12 %")]
    [InlineData("{{ $value:F0 }}", "-20")]
    [InlineData("{{ $value:N1 }}", "-20.1")]
    [InlineData("{{ $value:P0 }}", "-2,012 %")]     // invariant culture puts a space before %
    [InlineData("{{ $value:E2 }}", "-2.01E+001")]
    [InlineData("runbook: https://runbooks/{{ $labels.team }}#drop", "runbook: https://runbooks/growth#drop")]
    [InlineData("no placeholders }} here", "no placeholders }} here")]
    [InlineData("{{ $oops }} stays", "{{ $oops }} stays")]               // invalid: copied verbatim, render never throws
    [InlineData("tail {{ $value", "tail {{ $value")]
    public void Renders(string template, string expected) => Assert.Equal(expected, AnnotationTemplate.Render(template, Data));

    [Theory]
    [InlineData(double.PositiveInfinity, "{{ $value }} {{ $value:F2 }}", "+Inf +Inf")]
    [InlineData(double.NaN, "{{ $value }}", "NaN")]
    [InlineData(0.1, "{{ $value }}", "0.1")]
    [InlineData(3600.0, "{{ $value }}", "3600")]
    public void Renders_values_culture_free(double value, string template, string expected) =>
        Assert.Equal(expected, AnnotationTemplate.Render(template, Data with { Value = value }));

    [Theory]
    [InlineData("{{ $value | printf \"%.2f\" }}", "{{ $value | printf \"%.2f\" }}: pipes are not supported; format a value as {{ $value:F2 }}")]
    [InlineData("{{ $value:X4 }}", "{{ $value:X4 }}: 'X4' is not a number format (F, N, E, G or P with 0–15 digits, or R; e.g. $value:F2)")]
    [InlineData("{{ $value:F16 }}", "{{ $value:F16 }}: 'F16' is not a number format (F, N, E, G or P with 0–15 digits, or R; e.g. $value:F2)")]
    [InlineData("{{ $labels.te-am }}", "{{ $labels.te-am }}: 'te-am' is not a label name")]
    [InlineData("{{ .Labels.team }}", "{{ .Labels.team }}: unknown placeholder (use $labels.<name>, $value, $value:<format> or $rule)")]
    [InlineData("{{ }}", "{{ }}: unknown placeholder (use $labels.<name>, $value, $value:<format> or $rule)")]
    [InlineData("ok {{ $rule", "'{{' at position 3 is not closed with '}}'")]
    public void Rejects_what_it_cannot_render(string template, string error) =>
        Assert.Equal([error], AnnotationTemplate.Validate(template));

    [Theory]
    [InlineData("{{ $labels.team }} {{ $value:F2 }} {{ $value:R }} {{ $value:g }} {{ $rule }}")]
    [InlineData("plain text")]
    [InlineData("")]
    public void Accepts_known_placeholders(string template) =>
        Assert.Empty(AnnotationTemplate.Validate(template, new HashSet<string> { "team" }));

    [Fact]
    public void Unknown_labels_are_errors_only_when_the_labels_are_known()
    {
        const string template = "{{ $labels.team }} {{ $labels.region }}";
        Assert.Empty(AnnotationTemplate.Validate(template));
        Assert.Equal(
            ["{{ $labels.region }}: the rule has no label 'region'"],
            AnnotationTemplate.Validate(template, new HashSet<string> { "team", "severity" }));
    }

    [Fact]
    public void Annotation_violations_name_the_annotation()
    {
        var annotations = new Dictionary<string, string>
        {
            ["summary"] = "{{ $labels.team }} {{ $valu }}",
            ["runbook_url"] = "https://runbooks/{{ $labels.service }}",
            ["description"] = "fine {{ $value }}",
        };
        var violations = AnnotationTemplate.Validate(annotations, new HashSet<string> { "team" });
        Assert.Equal(["annotations.runbook_url", "annotations.summary"], violations.Select(v => v.Field));
    }
}
