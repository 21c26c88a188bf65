namespace Suite.Alerting.Domain.Links;

/// <summary>What a signed link lets its holder do to an alert.</summary>
public enum AlertAction
{
    Acknowledge,
    Resolve,
}

/// <summary>The URL path segment of each action, the only spelling links accept.</summary>
public static class AlertActions
{
    public const string AcknowledgeSegment = "acknowledge";
    public const string ResolveSegment = "resolve";

    public static string Segment(AlertAction action) => action switch
    {
        AlertAction.Acknowledge => AcknowledgeSegment,
        AlertAction.Resolve => ResolveSegment,
        _ => throw new ArgumentOutOfRangeException(nameof(action), action, "unknown alert action"),
    };

    /// <summary>Exact, lowercase match: a link is signed over this text, so no other spelling is the same link.</summary>
    public static bool TryParse(string? segment, out AlertAction action)
    {
        switch (segment)
        {
            case AcknowledgeSegment:
                action = AlertAction.Acknowledge;
                return true;
            case ResolveSegment:
                action = AlertAction.Resolve;
                return true;
            default:
                action = default;
                return false;
        }
    }
}

/// <summary>The two signed links a firing alert's message carries.</summary>
public sealed record AlertActionUrls(Uri Acknowledge, Uri Resolve);
