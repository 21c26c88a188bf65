using System.Text;
using Suite.Predictions.CsvTraining;

namespace Suite.Predictions.Tests.CsvTraining;

public class CsvSchemaInferenceTests
{
    private static CsvTable Table(string csv) => CsvTableReader.Read(Encoding.UTF8.GetBytes(csv));

    [Fact]
    public void Numeric_columns_get_the_training_mean_and_a_missing_indicator_only_when_blanks_exist()
    {
        var table = Table("id,spend,seats,churned\na,1,3,yes\nb, 2.5 ,4,no\nc,1e3,5,yes\nd,,6,no\ne,-4,7,no\n");

        var schema = CsvSchemaInference.Infer(table, "churned", "id");

        Assert.Equal("churned", schema.LabelColumn);
        Assert.Equal("id", schema.IdColumn);
        var spend = Assert.Single(schema.Columns, c => c.Name == "spend");
        Assert.Equal(CsvColumnKind.Numeric, spend.Kind);
        Assert.Equal((1 + 2.5 + 1000 - 4) / 4, spend.Mean, 12);
        Assert.True(spend.HasMissingIndicator);
        var seats = Assert.Single(schema.Columns, c => c.Name == "seats");
        Assert.False(seats.HasMissingIndicator);
        Assert.Equal(["spend", "spend_missing", "seats"], schema.FeatureNames());
    }

    [Theory]
    [InlineData("1,5")]
    [InlineData("abc")]
    [InlineData("1 000")]
    [InlineData("NaN")]
    [InlineData("1e999")]
    public void One_non_number_makes_a_column_categorical(string value)
    {
        var table = Table($"x,churned\n1,yes\n2,no\n{CustomerTableGenerator.Quote(value)},yes\n");

        var schema = CsvSchemaInference.Infer(table, "churned");

        Assert.Equal(CsvColumnKind.Categorical, Assert.Single(schema.Columns).Kind);
    }

    [Fact]
    public void Categoricals_keep_the_most_frequent_values_then_other_and_missing()
    {
        // Value vN appears N times (v1..v60), plus two blanks: v60..v11 are kept, v10..v1 become (other).
        var csv = new StringBuilder("plan,churned\n");
        for (var n = 1; n <= 60; n++)
        {
            for (var i = 0; i < n; i++)
            {
                csv.Append($"v{n},{(i % 2 == 0 ? "yes" : "no")}\n");
            }
        }
        csv.Append(",no\n  ,yes\n");

        var plan = Assert.Single(CsvSchemaInference.Infer(Table(csv.ToString()), "churned").Columns);

        Assert.Equal(CsvColumnKind.Categorical, plan.Kind);
        Assert.Equal(Enumerable.Range(11, 50).Reverse().Select(n => $"v{n}").Append(CsvSchema.Other).Append(CsvSchema.Missing), plan.Categories);
    }

    [Fact]
    public void Only_the_given_rows_are_used_to_learn_means_and_categories()
    {
        var table = Table("plan,spend,churned\nfree,10,yes\npro,20,no\nteam,1000,yes\n");

        var schema = CsvSchemaInference.Infer(table, "churned", rows: [0, 1]);

        Assert.Equal(["free", "pro"], schema.Columns[0].Categories);
        Assert.Equal(15, schema.Columns[1].Mean);
    }

    [Theory]
    [InlineData("yes", true)]
    [InlineData("No", false)]
    [InlineData(" TRUE ", true)]
    [InlineData("false", false)]
    [InlineData("1", true)]
    [InlineData("0", false)]
    [InlineData("Y", true)]
    [InlineData("n", false)]
    [InlineData("t", true)]
    [InlineData("F", false)]
    [InlineData("Churned", true)]
    [InlineData("retained", false)]
    [InlineData("maybe", null)]
    [InlineData("2", null)]
    [InlineData("", null)]
    [InlineData("1.0", null)]
    public void Labels_accept_the_usual_spellings(string value, bool? expected) =>
        Assert.Equal(expected, CsvLabels.TryParse(value));

    [Fact]
    public void A_bad_label_is_an_error_naming_its_line()
    {
        // The quoted note spans lines 3-4, so the bad label is on line 5.
        var table = Table("note,churned\nok,yes\n\"two\nlines\",no\nbad,maybe\n");

        var error = Assert.Throws<CsvDataException>(() => CsvSchemaInference.Infer(table, "churned"));

        Assert.Equal(5, error.Line);
        Assert.Contains("'maybe'", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("churn", null, "labelColumn")]
    [InlineData("churned", "customer", "idColumn")]
    [InlineData("churned", "CHURNED", "idColumn")]
    public void Unknown_label_or_id_columns_are_argument_errors(string label, string? id, string parameter)
    {
        var table = Table("id,x,churned\na,1,yes\nb,2,no\n");

        var error = Assert.ThrowsAny<ArgumentException>(() => CsvSchemaInference.Infer(table, label, id));

        Assert.Equal(parameter, error.ParamName);
    }

    [Theory]
    [InlineData("id,churned\na,yes\nb,no\n", "no feature columns")]
    [InlineData("x,churned\n1,yes\n2,yes\n", "both outcomes")]
    public void Tables_that_cannot_train_a_classifier_are_rejected(string csv, string problem)
    {
        var error = Assert.Throws<CsvDataException>(() => CsvSchemaInference.Infer(Table(csv), "churned", csv.StartsWith("id", StringComparison.Ordinal) ? "id" : null));

        Assert.Contains(problem, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Label_and_id_columns_are_found_ignoring_case_and_stored_as_written_in_the_header()
    {
        var schema = CsvSchemaInference.Infer(Table("Account_ID,x,Churned\na,1,yes\nb,2,no\n"), "churned", "account_id");

        Assert.Equal("Churned", schema.LabelColumn);
        Assert.Equal("Account_ID", schema.IdColumn);
        Assert.Equal(["x"], schema.FeatureNames());
    }
}
