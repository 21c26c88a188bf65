using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using System.Net;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

namespace Suite.Alerting.Tests.Domain.Channels;

/// <summary>
/// A real HTTP receiver on 127.0.0.1 with an OS-chosen port (Kestrel). <c>POST /status/{code}?retryAfter=…&amp;delayMs=…</c>
/// answers with that status; every request body is recorded. Local only, so it runs with the unit tests.
/// </summary>
public sealed class TestReceiver : IAsyncLifetime
{
    private WebApplication? _app;

    public record Received(string Path, string Body, string? ContentType, string? UserAgent);

    public ConcurrentQueue<Received> Requests { get; } = new();

    public Uri BaseUrl { get; private set; } = null!;

    public Uri Url(int status, string query = "") => new(BaseUrl, $"status/{status}{(query.Length > 0 ? "?" + query : "")}");

    public async Task InitializeAsync()
    {
        // The empty builder reads no appsettings or environment: only this listener is bound, never a configured port.
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore().ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0));
        _app = builder.Build();
        _app.Run(Answer);
        await _app.StartAsync();
        var address = _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        BaseUrl = new Uri(address.TrimEnd('/') + "/");
    }

    private async Task Answer(HttpContext http)
    {
        using var reader = new StreamReader(http.Request.Body);
        var body = await reader.ReadToEndAsync();
        Requests.Enqueue(new Received(http.Request.Path, body, http.Request.ContentType, http.Request.Headers.UserAgent.ToString()));
        var path = http.Request.Path.Value ?? "";
        if (!HttpMethods.IsPost(http.Request.Method) || !path.StartsWith("/status/", StringComparison.Ordinal)
            || !int.TryParse(path["/status/".Length..], out var code))
        {
            http.Response.StatusCode = StatusCodes.Status405MethodNotAllowed;
            return;
        }
        if (int.TryParse(http.Request.Query["delayMs"], out var delay))
        {
            await Task.Delay(delay, http.RequestAborted);
        }
        if (http.Request.Query["retryAfter"] is { Count: 1 } retryAfter)
        {
            http.Response.Headers.RetryAfter = retryAfter.ToString();
        }
        http.Response.StatusCode = code;
        await http.Response.WriteAsync($"answer {code}");
    }

    public async Task DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }
    }
}

/// <summary>Hands out one client and remembers which names were asked for.</summary>
internal sealed class OneClientFactory(HttpClient client) : IHttpClientFactory
{
    public List<string> Names { get; } = [];

    public HttpClient CreateClient(string name)
    {
        Names.Add(name);
        return client;
    }
}
