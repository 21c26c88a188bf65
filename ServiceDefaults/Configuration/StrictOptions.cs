using Microsoft.Extensions.Configuration;

namespace Suite.ServiceDefaults.Configuration;

/// <summary>Alertmanager-style configuration loading: unknown keys and invalid values stop the start with a clear message.</summary>
public static class StrictOptions
{
    /// <summary>Binds <paramref name="section"/> (a typo'd key is an error, not a silent default) and validates it.</summary>
    public static T BindStrict<T>(this IConfiguration configuration, string section, Func<T, IEnumerable<string>>? validate = null)
        where T : new()
    {
        T options;
        try
        {
            options = configuration.GetSection(section).Get<T>(o => o.ErrorOnUnknownConfiguration = true) ?? new T();
        }
        catch (InvalidOperationException ex)
        {
            throw new InvalidOperationException($"Invalid configuration: {section}: {ex.Message}", ex);
        }
        var errors = validate?.Invoke(options).ToList() ?? [];
        return errors.Count == 0
            ? options
            : throw new InvalidOperationException("Invalid configuration: " + string.Join("; ", errors));
    }

    /// <summary>One problem per key of <paramref name="section"/> that is not in <paramref name="known"/> (for hand-parsed sections).</summary>
    public static IEnumerable<string> UnknownKeys(IConfigurationSection section, IReadOnlyCollection<string> known) =>
        section.GetChildren()
            .Where(c => !known.Contains(c.Key, StringComparer.OrdinalIgnoreCase))
            .Select(c => $"{section.Path}:{c.Key} is not a known setting (known: {string.Join(", ", known)})");
}
