using System.Buffers;

namespace Suite.Ingestion.Domain.Privacy;

/// <summary>
/// Finds personal data inside free text, by shape. Heuristics, tuned against false positives on the values
/// events usually carry (numeric ids, amounts, dates, times, versions):
/// <list type="bullet">
/// <item>email: <c>local@domain.tld</c> (a dotted domain, a TLD of 2+ letters);</item>
/// <item>card: 13–19 digits, optionally grouped by single spaces or hyphens, first digit 2–6 (the issuer ranges),
///   Luhn-valid;</item>
/// <item>phone: digits with separators (space - . / ( )), either international (<c>+</c> and 8–15 digits), national
///   (a trunk prefix <c>0</c> or <c>00</c> followed by a non-zero digit, 9–15 digits) or the North-American
///   3-3-4 grouping; a bare number not starting with 0 or + is never a phone (ids, amounts, epoch times);</item>
/// <item>ip: a dotted quad of 0–255 octets, or any valid IPv6 text form (with <c>::</c>, embedded IPv4 ...).</item>
/// </list>
/// Every match must stand alone: no letter or digit directly before or after it.
/// </summary>
public static partial class PersonalDataScanner
{
    // Every kind needs one of these characters: the common value ("pro", "portal", "true") costs one vector scan.
    private static readonly SearchValues<char> Triggers = SearchValues.Create("@:0123456789");

    public static bool MayContain(ReadOnlySpan<char> text) => text.ContainsAny(Triggers);

    /// <returns>The non-overlapping matches in text order, or null when there are none.</returns>
    public static List<PersonalDataMatch>? Scan(string text, PersonalDataKind kinds = PersonalDataKind.All)
    {
        if (!MayContain(text))
        {
            return null;
        }
        List<PersonalDataMatch>? found = null;
        if ((kinds & PersonalDataKind.Email) != 0)
        {
            ScanEmails(text, ref found);
        }
        if ((kinds & PersonalDataKind.IpAddress) != 0)
        {
            ScanIpv6(text, ref found);
        }
        if ((kinds & (PersonalDataKind.IpAddress | PersonalDataKind.Card | PersonalDataKind.Phone)) != 0)
        {
            ScanNumbers(text, kinds, ref found);
        }
        return found is null ? null : RemoveOverlaps(found);
    }

    /// <summary>The first kind found, or None.</summary>
    public static PersonalDataKind FirstKind(string text, PersonalDataKind kinds = PersonalDataKind.All) =>
        Scan(text, kinds) is { Count: > 0 } matches ? matches[0].Kind : PersonalDataKind.None;

    /// <summary>Replaces each match with <c>[redacted:&lt;kind&gt;]</c>.</summary>
    public static string Redact(string text, IReadOnlyList<PersonalDataMatch> matches)
    {
        var result = new System.Text.StringBuilder(text.Length + 16 * matches.Count);
        var at = 0;
        foreach (var m in matches)
        {
            result.Append(text, at, m.Start - at).Append("[redacted:").Append(m.Kind.Name()).Append(']');
            at = m.End;
        }
        return result.Append(text, at, text.Length - at).ToString();
    }

    private static void Add(ref List<PersonalDataMatch>? found, int start, int end, PersonalDataKind kind) =>
        (found ??= []).Add(new PersonalDataMatch(start, end - start, kind));

    private static List<PersonalDataMatch> RemoveOverlaps(List<PersonalDataMatch> found)
    {
        if (found.Count == 1)
        {
            return found;
        }
        found.Sort((a, b) => a.Start != b.Start ? a.Start.CompareTo(b.Start) : b.Length.CompareTo(a.Length));
        var kept = new List<PersonalDataMatch>(found.Count);
        foreach (var m in found)
        {
            if (kept.Count == 0 || m.Start >= kept[^1].End)
            {
                kept.Add(m);
            }
        }
        return kept;
    }

    private static bool IsWordChar(char c) => char.IsLetterOrDigit(c);

    private static bool BoundaryBefore(string text, int index) => index == 0 || !IsWordChar(text[index - 1]);

    private static bool BoundaryAfter(string text, int end) => end >= text.Length || !IsWordChar(text[end]);
}
