namespace Suite.Ingestion.Tests;

/// <summary>The service turns inline socket completions on unless the operator decided otherwise.</summary>
public class SocketTuningTests
{
    [Theory]
    [InlineData(null, "1")]
    [InlineData("0", "0")]
    [InlineData("1", "1")]
    public void Inline_completions_are_preferred_unless_set(string? before, string after)
    {
        var original = Environment.GetEnvironmentVariable(SocketTuning.InlineCompletions);
        try
        {
            Environment.SetEnvironmentVariable(SocketTuning.InlineCompletions, before);

            SocketTuning.PreferInlineCompletions();

            Assert.Equal(after, Environment.GetEnvironmentVariable(SocketTuning.InlineCompletions));
        }
        finally
        {
            Environment.SetEnvironmentVariable(SocketTuning.InlineCompletions, original);
        }
    }
}
