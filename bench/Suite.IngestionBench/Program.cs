using Suite.IngestionBench;

var options = BenchOptions.Parse(args);
if (options is null)
{
    Console.WriteLine(BenchOptions.Usage);
    return 2;
}
return await BenchRunner.RunAsync(options);
