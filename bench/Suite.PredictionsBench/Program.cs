using Suite.PredictionsBench;

return await PredictionsBenchRunner.RunAsync(PredictionsBenchOptions.Parse(args));
