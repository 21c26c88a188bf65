using System.Text;
using Suite.Predictions.CsvTraining;

namespace Suite.Predictions.Tests.CsvTraining;

public class CsvFeatureEncoderTests
{
    // plan: free ×3, pro ×2, team ×1 → with at most 2 categories: free, pro, (other), and (missing) for the blank.
    // seats: always present. spend: one blank → mean of 10, 20, 30, 40, 50, 60 = 35 and an indicator.
    private const string Csv =
        "id,plan,seats,spend,churned\n" +
        "a,free,1,10,yes\n" +
        "b,free,2,20,no\n" +
        "c,free,3,30,yes\n" +
        "d,pro,4,40,no\n" +
        "e,pro,5,50,yes\n" +
        "f,team,6,60,no\n" +
        "g,,7,,yes\n";

    private static CsvSchema Schema() =>
        CsvSchemaInference.Infer(CsvTableReader.Read(Encoding.UTF8.GetBytes(Csv)), "churned", "id", maxCategories: 2);

    [Fact]
    public void Feature_names_are_stable_and_in_column_order()
    {
        var encoder = new CsvFeatureEncoder(Schema());

        Assert.Equal(["plan=free", "plan=pro", "plan=(other)", "plan=(missing)", "seats", "spend", "spend_missing"], encoder.FeatureNames);
        Assert.Equal(7, encoder.FeatureCount);
    }

    [Theory]
    [InlineData("free", "3", "12.5", new float[] { 1, 0, 0, 0, 3, 12.5f, 0 })]
    [InlineData(" pro ", "4", "0", new float[] { 0, 1, 0, 0, 4, 0, 0 })]
    // A rare value from training and one never seen both go to (other), since training had values outside the kept ones.
    [InlineData("team", "1", "1", new float[] { 0, 0, 1, 0, 1, 1, 0 })]
    [InlineData("galactic", "1", "1", new float[] { 0, 0, 1, 0, 1, 1, 0 })]
    [InlineData("", "2", "", new float[] { 0, 0, 0, 1, 2, 35, 1 })]
    [InlineData(null, "2", "n/a", new float[] { 0, 0, 0, 1, 2, 35, 1 })]
    // seats had no blanks in training: a blank becomes the mean (4) without an indicator.
    [InlineData("free", "", "1e2", new float[] { 1, 0, 0, 0, 4, 100, 0 })]
    public void Encodes_numbers_as_they_are_and_categories_one_hot(string? plan, string seats, string spend, float[] expected)
    {
        var encoder = new CsvFeatureEncoder(Schema());
        var row = new Dictionary<string, string?> { ["plan"] = plan, ["seats"] = seats, ["spend"] = spend, ["id"] = "zzz" };

        Assert.Equal(expected, encoder.Encode(row));
    }

    [Fact]
    public void Unknown_categories_encode_as_all_zeros_when_training_kept_every_value()
    {
        var table = CsvTableReader.Read("plan,churned\nfree,yes\npro,no\n"u8);
        var encoder = new CsvFeatureEncoder(CsvSchemaInference.Infer(table, "churned"));

        Assert.Equal([0f, 0f], encoder.Encode(new Dictionary<string, string?> { ["plan"] = "enterprise" }));
        Assert.Equal([0f, 0f], encoder.Encode(new Dictionary<string, string?>()));
        Assert.Equal([0f, 1f], encoder.Encode(new Dictionary<string, string?> { ["plan"] = "pro" }));
    }

    [Fact]
    public void A_schema_read_back_from_json_encodes_identically()
    {
        var table = CsvTableReader.Read(Encoding.UTF8.GetBytes(CustomerTableGenerator.ToCsv(CustomerTableGenerator.Generate(1_000, seed: 9))));
        var schema = CsvSchemaInference.Infer(table, "churned", "account");
        var json = schema.ToJson();

        var restored = CsvSchema.FromJson(json);

        Assert.Equal(json, restored.ToJson());
        var original = new CsvFeatureEncoder(schema);
        var roundTripped = new CsvFeatureEncoder(restored);
        Assert.Equal(original.FeatureNames, roundTripped.FeatureNames);
        var rows = Enumerable.Range(0, table.RowCount).ToArray();
        Assert.Equal(original.Encode(table, rows), roundTripped.Encode(table, rows));
        var unusual = new Dictionary<string, string?> { ["plan"] = "platinum", ["country"] = null, ["monthly_spend"] = "" };
        Assert.Equal(original.Encode(unusual), roundTripped.Encode(unusual));
        // Means survive exactly (not just to float precision).
        Assert.Equal(schema.Columns.Select(c => c.Mean), restored.Columns.Select(c => c.Mean));
    }

    [Fact]
    public void Table_and_dictionary_encodings_agree()
    {
        var table = CsvTableReader.Read(Encoding.UTF8.GetBytes(Csv));
        var encoder = new CsvFeatureEncoder(Schema());

        var byTable = encoder.Encode(table, Enumerable.Range(0, table.RowCount).ToArray());

        for (var row = 0; row < table.RowCount; row++)
        {
            Assert.Equal(byTable[row], encoder.Encode(table.RowAsDictionary(row)));
        }
    }

    [Theory]
    [InlineData("{\"version\":2,\"labelColumn\":\"churned\",\"idColumn\":null,\"columns\":[{\"name\":\"x\",\"kind\":\"numeric\",\"mean\":1,\"hasMissingIndicator\":false,\"categories\":[]}]}")]
    [InlineData("{\"version\":1,\"labelColumn\":\"churned\",\"idColumn\":null,\"columns\":[]}")]
    [InlineData("{\"version\":1,\"labelColumn\":\"churned\",\"idColumn\":null,\"columns\":[{\"name\":\"x\",\"kind\":\"weird\",\"mean\":1,\"hasMissingIndicator\":false,\"categories\":[]}]}")]
    [InlineData("null")]
    public void Rejects_schema_json_it_does_not_understand(string json) =>
        Assert.Throws<FormatException>(() => CsvSchema.FromJson(json));
}
