using Microsoft.ML;
using Microsoft.ML.Data;

namespace Suite.Predictions.CsvTraining;

/// <summary>
/// The row ML.NET trains and scores on for uploaded tables: one float vector whose size is only known at run time
/// (see <see cref="SchemaFor"/>). Column names are part of stored models: do not rename.
/// </summary>
public sealed class CsvModelRow
{
    public const string FeaturesColumn = nameof(Features);
    public const string LabelColumn = nameof(Label);

    public float[] Features { get; set; } = [];

    public bool Label { get; set; }

    /// <summary>Declares <see cref="Features"/> as a fixed-size vector, which trainers and normalisers require.</summary>
    public static SchemaDefinition SchemaFor(int featureCount)
    {
        var schema = SchemaDefinition.Create(typeof(CsvModelRow));
        schema[FeaturesColumn].ColumnType = new VectorDataViewType(NumberDataViewType.Single, featureCount);
        return schema;
    }

    public static IDataView Load(MLContext ml, IEnumerable<CsvModelRow> rows, int featureCount) =>
        ml.Data.LoadFromEnumerable(rows, SchemaFor(featureCount));
}

public sealed class CsvModelOutput
{
    [ColumnName("PredictedLabel")]
    public bool PredictedLabel { get; set; }

    public float Probability { get; set; }

    public float Score { get; set; }
}
