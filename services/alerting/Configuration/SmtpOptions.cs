using MailKit.Security;
using MimeKit;

namespace Suite.Alerting.Configuration;

public enum SmtpSecurity
{
    /// <summary>Plain SMTP (the local maildev sink).</summary>
    None,
    /// <summary>STARTTLS, required.</summary>
    StartTls,
    /// <summary>STARTTLS when the server offers it.</summary>
    StartTlsWhenAvailable,
    /// <summary>Implicit TLS (port 465); also implied by an smtps:// connection string.</summary>
    SslOnConnect,
}

/// <summary>Section "Smtp"; the server itself comes from ConnectionStrings:smtp (smtp://host:port or smtps://host:port).</summary>
public sealed class SmtpOptions
{
    public const string Section = "Smtp";
    public const string ConnectionName = "smtp";

    /// <summary>Null: None for smtp://, SslOnConnect for smtps://.</summary>
    public SmtpSecurity? Security { get; set; }

    public string? Username { get; set; }

    public string? Password { get; set; }

    public string From { get; set; } = "alerts@suite.local";
}

/// <summary>The validated SMTP settings the email channel uses.</summary>
public sealed record SmtpSettings(string Host, int Port, SecureSocketOptions Security, string? Username, string? Password, MailboxAddress From)
{
    /// <returns>The settings, or the configuration errors.</returns>
    public static (SmtpSettings? Settings, IReadOnlyList<string> Errors) Create(string? connectionString, SmtpOptions options)
    {
        var errors = new List<string>();
        Uri? uri = null;
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            errors.Add($"ConnectionStrings:{SmtpOptions.ConnectionName} is not set (expected smtp://host:port)");
        }
        else if (!Uri.TryCreate(connectionString, UriKind.Absolute, out uri) || uri.Scheme is not ("smtp" or "smtps") || string.IsNullOrEmpty(uri.Host))
        {
            errors.Add($"ConnectionStrings:{SmtpOptions.ConnectionName} must look like smtp://host:port or smtps://host:port");
            uri = null;
        }
        else if (uri.UserInfo.Length > 0)
        {
            errors.Add($"ConnectionStrings:{SmtpOptions.ConnectionName} must not carry credentials: use Smtp:Username and Smtp:Password");
        }

        var hasUser = !string.IsNullOrEmpty(options.Username);
        var hasPassword = !string.IsNullOrEmpty(options.Password);
        if (hasUser != hasPassword)
        {
            errors.Add("Smtp:Username and Smtp:Password must be set together");
        }
        if (uri?.Scheme == "smtps" && options.Security is { } s && s != SmtpSecurity.SslOnConnect)
        {
            errors.Add($"Smtp:Security {s} contradicts the smtps:// connection string (implicit TLS)");
        }
        if (!MailboxAddress.TryParse(options.From, out var from) || string.IsNullOrEmpty(from.Address) || !from.Address.Contains('@'))
        {
            errors.Add($"Smtp:From is not a valid email address (got '{options.From}')");
            from = null;
        }
        if (errors.Count > 0 || uri is null || from is null)
        {
            return (null, errors);
        }

        var implicitTls = uri.Scheme == "smtps";
        var port = uri.IsDefaultPort || uri.Port <= 0 ? (implicitTls ? 465 : 25) : uri.Port;
        var security = (options.Security ?? (implicitTls ? SmtpSecurity.SslOnConnect : SmtpSecurity.None)) switch
        {
            SmtpSecurity.StartTls => SecureSocketOptions.StartTls,
            SmtpSecurity.StartTlsWhenAvailable => SecureSocketOptions.StartTlsWhenAvailable,
            SmtpSecurity.SslOnConnect => SecureSocketOptions.SslOnConnect,
            _ => SecureSocketOptions.None,
        };
        return (new SmtpSettings(uri.Host, port, security, hasUser ? options.Username : null, hasPassword ? options.Password : null, from), errors);
    }
}
