using Grpc.Core;
using Suite.Contracts.Metrics.V1;
using Suite.Metrics.Data;
using Suite.Metrics.Domain;
using Suite.ServiceDefaults.Auth;
using Suite.ServiceDefaults.Grpc;

namespace Suite.Metrics.Api;

/// <summary>Cohort retention (GET /v1/cohorts/retention) and funnels (POST /v1/funnels) for the caller's tenant.</summary>
public sealed partial class MetricsApi
{
    public override async Task<GetCohortRetentionResponse> GetCohortRetention(GetCohortRetentionRequest request, ServerCallContext context)
    {
        var tenant = context.RequireTenant();
        var (validated, violations) = CohortRequestValidator.Validate(request);
        if (validated is not { } query)
        {
            throw GrpcErrors.InvalidArgument(violations);
        }
        var members = await UserActivityStore.ReadCohortMembersAsync(dataSource, tenant, query.From, query.To, context.CancellationToken);
        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        var response = new GetCohortRetentionResponse();
        foreach (var cohort in Domain.CohortRetention.Compute(members, query.Period, query.Offsets, query.Kind, today))
        {
            var proto = new Contracts.Metrics.V1.CohortRetention { CohortStart = cohort.Start.ToString("yyyy-MM-dd"), Size = cohort.Size };
            foreach (var offset in cohort.Offsets)
            {
                var o = new CohortOffsetRetention { DayOffset = offset.DayOffset };
                if (offset.Retained is { } retained) o.Retained = retained;
                if (offset.Rate is { } rate) o.Rate = rate;
                proto.Offsets.Add(o);
            }
            response.Cohorts.Add(proto);
        }
        return response;
    }

    public override async Task<GetFunnelResponse> GetFunnel(GetFunnelRequest request, ServerCallContext context)
    {
        var tenant = context.RequireTenant();
        var (validated, violations) = FunnelRequestValidator.Validate(request);
        if (validated is not { } query)
        {
            throw GrpcErrors.InvalidArgument(violations);
        }
        var events = await UserActivityStore.ReadFunnelEventsAsync(dataSource, tenant, query, context.CancellationToken);
        var result = Funnel.Compute(events, query);
        var response = new GetFunnelResponse();
        if (result.Overall is { } overall) response.OverallConversion = overall;
        foreach (var step in result.Steps)
        {
            var proto = new Contracts.Metrics.V1.FunnelStepResult { Domain = step.Step.Domain, Type = step.Step.Type, Users = step.Users };
            if (step.FromPrevious is { } previous) proto.ConversionFromPrevious = previous;
            if (step.FromFirst is { } first) proto.ConversionFromFirst = first;
            response.Steps.Add(proto);
        }
        return response;
    }
}
