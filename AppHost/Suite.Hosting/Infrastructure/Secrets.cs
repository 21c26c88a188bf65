using System.Security.Cryptography;

namespace Suite.Hosting.Infrastructure;

/// <summary>Random development secrets kept in files of the state folder (generated once, reused afterwards).</summary>
public static class Secrets
{
    /// <summary>URL-safe random string of <paramref name="bytes"/> random bytes.</summary>
    public static string Random(int bytes) =>
        Convert.ToBase64String(RandomNumberGenerator.GetBytes(bytes)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    /// <summary>Reads the secret kept in <paramref name="path"/>, creating it (mode 600) on first use.</summary>
    public static string LoadOrCreate(string path, int bytes)
    {
        if (File.Exists(path))
        {
            var existing = File.ReadAllText(path).Trim();
            if (existing.Length > 0)
            {
                return existing;
            }
        }
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var secret = Random(bytes);
        File.WriteAllText(path, secret);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }
        return secret;
    }
}
