using Xunit;

namespace Suite.Testing;

/// <summary>Waits for something that happens in the background (a relay, a consumer, a cycle); fails with a clear message.</summary>
public static class Eventually
{
    public static async Task TrueAsync(Func<Task<bool>> condition, string what, int timeoutSeconds = 60)
    {
        var deadline = DateTime.UtcNow.AddSeconds(timeoutSeconds);
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail($"Gave up waiting for {what} after {timeoutSeconds} s");
            }
            await Task.Delay(100);
        }
    }

    public static Task TrueAsync(Func<bool> condition, string what, int timeoutSeconds = 60) =>
        TrueAsync(() => Task.FromResult(condition()), what, timeoutSeconds);

    /// <summary>Polls <paramref name="probe"/> until <paramref name="done"/> holds; the failure says what was last seen.</summary>
    public static async Task<T> Get<T>(Func<Task<T>> probe, Func<T, bool> done, TimeSpan timeout, string what)
    {
        var deadline = DateTime.UtcNow + timeout;
        T last = default!;
        Exception? lastError = null;
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                last = await probe();
                lastError = null;
                if (done(last))
                {
                    return last;
                }
            }
            catch (Exception ex)
            {
                lastError = ex;
            }
            await Task.Delay(250);
        }
        throw new TimeoutException($"{what}: not reached within {timeout}; last value {Describe(last)}{(lastError is null ? "" : $", last error {lastError.Message}")}");
    }

    private static string Describe<T>(T value) => value switch
    {
        null => "null",
        System.Collections.IEnumerable e when value is not string => $"[{string.Join(", ", e.Cast<object>().Take(5))}]",
        _ => value.ToString() ?? "",
    };
}
