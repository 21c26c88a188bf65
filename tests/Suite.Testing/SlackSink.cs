using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Suite.Testing;

/// <summary>
/// A real HTTP listener standing in for Slack incoming webhooks: POST /hooks/{name} records the body. A hook can be
/// told to answer with an error status a number of times first.
/// </summary>
public sealed class SlackSink : IAsyncDisposable
{
    private readonly ConcurrentDictionary<string, (int Status, int Times)> _failures = new();
    private LoopbackServer? _server;

    private SlackSink()
    {
    }

    /// <summary>Every POST received, in order, with the status it was answered with.</summary>
    public ConcurrentQueue<Post> Posts { get; } = new();

    public string BaseAddress => _server!.Address.ToString().TrimEnd('/');

    public string HookUrl(string name) => $"{BaseAddress}/hooks/{name}";

    /// <summary>The next <paramref name="times"/> POSTs to the hook get <paramref name="status"/>.</summary>
    public void FailNext(string name, int times, int status = 500) => _failures[name] = (status, times);

    public IReadOnlyList<Post> Delivered(string name) => Posts.Where(p => p.Hook == name && p.Status == 200).ToList();

    public int Attempts(string name) => Posts.Count(p => p.Hook == name);

    public static async Task<SlackSink> StartAsync()
    {
        var sink = new SlackSink();
        sink._server = await LoopbackServer.StartAsync(app => app.MapPost("/hooks/{name}", async (string name, HttpRequest request) =>
        {
            using var reader = new StreamReader(request.Body);
            var body = await reader.ReadToEndAsync();
            var status = 200;
            if (sink._failures.TryGetValue(name, out var failure) && failure.Times > 0)
            {
                sink._failures[name] = failure with { Times = failure.Times - 1 };
                status = failure.Status;
            }
            sink.Posts.Enqueue(new Post(name, request.ContentType ?? "", body, status));
            return status == 200 ? Results.Text("ok") : Results.Text("boom", statusCode: status);
        }));
        return sink;
    }

    public async ValueTask DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }

    public sealed record Post(string Hook, string ContentType, string Body, int Status)
    {
        public JsonObject Json => JsonNode.Parse(Body)!.AsObject();
    }
}
