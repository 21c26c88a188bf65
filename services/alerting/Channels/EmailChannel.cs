using System.Net.Sockets;
using MailKit;
using MailKit.Net.Smtp;
using MailKit.Security;
using MimeKit;
using Suite.Alerting.Configuration;
using Suite.Alerting.Domain;
using Suite.Alerting.Domain.Delivery;
using Suite.Alerting.Domain.Formatting;

namespace Suite.Alerting.Channels;

/// <summary>Sends one email per recipient over SMTP (MailKit) to ConnectionStrings:smtp.</summary>
public sealed class EmailChannel(SmtpSettings settings, AlertingOptions options) : INotificationChannel
{
    public string Name => NotificationChannels.Email;

    public async Task<DeliveryResult> SendAsync(OutgoingNotification notification, CancellationToken ct)
    {
        if (!MailboxAddress.TryParse(notification.Target, out var to))
        {
            return DeliveryResult.Permanent("not a valid email address");
        }
        using var message = Compose(notification, to);
        using var smtp = new SmtpClient { Timeout = (int)options.Notifier.SendTimeout.TotalMilliseconds };
        try
        {
            await smtp.ConnectAsync(settings.Host, settings.Port, settings.Security, ct);
            if (settings is { Username: { } user, Password: { } password })
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

    /// <summary>
    /// The message id derives from the notification id: if a send is repeated after a crash, mail systems can
    /// recognise the duplicate.
    /// </summary>
    private MimeMessage Compose(OutgoingNotification notification, MailboxAddress to)
    {
        var email = EmailMessage.Build(notification.Notice);
        var message = new MimeMessage
        {
            Subject = email.Subject,
            MessageId = $"{notification.Id:N}@suite.local",
            Body = new BodyBuilder { TextBody = email.Text, HtmlBody = email.Html }.ToMessageBody(),
        };
        message.From.Add(settings.From);
        message.To.Add(to);
        message.Headers.Add("X-Suite-Alert", notification.Notice.Fingerprint);
        message.Headers.Add("X-Suite-Tenant", notification.Notice.Tenant);
        return message;
    }

    /// <summary>5xx on the recipient or sender will not change by retrying; anything else (4xx, 5xx on DATA…) might.</summary>
    private static bool IsPermanent(SmtpCommandException ex) =>
        (int)ex.StatusCode >= 500 && ex.ErrorCode is SmtpErrorCode.RecipientNotAccepted or SmtpErrorCode.SenderNotAccepted;
}
