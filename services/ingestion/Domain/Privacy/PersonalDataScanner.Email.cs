using System.Buffers;

namespace Suite.Ingestion.Domain.Privacy;

public static partial class PersonalDataScanner
{
    // e-mail: local@domain.tld

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
}
