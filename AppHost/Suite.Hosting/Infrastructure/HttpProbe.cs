using System.Net.Http.Headers;
using System.Text;

namespace Suite.Hosting.Infrastructure;

/// <summary>Polls an HTTP endpoint until it answers with a success status.</summary>
internal static class HttpProbe
{
    public static readonly HttpClient Client = new(new SocketsHttpHandler
    {
        PooledConnectionLifetime = TimeSpan.FromSeconds(30),
        UseProxy = false,
    })
    {
        Timeout = TimeSpan.FromSeconds(10),
    };

    public static AuthenticationHeaderValue Basic(string user, string password) =>
        new("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{password}")));

    /// <summary>True once <paramref name="url"/> answers 2xx; false when <paramref name="stillAlive"/> turns false or on timeout.</summary>
    public static async Task<bool> WaitUntilOkAsync(
        Uri url,
        TimeSpan timeout,
        Func<bool> stillAlive,
        AuthenticationHeaderValue? auth = null,
        CancellationToken ct = default)
    {
        var deadline = DateTime.UtcNow + timeout;
        var delay = TimeSpan.FromMilliseconds(100);
        while (DateTime.UtcNow < deadline && stillAlive())
        {
            if (await IsOkAsync(url, auth, ct).ConfigureAwait(false))
            {
                return true;
            }
            await Task.Delay(delay, ct).ConfigureAwait(false);
            delay = TimeSpan.FromMilliseconds(Math.Min(delay.TotalMilliseconds * 1.5, 1000));
        }
        return false;
    }

    public static async Task<bool> IsOkAsync(Uri url, AuthenticationHeaderValue? auth = null, CancellationToken ct = default)
    {
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, url);
            request.Headers.Authorization = auth;
            using var cts = CancellationTokenSource.CreateLinkedTokenSource(ct);
            cts.CancelAfter(TimeSpan.FromSeconds(5));
            using var response = await Client.SendAsync(request, cts.Token).ConfigureAwait(false);
            return response.IsSuccessStatusCode;
        }
        catch (HttpRequestException)
        {
            return false;
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            return false;
        }
    }
}
