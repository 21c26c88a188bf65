using Grpc.Core;
using Suite.Alerting.Configuration.Runtime;
using Suite.Contracts.Alerting.V1;
using Suite.ServiceDefaults.Auth;
using Suite.ServiceDefaults.Grpc;

namespace Suite.Alerting.Api;

/// <summary>TestNotification: "does this recipient really get our alerts?", answered now.</summary>
public sealed partial class AlertingApi
{
    public override async Task<TestNotificationResponse> TestNotification(TestNotificationRequest request, ServerCallContext context)
    {
        var tenant = context.RequireTenant();
        if (request.Recipient.Length == 0)
        {
            throw GrpcErrors.InvalidArgument("recipient", "required: a recipient name of the configuration");
        }
        if (request.Channel.Length > 0 && request.Channel is not (ChannelTarget.Slack or ChannelTarget.Email or ChannelTarget.Webhook))
        {
            throw GrpcErrors.InvalidArgument("channel", "must be slack, email, webhook or empty (every channel)");
        }
        var config = await configs.GetAsync(tenant, context.CancellationToken);
        if (!config.Recipients.TryGetValue(request.Recipient, out var recipient))
        {
            throw GrpcErrors.NotFound($"recipient '{request.Recipient}' is not in the configuration");
        }
        var targets = recipient.Targets.Where(t => request.Channel.Length == 0 || t.Channel == request.Channel).ToList();
        if (targets.Count == 0)
        {
            throw GrpcErrors.FailedPrecondition($"recipient '{recipient.Name}' has no {request.Channel} target");
        }
        var results = await testNotifier.SendAsync(tenant, recipient, targets, context.CancellationToken);
        var response = new TestNotificationResponse();
        response.Results.AddRange(results.Select(r => new TestNotificationResult
        {
            Channel = r.Channel,
            Target = r.Target,
            Result = r.Sent ? "sent" : "failed",
            Error = r.Error ?? "",
        }));
        return response;
    }
}
