using System.Net.Sockets;
using MailKit;
using MailKit.Net.Smtp;
using MailKit.Security;
using MimeKit;
using Suite.Alerting.Configuration;
using Suite.Alerting.Domain;
using Suite.Alerting.Domain.Delivery;
using Suite.Alerting.Domain.Formatting;
using Suite.Alerting.Domain.Links;

namespace Suite.Alerting.Channels;

/// <summary>
/// Sends one email per recipient over SMTP (MailKit) to ConnectionStrings:smtp: multipart/alternative, text and
/// HTML. With <see cref="ActionLinks"/> (registered by the host when link signing is configured) firing alerts
/// carry Acknowledge/Resolve links.
/// </summary>
public sealed class EmailChannel : INotificationChannel, IDigestChannel
{
    private readonly SmtpSettings _settings;
    private readonly AlertingOptions _options;
    private readonly TimeProvider _clock = TimeProvider.System;
    private readonly ActionLinks? _links;

    public EmailChannel(SmtpSettings settings, AlertingOptions options)
    {
        _settings = settings;
        _options = options;
    }

    /// <summary>DI takes this one when <see cref="ActionLinks"/> is registered, the shorter one otherwise.</summary>
    public EmailChannel(SmtpSettings settings, AlertingOptions options, TimeProvider clock, ActionLinks links)
        : this(settings, options)
    {
        ArgumentNullException.ThrowIfNull(clock);
        ArgumentNullException.ThrowIfNull(links);
        _clock = clock;
        _links = links;
    }

    public string Name => NotificationChannels.Email;

    public async Task<DeliveryResult> SendAsync(OutgoingNotification notification, CancellationToken ct)
    {
        if (!MailboxAddress.TryParse(notification.Target, out var to))
        {
            return DeliveryResult.Permanent("not a valid email address");
        }
        using var message = Compose(notification, to);
        return await SendMessageAsync(message, ct);
    }

    /// <summary>The quiet-hours digest or a group (<see cref="EmailMessage.Digest"/>); firing lines get their links.</summary>
    public async Task<DeliveryResult> SendDigestAsync(OutgoingDigest digest, CancellationToken ct)
    {
        if (!MailboxAddress.TryParse(digest.Target, out var to))
        {
            return DeliveryResult.Permanent("not a valid email address");
        }
        var now = _clock.GetUtcNow();
        var entries = digest.Entries
            .Select(e => e with { Links = e.Notice.Kind == NotificationKind.Firing ? _links?.CreatePair(e.Notice.AlertId, LinkRecipient.ForEmail(to.Address), now) : null })
            .ToList();
        using var message = AlertEmail.Compose(EmailMessage.Digest(entries, digest.GroupTitle), digest.Id, _settings.From, to, now, [new("X-Suite-Tenant", digest.Tenant)]);
        return await SendMessageAsync(message, ct);
    }

    private async Task<DeliveryResult> SendMessageAsync(MimeMessage message, CancellationToken ct)
    {
        using var smtp = new SmtpClient { Timeout = (int)_options.Notifier.SendTimeout.TotalMilliseconds };
        try
        {
            await smtp.ConnectAsync(_settings.Host, _settings.Port, _settings.Security, ct);
            if (_settings is { Username: { } user, Password: { } password })
            {
                await smtp.AuthenticateAsync(user, password, ct);
            }
            await smtp.SendAsync(message, ct);
            await smtp.DisconnectAsync(quit: true, ct);
            return DeliveryResult.Delivered;
        }
        catch (SmtpCommandException ex) when (IsPermanent(ex))
        {
            return DeliveryResult.Permanent($"SMTP {(int)ex.StatusCode} {ex.ErrorCode}: {ex.Message}");
        }
        catch (Exception ex) when (ex is SmtpCommandException or SmtpProtocolException or IOException or SocketException
                                       or ServiceNotConnectedException or AuthenticationException or TimeoutException or SslHandshakeException)
        {
            return DeliveryResult.Transient($"{ex.GetType().Name}: {ex.Message}");
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            return DeliveryResult.Transient("timed out");
        }
    }

    /// <summary>The Message-Id derives from the notification id (<see cref="AlertEmail.MessageIdFor"/>).</summary>
    private MimeMessage Compose(OutgoingNotification notification, MailboxAddress to)
    {
        var notice = notification.Notice;
        var now = _clock.GetUtcNow();
        var links = notification.WithLinks ? _links?.CreatePair(notice.AlertId, LinkRecipient.ForEmail(to.Address), now) : null;
        return AlertEmail.Compose(
            EmailMessage.Build(notice, links),
            notification.Id,
            _settings.From,
            to,
            now,
            [new("X-Suite-Alert", notice.Fingerprint), new("X-Suite-Tenant", notice.Tenant)]);
    }

    /// <summary>5xx on the recipient or sender will not change by retrying; anything else (4xx, 5xx on DATA…) might.</summary>
    private static bool IsPermanent(SmtpCommandException ex) =>
        (int)ex.StatusCode >= 500 && ex.ErrorCode is SmtpErrorCode.RecipientNotAccepted or SmtpErrorCode.SenderNotAccepted;
}
