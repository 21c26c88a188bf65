using System.Net;
using System.Net.Sockets;

namespace Suite.Ingestion.Domain.Privacy;

public static partial class PersonalDataScanner
{
    // IPv6: any valid text form, found around its colons

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
}
