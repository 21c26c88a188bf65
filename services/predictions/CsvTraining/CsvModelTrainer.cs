using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers;

namespace Suite.Predictions.CsvTraining;

/// <summary>
/// A model trained on an uploaded table: its ML.NET bytes and the schema JSON to store with them, plus the holdout
/// scores and labels (in holdout order) from which the caller computes AUC and calibration.
/// </summary>
public sealed record CsvTrainingResult(
    byte[] ModelContent,
    string SchemaJson,
    string Trainer,
    long TrainingRows,
    long HoldoutRows,
    IReadOnlyList<double> HoldoutProbabilities,
    IReadOnlyList<bool> HoldoutLabels);

/// <summary>
/// Trains a binary classifier on a customer's own history ("bring your own data"): schema inferred from the training
/// rows, rows encoded by <see cref="CsvFeatureEncoder"/>, then mean/variance normalisation and L-BFGS logistic
/// regression — a well-calibrated, hard-to-overfit default for arbitrary tables.
/// </summary>
public static class CsvModelTrainer
{
    public const string Trainer = "lbfgs";
    public const double MaxHoldoutFraction = 0.9;
    public const int MinTrainingRows = 10;

    public static CsvTrainingResult Train(CsvTable table, string labelColumn, string? idColumn, double holdoutFraction, int seed)
    {
        ArgumentNullException.ThrowIfNull(table);
        if (!(holdoutFraction is >= 0 and <= MaxHoldoutFraction))
        {
            throw new ArgumentOutOfRangeException(nameof(holdoutFraction), holdoutFraction, $"must be between 0 and {MaxHoldoutFraction}");
        }
        var (training, holdout) = Split(table.RowCount, holdoutFraction, seed);
        var schema = CsvSchemaInference.Infer(table, labelColumn, idColumn, training);
        var labels = CsvLabels.Parse(table, table.IndexOf(schema.LabelColumn));
        if (training.Length < MinTrainingRows)
        {
            throw new CsvDataException(null, $"at least {MinTrainingRows} training rows are needed, the table leaves {training.Length}");
        }
        if (training.All(i => labels[i]) || !training.Any(i => labels[i]))
        {
            throw new CsvDataException(null, "the training rows need both outcomes of the label");
        }

        var encoder = new CsvFeatureEncoder(schema);
        var ml = new MLContext(seed);
        var trainView = CsvModelRow.Load(ml, Rows(encoder, table, training, labels), encoder.FeatureCount);
        var pipeline = ml.Transforms.NormalizeMeanVariance(CsvModelRow.FeaturesColumn)
            .Append(ml.BinaryClassification.Trainers.LbfgsLogisticRegression(new LbfgsLogisticRegressionBinaryTrainer.Options
            {
                LabelColumnName = CsvModelRow.LabelColumn,
                FeatureColumnName = CsvModelRow.FeaturesColumn,
                // One thread: the same upload and seed give the same model bytes.
                NumberOfThreads = 1,
            }));
        var model = pipeline.Fit(trainView);

        var holdoutProbabilities = Array.Empty<double>();
        if (holdout.Length > 0)
        {
            var holdoutView = CsvModelRow.Load(ml, Rows(encoder, table, holdout, labels), encoder.FeatureCount);
            holdoutProbabilities = model.Transform(holdoutView)
                .GetColumn<float>(nameof(CsvModelOutput.Probability))
                .Select(p => Math.Clamp((double)p, 0, 1))
                .ToArray();
        }

        using var stream = new MemoryStream();
        ml.Model.Save(model, trainView.Schema, stream);
        return new CsvTrainingResult(
            stream.ToArray(), schema.ToJson(), Trainer, training.Length, holdout.Length,
            holdoutProbabilities, holdout.Select(i => labels[i]).ToArray());
    }

    /// <summary>
    /// The deterministic split <see cref="Train"/> uses: row indices shuffled with <paramref name="seed"/> (exports are
    /// often sorted by date or outcome), the last round(n·fraction) of them held out.
    /// </summary>
    public static (int[] Training, int[] Holdout) Split(int rowCount, double holdoutFraction, int seed)
    {
        var order = Enumerable.Range(0, rowCount).ToArray();
        new Random(seed).Shuffle(order);
        var holdoutRows = (int)Math.Round(rowCount * holdoutFraction);
        return (order[..(rowCount - holdoutRows)], order[(rowCount - holdoutRows)..]);
    }

    private static IEnumerable<CsvModelRow> Rows(CsvFeatureEncoder encoder, CsvTable table, int[] rows, bool[] labels)
    {
        var features = encoder.Encode(table, rows);
        return rows.Select((row, i) => new CsvModelRow { Features = features[i], Label = labels[row] });
    }
}
