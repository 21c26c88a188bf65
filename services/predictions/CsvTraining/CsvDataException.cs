namespace Suite.Predictions.CsvTraining;

/// <summary>
/// The uploaded table cannot be used as it is. <see cref="Line"/> is the 1-based physical line in the file
/// (the header is line 1) when the problem has one place; the message starts with it, e.g. "line 12: ...".
/// </summary>
public sealed class CsvDataException : FormatException
{
    public CsvDataException(long? line, string problem)
        : base(line is { } l ? $"line {l}: {problem}" : problem)
    {
        Line = line;
        Problem = problem;
    }

    public long? Line { get; }

    /// <summary>The message without the line prefix.</summary>
    public string Problem { get; }
}
