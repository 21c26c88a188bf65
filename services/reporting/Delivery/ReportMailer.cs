using MailKit.Net.Smtp;
using MailKit.Security;
using MimeKit;
using Suite.Reporting.Data;
using Suite.Reporting.Rendering;

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
        message.Body = Body(text, reports).ToMessageBody();

        using var client = new SmtpClient();
        var security = _server.Scheme == "smtps" ? SecureSocketOptions.SslOnConnect : SecureSocketOptions.None;
        await client.ConnectAsync(_server.Host, _server.IsDefaultPort ? (_server.Scheme == "smtps" ? 465 : 25) : _server.Port, security, ct);
        await client.SendAsync(message, ct);
        await client.DisconnectAsync(true, ct);
    }

    /// <summary>
    /// The text, plus the HTML report (if the run has one) as the HTML body with its charts as linked <c>cid:</c>
    /// images; every other report attached. A CSV bundle (ZIP) is attached as its CSV files, which open with a click.
    /// </summary>
    public static BodyBuilder Body(string text, IReadOnlyList<StoredReport> reports)
    {
        var body = new BodyBuilder { TextBody = text };
        var html = reports.FirstOrDefault(r => r.Format == "html");
        if (html is not null)
        {
            var email = HtmlReportRenderer.ForEmail(html.Content);
            foreach (var image in email.Resources)
            {
                var part = body.LinkedResources.Add(image.FileName, image.Bytes, ContentType.Parse(image.ContentType));
                part.ContentId = image.ContentId;
            }
            body.HtmlBody = System.Text.Encoding.UTF8.GetString(email.Bytes);
        }
        foreach (var report in reports.Where(r => r != html))
        {
            if (report.Format == "csv" && report.ContentType == CsvReportRenderer.ZipContentType)
            {
                using var zip = new System.IO.Compression.ZipArchive(new MemoryStream(report.Content), System.IO.Compression.ZipArchiveMode.Read);
                foreach (var entry in zip.Entries)
                {
                    using var csv = new MemoryStream();
                    using (var source = entry.Open())
                    {
                        source.CopyTo(csv);
                    }
                    body.Attachments.Add(entry.Name, csv.ToArray(), ContentType.Parse(CsvReportRenderer.ContentType));
                }
                continue;
            }
            body.Attachments.Add(report.FileName, report.Content, ContentType.Parse(report.ContentType));
        }
        return body;
    }
}
