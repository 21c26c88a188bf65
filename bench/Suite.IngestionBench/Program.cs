using Suite.IngestionBench;

var options = BenchOptions.Parse(args);
if (options is null)
{
    Console.WriteLine(BenchOptions.Usage);
    return 2;
}
return options.DiskProbeSeconds is { } seconds
    ? await DiskProbe.RunAsync(TimeSpan.FromSeconds(seconds))
    : await BenchRunner.RunAsync(options);
