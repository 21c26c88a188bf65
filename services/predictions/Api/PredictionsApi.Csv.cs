using Grpc.Core;
using Suite.Contracts.Predictions.V1;
using Suite.Predictions.CsvTraining;
using Suite.Predictions.Domain;
using Suite.Predictions.Registry;
using Suite.Predictions.Training;
using Suite.ServiceDefaults.Auth;
using Suite.ServiceDefaults.Grpc;
using static Suite.Predictions.Api.ProtoMapping;

namespace Suite.Predictions.Api;

public sealed partial class PredictionsApi
{
    /// <summary>Uploads beyond this are refused (ResourceExhausted): training runs in memory.</summary>
    public const long MaxCsvBytes = 256L * 1024 * 1024;

    /// <summary>
    /// A tenant's own history as CSV, streamed in chunks: parsed as it arrives (rows may span chunks), columns
    /// inferred, then a logistic regression trained and registered as a candidate of the tenant. It serves only once
    /// promoted (PromoteModel): its holdout is the uploaded data, not comparable with the active model's.
    /// </summary>
    public override async Task<ModelInfo> TrainModelFromCsv(IAsyncStreamReader<CsvTrainingChunk> requestStream, ServerCallContext context)
    {
        var tenant = context.RequireTenant();
        var ct = context.CancellationToken;
        string? kind = null, label = null, id = null;
        var reader = new CsvTableReader();
        long bytes = 0;
        try
        {
            await foreach (var chunk in requestStream.ReadAllAsync(ct))
            {
                if (kind is null)
                {
                    kind = Kind("kind", chunk.Kind);
                    label = string.IsNullOrWhiteSpace(chunk.LabelColumn) ? throw GrpcErrors.InvalidArgument("label_column", "is required in the first message") : chunk.LabelColumn;
                    id = string.IsNullOrWhiteSpace(chunk.IdColumn) ? null : chunk.IdColumn;
                }
                bytes += chunk.Data.Length;
                if (bytes > MaxCsvBytes)
                {
                    throw new RpcException(new Status(StatusCode.ResourceExhausted, $"the upload is larger than {MaxCsvBytes / (1024 * 1024)} MiB"));
                }
                reader.Append(chunk.Data.Span);
            }
            if (kind is null)
            {
                throw GrpcErrors.InvalidArgument("kind", "the upload had no message");
            }
            var table = reader.Complete();
            var seed = options.Seed;
            var result = await Task.Run(() => CsvModelTrainer.Train(table, label!, id, options.HoldoutFraction, seed), ct);
            var quality = HoldoutMetrics.Compute(result.TrainingRows, result.HoldoutProbabilities, result.HoldoutLabels);
            var artifact = new ModelArtifact(kind, result.Trainer, ModelSources.Csv, quality, result.ModelContent,
                new ModelMetadata(CsvSchema: result.SchemaJson, LabelColumn: label).ToJson());
            var outcome = await training.RegisterAsync(tenant, new Candidate(artifact, _ => null), promoteIfBetter: false, ct);
            logger.LogInformation("CSV {Kind} candidate {Version} for {Tenant}: {Rows} rows, holdout AUC {Auc:F4}",
                kind, outcome.Candidate.Descriptor.Version, tenant, result.TrainingRows + result.HoldoutRows, quality.Auc);
            return ToProto(outcome.Candidate.Descriptor);
        }
        catch (CsvDataException ex)
        {
            throw GrpcErrors.InvalidArgument("data", ex.Message);
        }
    }
}
