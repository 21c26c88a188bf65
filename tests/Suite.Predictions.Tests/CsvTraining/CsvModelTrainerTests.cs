using System.Text;
using Suite.Predictions.CsvTraining;
using Suite.Predictions.Domain;

namespace Suite.Predictions.Tests.CsvTraining;

public class CsvModelTrainerTests
{
    private const int Rows = 8_000;
    private const double HoldoutFraction = 0.25;
    private const int Seed = 42;

    private static readonly Lazy<(IReadOnlyList<CustomerTableGenerator.Customer> Customers, CsvTable Table, CsvTrainingResult Result)> Trained = new(() =>
    {
        var customers = CustomerTableGenerator.Generate(Rows, Seed);
        var bytes = Encoding.UTF8.GetBytes(CustomerTableGenerator.ToCsv(customers));
        // Streamed in 64 KiB chunks, as an upload would arrive.
        var reader = new CsvTableReader();
        foreach (var chunk in bytes.Chunk(64 * 1024))
        {
            reader.Append(chunk);
        }
        var table = reader.Complete();
        return (customers, table, CsvModelTrainer.Train(table, "churned", "account", HoldoutFraction, Seed));
    });

    [Fact]
    public void Reaches_the_bayes_optimal_auc_on_the_holdout()
    {
        var (customers, _, result) = Trained.Value;
        var (_, holdout) = CsvModelTrainer.Split(Rows, HoldoutFraction, Seed);

        Assert.Equal(CsvModelTrainer.Trainer, result.Trainer);
        Assert.Equal(6_000, result.TrainingRows);
        Assert.Equal(2_000, result.HoldoutRows);
        Assert.Equal(holdout.Select(i => customers[i].Churned), result.HoldoutLabels);
        // The best any model can do on this holdout: rank customers by their true churn probability.
        var bayesAuc = RocAuc.Compute(holdout.Select(i => customers[i].TrueProbability).ToList(), result.HoldoutLabels);
        var auc = RocAuc.Compute(result.HoldoutProbabilities, result.HoldoutLabels);
        Assert.InRange(bayesAuc, 0.75, 0.9);
        Assert.True(Math.Abs(auc - bayesAuc) <= 0.02, $"holdout AUC {auc:F4}, Bayes-optimal {bayesAuc:F4}");
        // Logistic regression is the right model family here, so probabilities (not just ranks) come out close.
        var meanAbsoluteError = holdout.Zip(result.HoldoutProbabilities, (i, p) => Math.Abs(customers[i].TrueProbability - p)).Average();
        Assert.True(meanAbsoluteError < 0.03, $"mean |p - p_true| = {meanAbsoluteError:F4}");
    }

    [Fact]
    public void The_stored_schema_describes_the_columns_and_excludes_id_and_label()
    {
        var schema = CsvSchema.FromJson(Trained.Value.Result.SchemaJson);

        Assert.Equal("churned", schema.LabelColumn);
        Assert.Equal("account", schema.IdColumn);
        Assert.Equal(
            ["plan", "country", "seats", "monthly_spend", "last_login_days", "tickets"],
            schema.Columns.Select(c => c.Name));
        Assert.Equal(
            [CsvColumnKind.Categorical, CsvColumnKind.Categorical, CsvColumnKind.Numeric, CsvColumnKind.Numeric, CsvColumnKind.Numeric, CsvColumnKind.Numeric],
            schema.Columns.Select(c => c.Kind));
        Assert.Contains("Korea, Republic of", schema.Columns[1].Categories);
        Assert.True(schema.Columns[3].HasMissingIndicator);
        Assert.False(schema.Columns[2].HasMissingIndicator);
    }

    [Fact]
    public void A_loaded_scorer_reproduces_the_holdout_probabilities()
    {
        var (_, table, result) = Trained.Value;
        var (_, holdout) = CsvModelTrainer.Split(Rows, HoldoutFraction, Seed);

        var scorer = CsvModelScorer.Load(result.ModelContent, result.SchemaJson);
        var scores = holdout.Select(i => scorer.Score(table.RowAsDictionary(i))).ToList();

        for (var i = 0; i < scores.Count; i++)
        {
            Assert.Equal(result.HoldoutProbabilities[i], scores[i], 6);
        }
    }

