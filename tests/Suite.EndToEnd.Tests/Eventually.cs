namespace Suite.EndToEnd.Tests;

/// <summary>Polls until a condition holds; the failure message says what was last seen.</summary>
public static class Eventually
{
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
