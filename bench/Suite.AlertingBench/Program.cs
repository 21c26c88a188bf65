using Suite.AlertingBench;

var options = AlertingBenchOptions.Parse(args);
if (options is null)
{
    Console.WriteLine(AlertingBenchOptions.Usage);
    return 2;
}
return await AlertingBenchRunner.RunAsync(options);
