using System.Text;

namespace Suite.Reporting.Domain.Documents;

/// <summary>Names derived from report text: file-name slugs (CSV parts) and worksheet names (XLSX).</summary>
public static class DocumentNames
{
    public const int MaxSheetName = 31;

    /// <summary>"Daily logins (EU)" → "daily-logins-eu": ASCII letters and digits, single dashes, at most 60 characters.</summary>
    public static string Slug(string text, string fallback)
    {
        var slug = new StringBuilder();
        foreach (var c in text.Normalize(NormalizationForm.FormD))
        {
            if (char.IsAsciiLetterOrDigit(c))
            {
                slug.Append(char.ToLowerInvariant(c));
            }
            else if (slug.Length > 0 && slug[^1] != '-' && !char.IsAsciiLetterOrDigit(c) && System.Globalization.CharUnicodeInfo.GetUnicodeCategory(c) != System.Globalization.UnicodeCategory.NonSpacingMark)
            {
                slug.Append('-');
            }
        }
        var result = slug.ToString().Trim('-');
        if (result.Length > 60)
        {
            result = result[..60].TrimEnd('-');
        }
        return result.Length == 0 ? fallback : result;
    }

    /// <summary>
    /// Worksheet names as Excel accepts them: no []:*?/\, not blank, no leading or trailing apostrophe, at most 31
    /// characters, unique without regard to case ("Logins", "Logins (2)"). "History" is reserved by Excel.
    /// </summary>
    public static IReadOnlyList<string> SheetNames(IEnumerable<string> wanted)
    {
        var used = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { "History" };
        var names = new List<string>();
        foreach (var raw in wanted)
        {
            var clean = new string(raw.Select(c => c is '[' or ']' or ':' or '*' or '?' or '/' or '\\' || char.IsControl(c) ? ' ' : c).ToArray());
            clean = string.Join(' ', clean.Split(' ', StringSplitOptions.RemoveEmptyEntries)).Trim('\'').Trim();
            if (clean.Length == 0)
            {
                clean = "Sheet";
            }
            var name = Cut(clean, MaxSheetName);
            for (var n = 2; !used.Add(name); n++)
            {
                var suffix = $" ({n})";
                name = Cut(clean, MaxSheetName - suffix.Length) + suffix;
            }
            names.Add(name);
        }
        return names;
    }

    private static string Cut(string text, int max) => text.Length <= max ? text : text[..max].TrimEnd().TrimEnd('\'');
}
