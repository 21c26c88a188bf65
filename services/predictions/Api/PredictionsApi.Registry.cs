using System.Globalization;
using Grpc.Core;
using Suite.Contracts.Predictions.V1;
using Suite.Predictions.Domain;
using Suite.Predictions.Models;
using Suite.Predictions.Registry;
using Suite.Predictions.Training;
using Suite.ServiceDefaults.Auth;
using Suite.ServiceDefaults.Grpc;
using static Suite.Predictions.Api.ProtoMapping;

namespace Suite.Predictions.Api;

public sealed partial class PredictionsApi
{
    public const int DefaultGeneratedRows = 20_000;
    public const int MaxGeneratedRows = 1_000_000;
    public const int DefaultWindowDays = 180;

    public override async Task<ModelInfo> TrainModel(TrainModelRequest request, ServerCallContext context)
    {
        var tenant = context.RequireTenant();
        var kind = Kind("kind", request.Kind);
        var trainer = string.IsNullOrEmpty(request.Trainer) ? ChurnTrainer.Auto : request.Trainer;
        if (!ChurnTrainer.Trainers.Contains(trainer))
        {
            throw GrpcErrors.InvalidArgument("trainer", $"must be one of {string.Join(", ", ChurnTrainer.Trainers)}");
        }
        var ct = context.CancellationToken;
        var candidate = request.SourceCase switch
        {
            TrainModelRequest.SourceOneofCase.Generated => await GeneratedCandidateAsync(kind, request.Generated, trainer),
            TrainModelRequest.SourceOneofCase.FeatureStore => await FeatureStoreCandidateAsync(tenant, kind, request.FeatureStore, trainer, ct),
            _ => throw GrpcErrors.InvalidArgument("source", "give generated or feature_store (CSV uploads go through TrainModelFromCsv)"),
        };
        var outcome = await training.RegisterAsync(tenant, candidate, request.PromoteIfBetter, ct);
        return ToProto(outcome.Candidate.Descriptor);
    }

    public override async Task<ListModelsResponse> ListModels(ListModelsRequest request, ServerCallContext context)
    {
        var tenant = context.RequireTenant();
        var kind = string.IsNullOrEmpty(request.Kind) ? null : Kind("kind", request.Kind);
        var response = new ListModelsResponse();
        response.Models.AddRange((await registry.ListAsync(tenant, kind, context.CancellationToken)).Select(ToProto));
        return response;
    }

    public override async Task<ModelInfo> PromoteModel(PromoteModelRequest request, ServerCallContext context)
    {
        var tenant = context.RequireTenant();
        var kind = Kind("kind", request.Kind);
        if (string.IsNullOrWhiteSpace(request.Version))
        {
            throw GrpcErrors.InvalidArgument("version", "is required");
        }
        // Tenants promote their own versions; the global models change only by retraining them.
        var promoted = await training.PromoteAsync(tenant, kind, request.Version, context.CancellationToken)
            ?? throw GrpcErrors.NotFound($"{kind} model '{request.Version}' is not one of this tenant's versions");
        return ToProto(promoted.Descriptor);
    }

    public override async Task<ModelInfo> RollbackModel(RollbackModelRequest request, ServerCallContext context)
    {
        var tenant = context.RequireTenant();
        var kind = Kind("kind", request.Kind);
        var restored = await training.RollbackAsync(tenant, kind, context.CancellationToken)
            ?? throw GrpcErrors.FailedPrecondition($"no earlier {kind} version of this tenant to roll back to");
        return ToProto(restored.Descriptor);
    }

    public override Task<ModelInfo> GetActiveModel(GetActiveModelRequest request, ServerCallContext context)
    {
        var tenant = context.RequireTenant();
        var kind = Kind("kind", request.Kind);
        return serving.TryResolve(tenant, kind, out var model)
            ? Task.FromResult(ToProto(model.Descriptor))
            : throw new RpcException(new Status(StatusCode.Unavailable, $"the {kind} model is not loaded yet; retry shortly"));
    }

    private Task<Candidate> GeneratedCandidateAsync(string kind, GeneratedSource source, string trainer)
    {
        var rows = source.Rows == 0 ? DefaultGeneratedRows : source.Rows;
        if (rows is < 1_000 or > MaxGeneratedRows)
        {
            throw GrpcErrors.InvalidArgument("generated.rows", $"must be between 1000 and {MaxGeneratedRows} (default {DefaultGeneratedRows})");
        }
        // CPU-bound: off the request thread, so the other calls keep being served.
        return Task.Run(() => kind == ModelKinds.Conversion
            ? GeneratedTraining.TrainConversion(rows, options.HoldoutFraction, source.Seed)
            : GeneratedTraining.Train(kind, rows, options.HoldoutFraction, trainer, source.Seed));
    }

    private async Task<Candidate> FeatureStoreCandidateAsync(string tenant, string kind, FeatureStoreSource source, string trainer, CancellationToken ct)
    {
        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        DateOnly snapshot;
        if (string.IsNullOrEmpty(source.Snapshot))
        {
            snapshot = kind == ModelKinds.Churn ? today.AddDays(-90) : today;
        }
        else if (!DateOnly.TryParseExact(source.Snapshot, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out snapshot) || snapshot > today)
        {
            throw GrpcErrors.InvalidArgument("feature_store.snapshot", "must be a past date as yyyy-MM-dd");
        }
        var days = source.Days == 0 ? DefaultWindowDays : source.Days;
        if (days is < 1 or > 3650)
        {
            throw GrpcErrors.InvalidArgument("feature_store.days", "must be between 1 and 3650 (default 180)");
        }
        var candidate = await FeatureStoreTraining.TrainAsync(trainingData, tenant, kind, snapshot, days, trainer, options, ct);
        return candidate.Candidate ?? throw GrpcErrors.FailedPrecondition(candidate.Problem!);
    }
}
