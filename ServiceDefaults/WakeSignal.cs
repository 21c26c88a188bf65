namespace Suite.ServiceDefaults;

/// <summary>
/// Wakes a polling worker right after new work commits, so it does not wait for its next poll. Signals coalesce:
/// many notifications before the worker wakes count as one. Derive a type per worker for dependency injection.
/// </summary>
public abstract class WakeSignal
{
    private readonly SemaphoreSlim _signal = new(0, 1);

    public void Notify()
    {
        try
        {
            if (_signal.CurrentCount == 0)
            {
                _signal.Release();
            }
        }
        catch (SemaphoreFullException)
        {
            // already signalled
        }
    }

    /// <returns>true when woken by <see cref="Notify"/>, false on timeout.</returns>
    public Task<bool> WaitAsync(TimeSpan timeout, CancellationToken ct) => _signal.WaitAsync(timeout, ct);
}
