using Suite.SoakBench;

SoakOptions options;
try
{
    options = SoakOptions.Parse(args);
}
catch (Exception ex) when (ex is ArgumentException or FormatException or IndexOutOfRangeException)
{
    Console.Error.WriteLine(ex.Message);
    Console.Error.WriteLine(SoakOptions.Usage);
    return 2;
}
try
{
    return options.Judge is null ? await SoakRunner.RunAsync(options) : await SoakRunner.JudgeFileAsync(options);
}
catch (Exception ex) when (options.Judge is not null && ex is IOException or FormatException or UnauthorizedAccessException)
{
    Console.Error.WriteLine($"soak: cannot judge {options.Judge}: {ex.Message}");
    return 2;
}
catch (Suite.Hosting.DistributedApplicationException ex)
{
    // Missing infrastructure (scripts/install.sh) or a service that does not start: say which, no stack trace.
    Console.Error.WriteLine($"soak: the suite did not start: {ex.Message}");
    return 1;
}
