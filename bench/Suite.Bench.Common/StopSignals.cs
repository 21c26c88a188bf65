using System.Runtime.InteropServices;

namespace Suite.Bench;

/// <summary>
/// Ctrl+C (SIGINT) and kill (SIGTERM) cancel a benchmark instead of ending the process, so its cleanup still runs:
/// PostgreSQL and RabbitMQ stopped, the state folder deleted, reserved huge pages given back.
/// </summary>
public sealed class StopSignals : IDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly PosixSignalRegistration[] _registrations;

    public StopSignals()
    {
        _registrations = [.. new[] { PosixSignal.SIGINT, PosixSignal.SIGTERM }.Select(signal => PosixSignalRegistration.Create(signal, ctx =>
        {
            ctx.Cancel = true;
            _stop.Cancel();
        }))];
    }

    public CancellationToken Token => _stop.Token;

    public void Dispose()
    {
        foreach (var registration in _registrations)
        {
            registration.Dispose();
        }
        _stop.Dispose();
    }
}
