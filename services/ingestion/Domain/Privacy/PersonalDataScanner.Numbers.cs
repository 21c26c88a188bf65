namespace Suite.Ingestion.Domain.Privacy;

public static partial class PersonalDataScanner
{
    // Digits: IPv4, card and phone numbers, judged from where a number starts

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
