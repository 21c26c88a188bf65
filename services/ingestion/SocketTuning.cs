namespace Suite.Ingestion;

/// <summary>
/// Socket completions run on the runtime's socket event thread instead of being handed to the thread pool. Every hand-off
/// is a futex wake and a context switch, and a batch takes many (each database round trip, the gRPC writes); on the
/// paravirtualised 2-core machine the kernel's share of the service's CPU, mostly those switches, was a third
/// (docs/benchmarks.md). What then runs on that thread is short: the commit path awaits I/O, validation runs where
/// gRPC hands a request over (the thread pool), and so does the encoding of the rows of an all-new group.
/// </summary>
public static class SocketTuning
{
    /// <summary>Read by the runtime once, from the environment, when the first socket is made.</summary>
    public const string InlineCompletions = "DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS";

    /// <summary>Call before anything opens a socket; an explicit setting (e.g. 0 to turn it off) is left as it is.</summary>
    public static void PreferInlineCompletions()
    {
        if (Environment.GetEnvironmentVariable(InlineCompletions) is null)
        {
            Environment.SetEnvironmentVariable(InlineCompletions, "1");
        }
    }
}
