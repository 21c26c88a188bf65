using System.Globalization;
using Grpc.Core;
using Suite.Contracts.Predictions.V1;
using Suite.Predictions.Domain;
using Suite.Predictions.Registry;
using Suite.ServiceDefaults.Auth;
using Suite.ServiceDefaults.Grpc;
using static Suite.Predictions.Api.ProtoMapping;

namespace Suite.Predictions.Api;

public sealed partial class PredictionsApi
{
    public const int DefaultAtRiskLimit = 100;
    public const int MaxAtRiskLimit = 1000;

    public override async Task<ListAtRiskAccountsResponse> ListAtRiskAccounts(ListAtRiskAccountsRequest request, ServerCallContext context)
    {
        var tenant = context.RequireTenant();
        var violations = new List<FieldViolation>();
        ChurnRiskLevel? minLevel = request.MinLevel switch
        {
            "" or "high" => ChurnRiskLevel.High,
            "low" => ChurnRiskLevel.Low,
            "medium" => ChurnRiskLevel.Medium,
            "critical" => ChurnRiskLevel.Critical,
            _ => null,
        };
        if (minLevel is null)
        {
            violations.Add(new FieldViolation("min_level", $"'{request.MinLevel}' must be low, medium, high or critical (default high)"));
        }
        if (request.Limit is < 0 or > MaxAtRiskLimit)
        {
            violations.Add(new FieldViolation("limit", $"must be between 1 and {MaxAtRiskLimit} (default {DefaultAtRiskLimit})"));
        }
        ThrowIfAny(violations);

        var ct = context.CancellationToken;
        var list = await atRisk.ListAsync(tenant, minLevel!.Value, request.Limit == 0 ? DefaultAtRiskLimit : request.Limit, ct);
        var response = new ListAtRiskAccountsResponse();
        response.Counts.AddRange(Enum.GetValues<ChurnRiskLevel>().Where(l => l >= minLevel)
            .Select(l => new RiskLevelCount { Level = ToProto(l), Accounts = list.Counts.GetValueOrDefault(l) }));

        // Reasons and actions from the account's current features, explained by the model serving the tenant; the
        // probability stays the recorded one so it agrees with the level and the order.
        var features = list.Accounts.Count > 0 && serving.TryResolve(tenant, ModelKinds.Churn, out var m) && m is ChurnModel model
            ? (await lookup.AccountsAsync(tenant, list.Accounts.Select(a => a.AccountId).ToList(), clock.GetUtcNow(), ct))
                .ToDictionary(a => a.AccountId, a => (a.Features, Model: model), StringComparer.Ordinal)
            : [];
        foreach (var risk in list.Accounts)
        {
            var account = new AtRiskAccount
            {
                AccountId = risk.AccountId,
                Probability = risk.Probability,
                Level = ToProto(risk.Level),
                LevelSince = Rfc3339(risk.LevelSince),
                ScoredAt = Rfc3339(risk.ScoredAt),
            };
            if (features.TryGetValue(risk.AccountId, out var current))
            {
                account.TopFeatures.AddRange(current.Model.Explain(current.Features, Scorer.TopFeatures).Select(ToProto));
                account.Interventions.AddRange(ChurnInterventions.Recommend(current.Features, risk.Probability)
                    .Select(i => new Intervention { Code = i.Code, Text = i.Text }));
            }
            response.Accounts.Add(account);
        }
        return response;
    }

    private static string Rfc3339(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture);
}
