namespace Suite.Alerting.Tests.Integration;

/// <summary>Waits for something that happens in the background (a cycle, a delivery); fails with a clear message.</summary>
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
}
