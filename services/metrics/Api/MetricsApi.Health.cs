using Grpc.Core;
using Suite.Contracts.Metrics.V1;
using Suite.Metrics.Data;
using Suite.Metrics.Domain;
using Suite.ServiceDefaults.Auth;
using Suite.ServiceDefaults.Grpc;

namespace Suite.Metrics.Api;

/// <summary>Customer health scores (JSON: GET /v1/accounts/health/{date}).</summary>
public sealed partial class MetricsApi
{
    public const int DefaultHealthLimit = 1000;
    public const int MaxHealthLimit = 10_000;

    public override async Task<GetAccountHealthResponse> GetAccountHealth(GetAccountHealthRequest request, ServerCallContext context)
    {
        var tenant = context.RequireTenant();
        var violations = new List<FieldViolation>();
        var day = EtlPlan.PastDay("date", request.Date, EtlPlan.DayOf(clock.GetUtcNow()), violations);
        if (request.AccountId.Length > 128)
        {
            violations.Add(new("account_id", "at most 128 characters"));
        }
        if (request.Limit is < 0 or > MaxHealthLimit)
        {
            violations.Add(new("limit", $"must be 1-{MaxHealthLimit} (0 = {DefaultHealthLimit})"));
        }
        if (violations.Count > 0)
        {
            throw GrpcErrors.InvalidArgument(violations);
        }

        var (first, last) = Domain.AccountHealth.WindowOf(day!.Value);
        var windows = await AccountActivityStore.ReadWindowAsync(dataSource, tenant, first, last,
            request.AccountId.Length > 0 ? request.AccountId : null, context.CancellationToken);
        var scores = windows.Select(Domain.AccountHealth.Score).ToList();

        var response = new GetAccountHealthResponse
        {
            Date = EtlPlan.Format(day.Value),
            TotalAccounts = scores.Count,
            Healthy = scores.Count(s => s.Band == HealthBand.Healthy),
            AtRisk = scores.Count(s => s.Band == HealthBand.AtRisk),
            Critical = scores.Count(s => s.Band == HealthBand.Critical),
        };
        var listed = scores
            .OrderBy(s => s.Score).ThenBy(s => s.AccountId, StringComparer.Ordinal)
            .Take(request.Limit == 0 ? DefaultHealthLimit : request.Limit)
            .ToList();
        var users = await AccountActivityStore.UserCountsAsync(dataSource, tenant, last, listed.Select(s => s.AccountId).ToList(), context.CancellationToken);
        response.Accounts.AddRange(listed
            .Select(s => new Contracts.Metrics.V1.AccountHealth
            {
                AccountId = s.AccountId,
                Score = s.Score,
                Band = s.Band switch { HealthBand.Healthy => "healthy", HealthBand.AtRisk => "at_risk", _ => "critical" },
                Engagement = s.Engagement,
                Support = s.Support,
                Value = s.Value,
                ActiveDays = s.Window.ActiveDays,
                TicketsOpened = s.Window.TicketsOpened,
                Orders = s.Window.Orders,
                Users = users.GetValueOrDefault(s.AccountId),
            }));
        return response;
    }
}
