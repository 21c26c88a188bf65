using Suite.ReportingBench;

return ReportingBenchRunner.Run(ReportingBenchOptions.Parse(args));
