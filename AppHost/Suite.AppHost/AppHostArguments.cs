namespace Suite.AppHost;

/// <summary>Command line: --state DIR, --reset, --demo, --infra-only, --configuration Debug|Release.</summary>
public sealed record AppHostArguments(string? StateDir, bool Reset, bool Demo, bool InfraOnly, string? Configuration, bool Help)
{
    public const string Usage = """
        usage: Suite.AppHost [--state DIR] [--reset] [--demo] [--infra-only] [--configuration Debug|Release]
          --state DIR          state folder (default <repo>/.suite): databases, broker data, logs, dev signing key
          --reset              wipe the state folder first
          --demo               also run the simulator (bench/Suite.Simulator) feeding ingestion
          --infra-only         only PostgreSQL, RabbitMQ, maildev and Prometheus
          --configuration CFG  which build of the services to run (default: the AppHost's own configuration)
        """;

    public static AppHostArguments Parse(IReadOnlyList<string> args)
    {
        string? state = null, configuration = null;
        bool reset = false, demo = false, infraOnly = false, help = false;
        for (var i = 0; i < args.Count; i++)
        {
            switch (args[i])
            {
                case "--state":
                    state = Value(args, ref i);
                    break;
                case "--configuration" or "-c":
                    configuration = Value(args, ref i);
                    break;
                case "--reset":
                    reset = true;
                    break;
                case "--demo":
                    demo = true;
                    break;
                case "--infra-only":
                    infraOnly = true;
                    break;
                case "--help" or "-h":
                    help = true;
                    break;
                default:
                    throw new ArgumentException($"unknown argument '{args[i]}'");
            }
        }
        if (demo && infraOnly)
        {
            throw new ArgumentException("--demo needs the services: drop --infra-only");
        }
        return new AppHostArguments(state, reset, demo, infraOnly, configuration, help);
    }

    private static string Value(IReadOnlyList<string> args, ref int i)
    {
        if (i + 1 >= args.Count || args[i + 1].StartsWith("--", StringComparison.Ordinal))
        {
            throw new ArgumentException($"{args[i]} needs a value");
        }
        return args[++i];
    }
}
