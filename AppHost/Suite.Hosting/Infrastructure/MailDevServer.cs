using System.Globalization;
using Suite.Hosting.Processes;

namespace Suite.Hosting.Infrastructure;

public sealed class MailDevServerOptions
{
    /// <summary>Folder for the log file.</summary>
    public required string Directory { get; init; }

    /// <summary>maildev from the project's local npm install: &lt;repo&gt;/.tools/node_modules/.bin/maildev.</summary>
    public required string Executable { get; init; }

    public int? SmtpPort { get; init; }
    public int? WebPort { get; init; }
    public ProcessTracker? Tracker { get; init; }
}

/// <summary>maildev (SMTP sink + web UI + REST API) on 127.0.0.1; mails are kept in memory.</summary>
public sealed class MailDevServer : IAsyncDisposable
{
    private readonly MailDevServerOptions _options;
    private ManagedProcess? _process;

    public MailDevServer(MailDevServerOptions options)
    {
        _options = options;
        SmtpPort = PortAllocator.Allocate(options.SmtpPort);
        WebPort = PortAllocator.Allocate(options.WebPort);
        LogPath = Path.Combine(Path.GetFullPath(options.Directory), "maildev.log");
    }

    public int SmtpPort { get; }
    public int WebPort { get; }
    public string LogPath { get; }

    /// <summary>Connection string form the services read from ConnectionStrings:smtp.</summary>
    public string ConnectionString => $"smtp://127.0.0.1:{SmtpPort}";

    public Uri WebUrl => new($"http://127.0.0.1:{WebPort}/");

    /// <summary>REST API root: GET {ApiUrl}email lists received mails.</summary>
    public Uri ApiUrl => new($"http://127.0.0.1:{WebPort}/api/");

    public bool IsRunning => _process is { HasExited: false };
    public Task<int>? Exited => _process?.Exited;

    public async Task StartAsync(CancellationToken ct = default)
    {
        if (IsRunning)
        {
            return;
        }
        if (!File.Exists(_options.Executable))
        {
            throw new InvalidOperationException($"maildev is not installed at {_options.Executable}: run scripts/install.sh");
        }
        _process?.Dispose();
        var process = ManagedProcess.Start(new ProcessSpec
        {
            Name = "maildev",
            FileName = _options.Executable,
            Args =
            [
                "--smtp", SmtpPort.ToString(CultureInfo.InvariantCulture), "--web", WebPort.ToString(CultureInfo.InvariantCulture),
                "--ip", "127.0.0.1", "--web-ip", "127.0.0.1",
            ],
            LogPath = LogPath,
        }, _options.Tracker);
        _process = process;
        if (!await HttpProbe.WaitUntilOkAsync(new Uri(ApiUrl, "healthz"), TimeSpan.FromSeconds(30), () => !process.HasExited, ct: ct)
                .ConfigureAwait(false))
        {
            await StopAsync().ConfigureAwait(false);
            throw new InvalidOperationException($"maildev did not become ready on {WebUrl}:{Environment.NewLine}{process.Tail()}");
        }
    }

    public async Task StopAsync()
    {
        if (_process is { } process)
        {
            _process = null;
            await process.StopAsync(TimeSpan.FromSeconds(5)).ConfigureAwait(false);
            process.Dispose();
        }
    }

    public async ValueTask DisposeAsync() => await StopAsync().ConfigureAwait(false);
}
