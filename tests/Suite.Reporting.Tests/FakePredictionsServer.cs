using System.Collections.Concurrent;
using Grpc.Core;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Suite.Contracts.Predictions.V1;
using Suite.ServiceDefaults.Auth;
using Suite.ServiceDefaults.Grpc;
using Suite.Testing;
using PredictionsBase = Suite.Contracts.Predictions.V1.Predictions.PredictionsBase;

namespace Suite.Reporting.Tests;

/// <summary>
/// A test double of the predictions service: the real gRPC contract on a real h2c port, the suite's JWT auth, fixed
/// data. ListAtRiskAccounts answers <see cref="Accounts"/> (2 critical, 2 high, 1 medium) filtered by min_level and
/// limit; ForecastSeries answers <see cref="Forecast"/> whatever the series and records what it was sent.
/// </summary>
public sealed class FakePredictionsServer : IAsyncDisposable
{
    private readonly LoopbackServer _server;

    private FakePredictionsServer(LoopbackServer server, Calls calls)
    {
        _server = server;
        Forecasts = calls.Forecasts;
        AtRiskRequests = calls.AtRisk;
    }

    public string Address => _server.Address.ToString().TrimEnd('/');

    /// <summary>Every ForecastSeries call: the tenant it was made for and the request.</summary>
    public ConcurrentQueue<(string Tenant, ForecastSeriesRequest Request)> Forecasts { get; }

    public ConcurrentQueue<(string Tenant, ListAtRiskAccountsRequest Request)> AtRiskRequests { get; }

    public static async Task<FakePredictionsServer> StartAsync()
    {
        var calls = new Calls();
        var server = await FakeGrpcServer.StartAsync<FakePredictionsService, Calls>(calls);
        return new FakePredictionsServer(server, calls);
    }

    public ValueTask DisposeAsync() => _server.DisposeAsync();

    /// <summary>Riskiest first. Contributions below 0 lower the risk (reports leave them out of "top features").</summary>
    public static IReadOnlyList<AtRiskAccount> Accounts { get; } =
    [
        Account("acct-churning", 0.93, RiskLevel.Critical, "2026-03-05T10:00:00.000000Z", [("days_since_last_login", 1.2), ("open_tickets", 0.8), ("feature_adoption", -0.1)],
            ["re_engagement_email", "personal_call"]),
        Account("acct-silent", 0.84, RiskLevel.Critical, "2026-01-20T06:00:00.000000Z", [("logins_30d", 0.9)], ["personal_call"]),
        Account("acct-ticketed", 0.67, RiskLevel.High, "2026-03-08T09:00:00.000000Z", [("open_tickets", 1.1)], ["support_escalation"]),
        Account("acct-slow", 0.52, RiskLevel.High, "2026-02-11T08:00:00.000000Z", [("feature_adoption", 0.7)], ["onboarding_session"]),
        Account("acct-fine", 0.31, RiskLevel.Medium, "2026-02-01T08:00:00.000000Z", [("sessions_7d", 0.2)], []),
    ];

    /// <summary>Three steps ahead (currency units): value, lower, upper.</summary>
    public static IReadOnlyList<ForecastPoint> Forecast { get; } =
    [
        new() { Step = 1, Value = 13_000, Lower = 12_400, Upper = 13_600 },
        new() { Step = 2, Value = 13_500, Lower = 12_800, Upper = 14_200 },
        new() { Step = 3, Value = 14_000, Lower = 13_200, Upper = 14_800 },
    ];

    private static AtRiskAccount Account(string id, double p, RiskLevel level, string since, (string Feature, double Contribution)[] features, string[] interventions)
    {
        var account = new AtRiskAccount { AccountId = id, Probability = p, Level = level, LevelSince = since, ScoredAt = "2026-03-09T05:00:00.000000Z" };
        account.TopFeatures.AddRange(features.Select(f => new FeatureContribution { Feature = f.Feature, Contribution = f.Contribution }));
        account.Interventions.AddRange(interventions.Select(c => new Intervention { Code = c, Text = c }));
        return account;
    }

    public sealed class Calls
    {
        public ConcurrentQueue<(string Tenant, ForecastSeriesRequest Request)> Forecasts { get; } = new();
        public ConcurrentQueue<(string Tenant, ListAtRiskAccountsRequest Request)> AtRisk { get; } = new();
    }

    private sealed class FakePredictionsService(Calls calls) : PredictionsBase
    {
        public override Task<ListAtRiskAccountsResponse> ListAtRiskAccounts(ListAtRiskAccountsRequest request, ServerCallContext context)
        {
            calls.AtRisk.Enqueue((context.RequireTenant(), request));
            RiskLevel? min = request.MinLevel switch
            {
                "" or "high" => RiskLevel.High, "low" => RiskLevel.Low, "medium" => RiskLevel.Medium, "critical" => RiskLevel.Critical, _ => null,
            };
            if (min is null || request.Limit is < 0 or > 1000)
            {
                throw GrpcErrors.InvalidArgument(min is null ? "min_level" : "limit", "out of range");
            }
            var matching = Accounts.Where(a => a.Level >= min).ToList();
            var response = new ListAtRiskAccountsResponse();
            response.Accounts.AddRange(matching.Take(request.Limit == 0 ? 100 : request.Limit));
            response.Counts.AddRange(Enum.GetValues<RiskLevel>().Where(l => l >= min)
                .Select(l => new RiskLevelCount { Level = l, Accounts = matching.Count(a => a.Level == l) }));
            return Task.FromResult(response);
        }

        public override Task<SeriesForecast> ForecastSeries(ForecastSeriesRequest request, ServerCallContext context)
        {
            calls.Forecasts.Enqueue((context.RequireTenant(), request));
            var response = new SeriesForecast();
            response.Points.AddRange(Forecast.Take(request.Horizon));
            return Task.FromResult(response);
        }
    }
}
