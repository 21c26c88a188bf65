using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Suite.EndToEnd.Tests;

/// <summary>A real HTTP server standing in for Slack's incoming webhooks: records every POST body.</summary>
public sealed class SlackListener : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<(string Path, string Body)> _posts = new();

    private SlackListener(WebApplication app) => _app = app;

    public Uri BaseUrl { get; private set; } = null!;
    public IReadOnlyList<(string Path, string Body)> Posts => [.. _posts];

    public Uri WebhookFor(string channel) => new(BaseUrl, $"/hooks/{channel}");

    public static async Task<SlackListener> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        // The test folder holds copies of the services' appsettings.json (with their Kestrel endpoints): ignore them.
        builder.Configuration.Sources.Clear();
        builder.Configuration.AddInMemoryCollection();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var listener = new SlackListener(app);
        app.MapPost("/hooks/{channel}", async (HttpContext ctx) =>
        {
            using var reader = new StreamReader(ctx.Request.Body);
            listener._posts.Enqueue((ctx.Request.Path.Value ?? "", await reader.ReadToEndAsync()));
            return Results.Text("ok");
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        listener.BaseUrl = new Uri(address);
        return listener;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
