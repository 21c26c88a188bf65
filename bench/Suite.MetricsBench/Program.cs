using Suite.MetricsBench;

var options = MetricsBenchOptions.Parse(args);
if (options is null)
{
    Console.WriteLine(MetricsBenchOptions.Usage);
    return 2;
}
return await MetricsBenchRunner.RunAsync(options);
