using MailKit.Net.Smtp;
using MailKit.Security;
using MimeKit;
using Suite.Reporting.Data;

namespace Suite.Reporting.Delivery;

/// <summary>One email per address with the run's reports attached (MailKit). The server is ConnectionStrings:smtp.</summary>
public sealed class ReportMailer(IConfiguration configuration, ReportingOptions options)
{
    public const string ConnectionName = "smtp";

    /// <summary>Null when no SMTP server is configured; sending then fails with that reason.</summary>
    private readonly Uri? _server = Uri.TryCreate(configuration.GetConnectionString(ConnectionName), UriKind.Absolute, out var uri) &&
                                    uri.Scheme is "smtp" or "smtps" ? uri : null;

    public bool Configured => _server is not null;

    public async Task SendAsync(string to, string subject, string text, IReadOnlyList<StoredReport> reports, Guid runId, CancellationToken ct)
    {
        if (_server is null)
        {
            throw new InvalidOperationException($"no SMTP server is configured (ConnectionStrings:{ConnectionName})");
        }
        using var message = new MimeMessage();
        message.From.Add(MailboxAddress.Parse(options.Email.From));
        message.To.Add(MailboxAddress.Parse(to));
        message.Subject = subject;
        // Stable per run and address: a retried send is recognisable as the same message.
        message.MessageId = $"{runId:N}.{Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(to)))[..16]}@suite.reports";
        var body = new BodyBuilder { TextBody = text };
        foreach (var report in reports)
        {
            body.Attachments.Add(report.FileName, report.Content, ContentType.Parse(report.ContentType));
        }
        message.Body = body.ToMessageBody();

        using var client = new SmtpClient();
        var security = _server.Scheme == "smtps" ? SecureSocketOptions.SslOnConnect : SecureSocketOptions.None;
        await client.ConnectAsync(_server.Host, _server.IsDefaultPort ? (_server.Scheme == "smtps" ? 465 : 25) : _server.Port, security, ct);
        await client.SendAsync(message, ct);
        await client.DisconnectAsync(true, ct);
    }
}
