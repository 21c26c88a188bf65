using MimeKit;

namespace Suite.Alerting.Domain.Formatting;

/// <summary>Turns an <see cref="EmailMessage"/> into the MIME message sent: multipart/alternative, text then HTML.</summary>
public static class AlertEmail
{
    /// <summary>
    /// The message id derives from the notification id: if a send is repeated after a crash, mail systems can
    /// recognise the duplicate.
    /// </summary>
    public static string MessageIdFor(Guid notificationId) => $"{notificationId:N}@suite.local";

    /// <param name="date">The Date header; MimeKit would otherwise read the machine clock.</param>
    /// <param name="headers">Extra headers (X-Suite-Alert, X-Suite-Tenant…), added in the order given.</param>
    public static MimeMessage Compose(
        EmailMessage content,
        Guid notificationId,
        MailboxAddress from,
        MailboxAddress to,
        DateTimeOffset date,
        IEnumerable<KeyValuePair<string, string>>? headers = null)
    {
        ArgumentNullException.ThrowIfNull(content);
        ArgumentNullException.ThrowIfNull(from);
        ArgumentNullException.ThrowIfNull(to);
        // Text first: clients show the last alternative they can render, so HTML wins where it is supported.
        var body = new MultipartAlternative
        {
            new TextPart("plain") { Text = content.Text },
            new TextPart("html") { Text = content.Html },
        };
        var message = new MimeMessage
        {
            Subject = content.Subject,
            MessageId = MessageIdFor(notificationId),
            Date = date,
            Body = body,
        };
        message.From.Add(from);
        message.To.Add(to);
        foreach (var (name, value) in headers ?? [])
        {
            message.Headers.Add(name, value);
        }
        return message;
    }
}
