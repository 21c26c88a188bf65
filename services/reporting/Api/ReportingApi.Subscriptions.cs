using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Suite.Contracts.Reporting.V1;
using Suite.Reporting.Data;
using Suite.Reporting.Domain;
using Suite.Reporting.Domain.Scheduling;
using Suite.Reporting.Domain.Subscriptions;
using Suite.ServiceDefaults.Auth;
using Suite.ServiceDefaults.Grpc;
using ProtoSubscription = Suite.Contracts.Reporting.V1.Subscription;
using ProtoRun = Suite.Contracts.Reporting.V1.ReportRun;

namespace Suite.Reporting.Api;

/// <summary>Subscriptions CRUD and ListRuns, scoped to the caller's tenant.</summary>
public sealed partial class ReportingApi
{
    public const int DefaultRunLimit = 50;
    public const int MaxRunLimit = 500;

    public override async Task<ProtoSubscription> CreateSubscription(CreateSubscriptionRequest request, ServerCallContext context)
    {
        var tenant = context.RequireTenant();
        var spec = Validate(request.Subscription);
        var created = await subscriptions.InsertAsync(tenant, spec, clock.GetUtcNow(), context.CancellationToken)
            ?? throw new RpcException(new Status(StatusCode.AlreadyExists, $"a subscription named '{spec.Name}' exists; update it or choose another name"));
        return ToProto(created);
    }

    public override async Task<ProtoSubscription> UpdateSubscription(UpdateSubscriptionRequest request, ServerCallContext context)
    {
        var tenant = context.RequireTenant();
        var id = ParseId(request.Subscription?.Id, "subscription.id");
        var spec = Validate(request.Subscription);
        var (updated, nameTaken) = await subscriptions.UpdateAsync(tenant, id, spec, clock.GetUtcNow(), context.CancellationToken);
        if (nameTaken)
        {
            throw new RpcException(new Status(StatusCode.AlreadyExists, $"another subscription is named '{spec.Name}'"));
        }
        return ToProto(updated ?? throw NotFound(id));
    }

    public override async Task<DeleteSubscriptionResponse> DeleteSubscription(DeleteSubscriptionRequest request, ServerCallContext context)
    {
        var tenant = context.RequireTenant();
        var id = ParseId(request.Id, "id");
        return await subscriptions.DeleteAsync(tenant, id, context.CancellationToken) ? new DeleteSubscriptionResponse() : throw NotFound(id);
    }

    public override async Task<ProtoSubscription> GetSubscription(GetSubscriptionRequest request, ServerCallContext context)
    {
        var tenant = context.RequireTenant();
        var id = ParseId(request.Id, "id");
        return ToProto(await subscriptions.GetAsync(tenant, id, context.CancellationToken) ?? throw NotFound(id));
    }

    public override async Task<ListSubscriptionsResponse> ListSubscriptions(ListSubscriptionsRequest request, ServerCallContext context)
    {
        var tenant = context.RequireTenant();
        var response = new ListSubscriptionsResponse();
        response.Subscriptions.AddRange((await subscriptions.ListAsync(tenant, context.CancellationToken)).Select(ToProto));
        return response;
    }

    public override async Task<ListRunsResponse> ListRuns(ListRunsRequest request, ServerCallContext context)
    {
        var tenant = context.RequireTenant();
        Guid? subscriptionId = string.IsNullOrEmpty(request.SubscriptionId) ? null : ParseId(request.SubscriptionId, "subscription_id");
        if (request.Limit is < 0 or > MaxRunLimit)
        {
            throw GrpcErrors.InvalidArgument([new FieldViolation("limit", $"must be between 0 and {MaxRunLimit} (0 means {DefaultRunLimit})")]);
        }
        var runs = await RunStore.ListAsync(db, tenant, subscriptionId, request.Limit == 0 ? DefaultRunLimit : request.Limit, context.CancellationToken);
        var response = new ListRunsResponse();
        response.Runs.AddRange(runs.Select(ToProto));
        return response;
    }

    private static SubscriptionSpec Validate(ProtoSubscription? s)
    {
        if (s is null)
        {
            throw GrpcErrors.InvalidArgument([new FieldViolation("subscription", "is required")]);
        }
        var (spec, violations) = SubscriptionRules.Validate(new SubscriptionInput(
            s.Name, s.ReportType, s.Parameters, s.Cron, s.TimeZone, s.CatchUp,
            s.Formats.Select(ReportFormats.ToDomain).ToList(),
            s.Emails, s.SlackWebhooks, s.Enabled));
        return spec ?? throw GrpcErrors.InvalidArgument(violations);
    }

    private static Guid ParseId(string? text, string field) =>
        Guid.TryParse(text, out var id) ? id : throw GrpcErrors.InvalidArgument([new FieldViolation(field, "must be a subscription id (UUID)")]);

    private static RpcException NotFound(Guid id) => new(new Status(StatusCode.NotFound, $"no subscription {id}"));

    private static ProtoSubscription ToProto(Domain.Subscriptions.Subscription s)
    {
        var proto = new ProtoSubscription
        {
            Id = s.Id.ToString(),
            Name = s.Spec.Name,
            ReportType = s.Spec.ReportType,
            Cron = s.Spec.Cron,
            TimeZone = s.Spec.TimeZone,
            CatchUp = ReportSchedule.PolicyName(s.Spec.Schedule.CatchUp),
            Enabled = s.Spec.Enabled,
            NextRunAt = s.NextRunAt is { } next ? Timestamp.FromDateTimeOffset(next) : null,
            CreatedAt = Timestamp.FromDateTimeOffset(s.CreatedAt),
            UpdatedAt = Timestamp.FromDateTimeOffset(s.UpdatedAt),
        };
        foreach (var (key, value) in s.Spec.Parameters)
        {
            proto.Parameters[key] = value;
        }
        proto.Formats.AddRange(s.Spec.Formats.Select(ReportFormats.ToProto));
        proto.Emails.AddRange(s.Spec.Emails);
        proto.SlackWebhooks.AddRange(s.Spec.SlackWebhooks);
        return proto;
    }

    private static ProtoRun ToProto(Data.ReportRun r)
    {
        static Timestamp? At(DateTimeOffset? at) => at is { } t ? Timestamp.FromDateTimeOffset(t) : null;
        var proto = new ProtoRun
        {
            Id = r.Id.ToString(),
            SubscriptionId = r.SubscriptionId?.ToString() ?? "",
            ReportType = r.ReportType,
            ScheduledFor = At(r.ScheduledFor),
            PeriodFrom = At(r.PeriodFrom),
            PeriodTo = At(r.PeriodTo),
            Trigger = r.Trigger,
            Status = r.Status,
            Attempts = r.Attempts,
            StartedAt = At(r.StartedAt),
            FinishedAt = At(r.FinishedAt),
            DurationMs = r.DurationMs ?? 0,
            SizeBytes = r.SizeBytes ?? 0,
            Missed = r.Missed,
            Error = r.Error ?? "",
        };
        proto.Recipients.AddRange(r.Recipients);
        proto.ReportIds.AddRange(r.ReportIds.Select(id => id.ToString()));
        return proto;
    }
}
