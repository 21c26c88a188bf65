using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json.Serialization;
using Suite.Hosting;

namespace Suite.Alerting.Tests.Integration;

/// <summary>
/// A real SMTP sink: maildev from &lt;repo&gt;/.tools (installed by scripts/install.sh), on free ports, one per test
/// class. Received mail is read back through its REST API (GET /api/email).
/// </summary>
public sealed class MaildevServer : IAsyncLifetime
{
    private Process? _process;
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(10) };

    public int SmtpPort { get; private set; }
    public int WebPort { get; private set; }
    public string SmtpConnectionString => $"smtp://127.0.0.1:{SmtpPort}";

    public async Task InitializeAsync()
    {
        var maildev = Path.Combine(RepoRoot(), ".tools", "node_modules", ".bin", "maildev");
        if (!File.Exists(maildev))
        {
            throw new InvalidOperationException($"maildev is not installed at {maildev}: run scripts/install.sh");
        }
        SmtpPort = PortAllocator.Allocate();
        WebPort = PortAllocator.Allocate();
        var start = new ProcessStartInfo(maildev)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[] { "--smtp", $"{SmtpPort}", "--ip", "127.0.0.1", "--web", $"{WebPort}", "--web-ip", "127.0.0.1", "--silent" })
        {
            start.ArgumentList.Add(arg);
        }
        _process = Process.Start(start) ?? throw new InvalidOperationException("maildev did not start");
        _process.OutputDataReceived += (_, _) => { };
        _process.ErrorDataReceived += (_, _) => { };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        _http.BaseAddress = new Uri($"http://127.0.0.1:{WebPort}");
        await Eventually.TrueAsync(async () =>
        {
            if (_process.HasExited)
            {
                Assert.Fail($"maildev exited with code {_process.ExitCode}");
            }
            try
            {
                return (await _http.GetAsync("/api/email")).IsSuccessStatusCode;
            }
            catch (HttpRequestException)
            {
                return false;
            }
        }, "maildev to listen", 30);
    }

    public async Task<IReadOnlyList<Email>> EmailsToAsync(string address)
    {
        var all = await _http.GetFromJsonAsync<List<Email>>("/api/email") ?? [];
        return all.Where(e => e.To.Any(t => string.Equals(t.Address, address, StringComparison.OrdinalIgnoreCase))).ToList();
    }

    public Task DisposeAsync()
    {
        if (_process is { HasExited: false })
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit(5000);
        }
        _process?.Dispose();
        _http.Dispose();
        PortAllocator.Release(SmtpPort);
        PortAllocator.Release(WebPort);
        return Task.CompletedTask;
    }

    private static string RepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Suite.sln")))
            {
                return dir.FullName;
            }
        }
        throw new InvalidOperationException($"no Suite.sln above {AppContext.BaseDirectory}");
    }

    public sealed record Email(
        [property: JsonPropertyName("subject")] string Subject,
        [property: JsonPropertyName("to")] List<Mailbox> To,
        [property: JsonPropertyName("from")] List<Mailbox> From,
        [property: JsonPropertyName("text")] string? Text,
        [property: JsonPropertyName("html")] string? Html);

    public sealed record Mailbox(
        [property: JsonPropertyName("address")] string Address,
        [property: JsonPropertyName("name")] string? Name);
}
