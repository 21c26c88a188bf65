namespace Suite.Alerting.Configuration.Yaml;

/// <summary>
/// Someone or something to notify: a person, a Slack channel, an email list or a webhook. At least one of
/// <see cref="Email"/>, <see cref="Slack"/>, <see cref="Webhook"/>; a person may have several (e.g. email and a Slack DM).
/// </summary>
public sealed record RecipientConfig
{
    public const string DefaultTimeZone = "UTC";
    public const bool DefaultSendResolved = true;

    public string Name { get; init; } = "";

    public EmailConfig? Email { get; init; }

    public SlackConfig? Slack { get; init; }

    public WebhookConfig? Webhook { get; init; }

    /// <summary>IANA zone the quiet hours are read in; default UTC.</summary>
    public string? TimeZone { get; init; }

    /// <summary>Weekday windows (<c>"Mon-Fri 22:00-07:00"</c>) in <see cref="TimeZone"/> when only bypassing severities are delivered.</summary>
    public IReadOnlyList<string> QuietHours { get; init; } = [];

    /// <summary>Severities delivered even during quiet hours (typically <c>critical</c>).</summary>
    public IReadOnlyList<string> BypassSeverities { get; init; } = [];

    /// <summary>Also notify when an alert resolves; default true.</summary>
    public bool? SendResolved { get; init; }
}

public sealed record EmailConfig
{
    /// <summary>One address for a person, several for a list.</summary>
    public IReadOnlyList<string> To { get; init; } = [];
}

/// <summary>A Slack incoming webhook; each webhook posts to one channel or one person.</summary>
public sealed record SlackConfig
{
    public string WebhookUrl { get; init; } = "";

    /// <summary>For people reading the config and messages: <c>#channel</c> or <c>@person</c> the webhook posts to.</summary>
    public string? Channel { get; init; }
}

/// <summary>A generic webhook receiving an Alertmanager-v4-compatible JSON body.</summary>
public sealed record WebhookConfig
{
    public string Url { get; init; } = "";
}
