namespace Suite.Hosting.Tests.Unit;

/// <summary>Application models for tests: a temp state folder, nothing started.</summary>
internal sealed class TempState : IDisposable
{
    public string Dir { get; } = Directory.CreateTempSubdirectory("suite-hosting-unit-").FullName;

    public DistributedApplicationOptions Options(string? signingKey = "unit-test-signing-key-0123456789abcdef") => new()
    {
        StateDir = Dir,
        RepoRoot = RepoRootLocator.Find(),
        Configuration = "Debug",
        Throwaway = true,
        SigningKey = signingKey,
    };

    public void Dispose()
    {
        try
        {
            Directory.Delete(Dir, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
