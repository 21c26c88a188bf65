using System.Collections.Concurrent;
using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Suite.AlertingBench;

/// <summary>
/// Slack incoming webhooks in this process: POST /hooks/{tenant} answers 200 at once and records when the body had
/// arrived (wall clock, the same clock the service stamps its rows with) and which rule it was about (the alert
/// name in the Block Kit header, also in the labels line).
/// </summary>
public sealed partial class SlackHooks : IAsyncDisposable
{
    private readonly WebApplication _app;

    private SlackHooks(WebApplication app, string address)
    {
        _app = app;
        Address = address;
    }

    public string Address { get; }

    public ConcurrentQueue<Post> Posts { get; } = new();

    public string HookUrl(string tenant) => $"{Address}/hooks/{tenant}";

    public static async Task<SlackHooks> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Configuration.Sources.Clear();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0, o => o.Protocols = HttpProtocols.Http1));
        var app = builder.Build();
        SlackHooks? self = null;
        app.MapPost("/hooks/{tenant}", async (string tenant, HttpRequest request) =>
        {
            using var reader = new StreamReader(request.Body);
            var body = await reader.ReadToEndAsync();
            var arrived = DateTimeOffset.UtcNow;
            var rule = RuleName().Match(body);
            self!.Posts.Enqueue(new Post(tenant, rule.Success ? rule.Value : "", body.Contains("*Resolved*", StringComparison.Ordinal), arrived));
            return Results.Text("ok");
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single().TrimEnd('/');
        self = new SlackHooks(app, address);
        return self;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    [GeneratedRegex(@"\bkpi-\d{4}\b")]
    private static partial Regex RuleName();

    /// <param name="Resolved">A resolved message (its third field is "Resolved" instead of "Since").</param>
    public sealed record Post(string Tenant, string Rule, bool Resolved, DateTimeOffset ArrivedAt);
}
