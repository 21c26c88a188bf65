using Suite.Simulator;

SimulatorOptions options;
try
{
    options = SimulatorOptions.Parse(args, Environment.GetEnvironmentVariable);
}
catch (Exception ex) when (ex is ArgumentException or FormatException)
{
    Console.Error.WriteLine($"simulator: {ex.Message}");
    Console.Error.WriteLine("usage: Suite.Simulator [--rate 50] [--tenants demo,acme] [--duration SECONDS] [--seed 1] [--ingestion URL] [--alerting URL] [--token JWT] [--alert-email ADDR]");
    return 2;
}

using var cts = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) => { e.Cancel = true; cts.Cancel(); };
AppDomain.CurrentDomain.ProcessExit += (_, _) => cts.Cancel();
if (options.Duration is { } d)
{
    cts.CancelAfter(d);
}

return await new SimulatorRunner(options, TimeProvider.System).RunAsync(cts.Token);