    [Fact]
    public void The_scorer_is_safe_to_call_concurrently()
    {
        var (_, table, result) = Trained.Value;
        var scorer = CsvModelScorer.Load(result.ModelContent, result.SchemaJson);
        var rows = Enumerable.Range(0, 2_000).Select(table.RowAsDictionary).ToArray();
        var sequential = rows.Select(scorer.Score).ToArray();

        var parallel = new double[rows.Length];
        Parallel.For(0, rows.Length, new ParallelOptions { MaxDegreeOfParallelism = 8 }, i => parallel[i] = scorer.Score(rows[i]));

        Assert.Equal(sequential, parallel);
    }

    [Fact]
    public void Training_is_deterministic_for_a_seed()
    {
        var customers = CustomerTableGenerator.Generate(1_000, seed: 3);
        var table = CsvTableReader.Read(Encoding.UTF8.GetBytes(CustomerTableGenerator.ToCsv(customers)));

        var first = CsvModelTrainer.Train(table, "churned", "account", 0.2, seed: 9);
        var second = CsvModelTrainer.Train(table, "churned", "account", 0.2, seed: 9);

        Assert.Equal(first.SchemaJson, second.SchemaJson);
        Assert.Equal(first.HoldoutProbabilities, second.HoldoutProbabilities);
        Assert.Equal(first.HoldoutLabels, second.HoldoutLabels);
    }

    [Fact]
    public void The_split_is_a_seeded_permutation()
    {
        var (training, holdout) = CsvModelTrainer.Split(1_000, 0.25, seed: 1);
        var other = CsvModelTrainer.Split(1_000, 0.25, seed: 2);

        Assert.Equal(750, training.Length);
        Assert.Equal(250, holdout.Length);
        Assert.Equal(Enumerable.Range(0, 1_000), training.Concat(holdout).Order());
        Assert.NotEqual(holdout, other.Holdout);
        Assert.Equal(holdout, CsvModelTrainer.Split(1_000, 0.25, seed: 1).Holdout);
    }

    [Theory]
    [InlineData(-0.1)]
    [InlineData(0.95)]
    [InlineData(double.NaN)]
    public void Rejects_a_holdout_fraction_out_of_range(double fraction)
    {
        var table = CsvTableReader.Read("x,churned\n1,yes\n2,no\n"u8);

        var error = Assert.Throws<ArgumentOutOfRangeException>(() => CsvModelTrainer.Train(table, "churned", null, fraction, Seed));

        Assert.Equal("holdoutFraction", error.ParamName);
    }

    [Fact]
    public void A_missing_label_column_is_an_argument_error()
    {
        var table = CsvTableReader.Read("x,outcome\n1,yes\n2,no\n"u8);

        var error = Assert.ThrowsAny<ArgumentException>(() => CsvModelTrainer.Train(table, "churned", null, 0.2, Seed));

        Assert.Equal("labelColumn", error.ParamName);
    }

    [Fact]
    public void Too_few_rows_are_a_data_error()
    {
        var table = CsvTableReader.Read("x,churned\n1,yes\n2,no\n3,yes\n"u8);

        var error = Assert.Throws<CsvDataException>(() => CsvModelTrainer.Train(table, "churned", null, 0, Seed));

        Assert.Contains("training rows", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_scorer_refuses_a_schema_of_another_model()
    {
        var result = Trained.Value.Result;
        var otherTable = CsvTableReader.Read("x,churned\n1,yes\n2,no\n"u8);
        var otherSchema = CsvSchemaInference.Infer(otherTable, "churned").ToJson();

        var error = Assert.ThrowsAny<ArgumentException>(() => CsvModelScorer.Load(result.ModelContent, otherSchema));

        Assert.Equal("schemaJson", error.ParamName);
    }
}
