using System.Buffers;
using System.Net;
using System.Net.Sockets;

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
public static class PersonalDataScanner
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

    // ---- e-mail -------------------------------------------------------------------------------------------------

    private static bool IsLocalChar(char c) => char.IsLetterOrDigit(c) || c is '.' or '_' or '%' or '+' or '-';

    private static bool IsDomainChar(char c) => char.IsLetterOrDigit(c) || c is '.' or '-';

    private static void ScanEmails(string text, ref List<PersonalDataMatch>? found)
    {
        for (var at = text.IndexOf('@'); at >= 0; at = at + 1 < text.Length ? text.IndexOf('@', at + 1) : -1)
        {
            var start = at;
            while (start > 0 && IsLocalChar(text[start - 1]))
            {
                start--;
            }
            while (start < at && text[start] is '.' or '+' or '-')
            {
                start++;
            }
            var end = at + 1;
            while (end < text.Length && IsDomainChar(text[end]))
            {
                end++;
            }
            while (end > at + 1 && text[end - 1] is '.' or '-')
            {
                end--;   // "write to a@b.com." ends the sentence, not the domain
            }
            if (start == at || end == at + 1)
            {
                continue;
            }
            var domain = text.AsSpan(at + 1, end - at - 1);
            var lastDot = domain.LastIndexOf('.');
            if (lastDot <= 0 || domain.Contains("..", StringComparison.Ordinal))
            {
                continue;
            }
            var tld = domain[(lastDot + 1)..];
            if (tld.Length >= 2 && !tld.ContainsAnyExcept(AsciiLetters))
            {
                Add(ref found, start, end, PersonalDataKind.Email);
            }
        }
    }

    private static readonly SearchValues<char> AsciiLetters = SearchValues.Create("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ");

    // ---- IPv6 ---------------------------------------------------------------------------------------------------

    private static bool IsIpv6Char(char c) => char.IsAsciiHexDigit(c) || c is ':' or '.';

    private static void ScanIpv6(string text, ref List<PersonalDataMatch>? found)
    {
        var colon = text.IndexOf(':');
        while (colon >= 0)
        {
            var start = colon;
            while (start > 0 && IsIpv6Char(text[start - 1]))
            {
                start--;
            }
            var end = colon;
            while (end < text.Length && IsIpv6Char(text[end]))
            {
                end++;
            }
            while (end > start && text[end - 1] == '.')
            {
                end--;
            }
            var token = text.AsSpan(start, end - start);
            if (token.Count(':') >= 2 && BoundaryBefore(text, start) && BoundaryAfter(text, end)
                && IPAddress.TryParse(token, out var address) && address.AddressFamily == AddressFamily.InterNetworkV6)
            {
                Add(ref found, start, end, PersonalDataKind.IpAddress);
            }
            colon = end < text.Length ? text.IndexOf(':', end) : -1;
        }
    }

    // ---- digits: IPv4, cards, phones ----------------------------------------------------------------------------

    private static void ScanNumbers(string text, PersonalDataKind kinds, ref List<PersonalDataMatch>? found)
    {
        var i = 0;
        while (i < text.Length)
        {
            var c = text[i];
            var startsNumber = char.IsAsciiDigit(c) || (c is '+' or '(' && i + 1 < text.Length && char.IsAsciiDigit(text[i + 1]));
            if (!startsNumber || !BoundaryBefore(text, i))
            {
                i++;
                continue;
            }
            int end;
            if ((kinds & PersonalDataKind.IpAddress) != 0 && TryIpv4(text, i, out end))
            {
                Add(ref found, i, end, PersonalDataKind.IpAddress);
            }
            else if ((kinds & PersonalDataKind.Card) != 0 && TryCard(text, i, out end))
            {
                Add(ref found, i, end, PersonalDataKind.Card);
            }
            else if ((kinds & PersonalDataKind.Phone) != 0 && TryPhone(text, i, out end))
            {
                Add(ref found, i, end, PersonalDataKind.Phone);
            }
            else
            {
                // Skip this run of digits; a number after a separator gets its own chance ("12 0170 1234567").
                end = i + 1;
                while (end < text.Length && char.IsAsciiDigit(text[end]))
                {
                    end++;
                }
            }
            i = end;
        }
    }

    private static bool TryIpv4(string text, int start, out int end)
    {
        end = start;
        if (start > 0 && text[start - 1] == '.')
        {
            return false;
        }
        var pos = start;
        for (var octet = 0; octet < 4; octet++)
        {
            if (octet > 0)
            {
                if (pos >= text.Length || text[pos] != '.')
                {
                    return false;
                }
                pos++;
            }
            var digits = 0;
            var value = 0;
            while (pos < text.Length && char.IsAsciiDigit(text[pos]) && digits < 4)
            {
                value = value * 10 + (text[pos] - '0');
                digits++;
                pos++;
            }
            if (digits is 0 or > 3 || value > 255)
            {
                return false;
            }
        }
        // "1.2.3.4.5" is a version, not an address.
        if (pos < text.Length && (IsWordChar(text[pos]) || (text[pos] == '.' && pos + 1 < text.Length && char.IsAsciiDigit(text[pos + 1]))))
        {
            return false;
        }
        end = pos;
        return true;
    }

    /// <summary>The longest prefix of the digit groups at <paramref name="start"/> that is a card number.</summary>
    private static bool TryCard(string text, int start, out int end)
    {
        end = start;
        Span<byte> digits = stackalloc byte[19];
        var count = 0;
        var pos = start;
        while (pos < text.Length)
        {
            var c = text[pos];
            if (char.IsAsciiDigit(c))
            {
                if (count == digits.Length)
                {
                    break;   // more digits than any card has
                }
                digits[count++] = (byte)(c - '0');
                pos++;
                if (pos < text.Length && char.IsAsciiDigit(text[pos]))
                {
                    continue;
                }
                // A group ends here: is everything so far a card?
                if (count >= 13 && digits[0] is >= 2 and <= 6 && BoundaryAfter(text, pos) && Luhn.IsValid(digits[..count]))
                {
                    end = pos;
                }
            }
            else if (c is ' ' or '-' && count > 0 && pos + 1 < text.Length && char.IsAsciiDigit(text[pos + 1]))
            {
                pos++;
            }
            else
            {
                break;
            }
        }
        return end > start;
    }

    private static bool IsPhoneSeparator(char c) => c is ' ' or '-' or '.' or '/' or '(' or ')';

    /// <summary>The longest prefix of the digit groups at <paramref name="start"/> that is a phone number.</summary>
    private static bool TryPhone(string text, int start, out int end)
    {
        end = start;
        var pos = start;
        var international = text[pos] == '+';
        if (international)
        {
            pos++;
        }
        Span<int> groups = stackalloc int[18];
        var groupCount = 0;
        var digits = 0;
        var separatorRun = 0;
        var first = -1;
        var second = -1;
        var third = -1;
        while (pos < text.Length && digits <= 17)
        {
            var c = text[pos];
            if (char.IsAsciiDigit(c))
            {
                var d = c - '0';
                if (digits == 0)
                {
                    first = d;
                }
                else if (digits == 1)
                {
                    second = d;
                }
                else if (digits == 2)
                {
                    third = d;
                }
                digits++;
                if (separatorRun > 0 || groupCount == 0)
                {
                    if (groupCount == groups.Length)
                    {
                        break;
                    }
                    groups[groupCount++] = 0;
                }
                groups[groupCount - 1]++;
                separatorRun = 0;
                pos++;
                if (!(pos < text.Length && char.IsAsciiDigit(text[pos])) && BoundaryAfter(text, pos)
                    && IsPhone(international, first, second, third, digits, groups[..groupCount]))
                {
                    end = pos;   // a group ends and everything so far is a phone number
                }
            }
            else if (IsPhoneSeparator(c) && ++separatorRun <= 2)
            {
                pos++;
            }
            else
            {
                break;
            }
        }
        return end > start;
    }

    private static bool IsPhone(bool international, int first, int second, int third, int digits, ReadOnlySpan<int> groups)
    {
        if (international)
        {
            return digits is >= 8 and <= 15;
        }
        // Trunk prefix 0 (national) or 00 (international) followed by a non-zero digit: zero-padded ids are not phones.
        if (first == 0 && second > 0)
        {
            return digits is >= 9 and <= 15;
        }
        if (first == 0 && second == 0 && third > 0)
        {
            return digits is >= 10 and <= 17;
        }
        return digits == 10 && groups is [3, 3, 4];
    }
}

/// <summary>The Luhn (mod 10) check digit test used by payment card numbers.</summary>
public static class Luhn
{
    public static bool IsValid(ReadOnlySpan<byte> digits)
    {
        var sum = 0;
        var doubleIt = false;
        for (var i = digits.Length - 1; i >= 0; i--)
        {
            var d = digits[i];
            if (doubleIt)
            {
                d *= 2;
                if (d > 9)
                {
                    d -= 9;
                }
            }
            sum += d;
            doubleIt = !doubleIt;
        }
        return sum % 10 == 0;
    }
}
