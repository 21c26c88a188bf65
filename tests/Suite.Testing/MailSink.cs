using System.Net.Http.Json;
using System.Text.Json.Serialization;
using Suite.Hosting;
using Suite.Hosting.Infrastructure;
using Xunit;

namespace Suite.Testing;

/// <summary>
/// A real SMTP sink for tests: Suite.Hosting's maildev launcher (the AppHost's own) on free ports under a temp folder.
/// Received mail is read back through maildev's REST API.
/// </summary>
public sealed class MailSink : IAsyncLifetime
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "suite-mail-" + Guid.NewGuid().ToString("N")[..8]);
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(10) };
    private MailDevServer? _server;

    private MailDevServer Server => _server ?? throw new InvalidOperationException("MailSink is not started");

    public string SmtpConnectionString => Server.ConnectionString;

    public async Task InitializeAsync()
    {
        _server = new MailDevServer(new MailDevServerOptions
        {
            Directory = _dir,
            Executable = Path.Combine(RepoRootLocator.Find(), ".tools", "node_modules", ".bin", "maildev"),
        });
        await _server.StartAsync();
    }

    public Task<IReadOnlyList<Email>> EmailsToAsync(string address) => EmailsToAsync(_http, Server.ApiUrl, address);

    /// <summary>Mails in a maildev (REST API root <paramref name="apiUrl"/>) addressed to <paramref name="address"/>.</summary>
    public static async Task<IReadOnlyList<Email>> EmailsToAsync(HttpClient http, Uri apiUrl, string address)
    {
        var all = await http.GetFromJsonAsync<List<Email>>(new Uri(apiUrl, "email")) ?? [];
        return all.Where(e => e.To.Any(t => string.Equals(t.Address, address, StringComparison.OrdinalIgnoreCase))).ToList();
    }

    public async Task DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
        _http.Dispose();
        try
        {
            Directory.Delete(_dir, recursive: true);
        }
        catch (DirectoryNotFoundException)
        {
        }
    }

    public sealed record Email(
        [property: JsonPropertyName("subject")] string Subject,
        [property: JsonPropertyName("to")] List<Mailbox> To,
        [property: JsonPropertyName("from")] List<Mailbox> From,
        [property: JsonPropertyName("text")] string? Text,
        [property: JsonPropertyName("html")] string? Html)
    {
        [JsonPropertyName("attachments")]
        public List<Attachment>? Attachments { get; init; }
    }

    public sealed record Attachment(
        [property: JsonPropertyName("fileName")] string FileName,
        [property: JsonPropertyName("contentType")] string ContentType,
        [property: JsonPropertyName("length")] long Length);

    public sealed record Mailbox(
        [property: JsonPropertyName("address")] string Address,
        [property: JsonPropertyName("name")] string? Name);
}
