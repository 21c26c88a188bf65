using Suite.Ingestion.Domain.Privacy;

namespace Suite.Ingestion.Tests.Domain;

public class PersonalDataScannerTests
{
    /// <summary>Text → the kind found first (None: nothing). Each row is one rule or one false positive to avoid.</summary>
    [Theory]
    // e-mail
    [InlineData("jane.doe@example.com", PersonalDataKind.Email)]
    [InlineData("write to Jane_Doe+news@mail.example.co.uk today", PersonalDataKind.Email)]
    [InlineData("contact: a@b.io.", PersonalDataKind.Email)]
    [InlineData("jürgen@bücher.de", PersonalDataKind.Email)]
    [InlineData("user@localhost", PersonalDataKind.None)]          // no dotted domain
    [InlineData("@handle", PersonalDataKind.None)]
    [InlineData("a@b.c1", PersonalDataKind.None)]                   // TLD must be letters
    [InlineData("name@domain..com", PersonalDataKind.None)]
    [InlineData("price@2x", PersonalDataKind.None)]
    // card numbers (Luhn)
    [InlineData("4111111111111111", PersonalDataKind.Card)]
    [InlineData("card 4111 1111 1111 1111 expired", PersonalDataKind.Card)]
    [InlineData("5500-0000-0000-0004", PersonalDataKind.Card)]
    [InlineData("378282246310005", PersonalDataKind.Card)]          // Amex, 15 digits
    [InlineData("6011111111111117", PersonalDataKind.Card)]         // Discover
    [InlineData("4111111111111112", PersonalDataKind.None)]         // Luhn fails
    [InlineData("1234567812345670", PersonalDataKind.None)]         // Luhn ok, but no issuer starts with 1 (ids)
    [InlineData("41111111111111111111", PersonalDataKind.None)]     // 20 digits: too long for a card
    [InlineData("411111111111", PersonalDataKind.None)]             // 12 digits: too short
    [InlineData("order-4111111111111111x", PersonalDataKind.None)]  // glued to letters: part of an id
    // phone numbers
    [InlineData("+49 170 1234567", PersonalDataKind.Phone)]
    [InlineData("+1 (555) 123-4567", PersonalDataKind.Phone)]
    [InlineData("+441632960961", PersonalDataKind.Phone)]
    [InlineData("call 0170/1234567 after six", PersonalDataKind.Phone)]
    [InlineData("01701234567", PersonalDataKind.Phone)]
    [InlineData("0044 20 7946 0958", PersonalDataKind.Phone)]
    [InlineData("(555) 123-4567", PersonalDataKind.Phone)]
    [InlineData("555-123-4567", PersonalDataKind.Phone)]
    [InlineData("555.123.4567", PersonalDataKind.Phone)]
    [InlineData("1234567890", PersonalDataKind.None)]               // bare number: id, epoch seconds
    [InlineData("order 123456789", PersonalDataKind.None)]
    [InlineData("0000012345", PersonalDataKind.None)]               // zero-padded id
    [InlineData("2024-01-15", PersonalDataKind.None)]               // date
    [InlineData("15.01.2024", PersonalDataKind.None)]
    [InlineData("12:30:45", PersonalDataKind.None)]                 // time
    [InlineData("+12", PersonalDataKind.None)]
    [InlineData("EUR 1.234.567", PersonalDataKind.None)]
    [InlineData("3.14159", PersonalDataKind.None)]
    // IP addresses
    [InlineData("192.168.0.1", PersonalDataKind.IpAddress)]
    [InlineData("from 10.0.0.255:8080", PersonalDataKind.IpAddress)]
    [InlineData("2001:db8::1", PersonalDataKind.IpAddress)]
    [InlineData("client fe80::1ff:fe23:4567:890a%eth0", PersonalDataKind.IpAddress)]
    [InlineData("::ffff:192.0.2.128", PersonalDataKind.IpAddress)]
    [InlineData("2001:0db8:85a3:0000:0000:8a2e:0370:7334", PersonalDataKind.IpAddress)]
    [InlineData("256.1.1.1", PersonalDataKind.None)]                // octet out of range
    [InlineData("1.2.3", PersonalDataKind.None)]
    [InlineData("version 1.2.3.4.5", PersonalDataKind.None)]
    [InlineData("10.0.401", PersonalDataKind.None)]
    [InlineData("00:1A:2B:3C:4D:5E", PersonalDataKind.None)]        // MAC address
    [InlineData("std::map", PersonalDataKind.None)]
    // nothing at all
    [InlineData("", PersonalDataKind.None)]
    [InlineData("portal", PersonalDataKind.None)]
    [InlineData("customer asked about invoice 4711 from 2025-03-14", PersonalDataKind.None)]
    public void Finds_the_kind_of_personal_data(string text, PersonalDataKind expected)
    {
        Assert.Equal(expected, PersonalDataScanner.FirstKind(text));
    }

    [Theory]
    [InlineData("mail jane@example.com or call +49 170 1234567", "mail [redacted:email] or call [redacted:phone]")]
    [InlineData("paid with 4111-1111-1111-1111 from 10.1.2.3", "paid with [redacted:card] from [redacted:ip]")]
    [InlineData("2001:db8::1", "[redacted:ip]")]
    public void Redacts_only_the_matches(string text, string expected)
    {
        var matches = PersonalDataScanner.Scan(text);
        Assert.NotNull(matches);
        Assert.Equal(expected, PersonalDataScanner.Redact(text, matches));
    }

    [Fact]
    public void Looks_only_for_the_requested_kinds()
    {
        const string text = "jane@example.com +49 170 1234567 4111111111111111 10.0.0.1";
        Assert.Equal([PersonalDataKind.Email, PersonalDataKind.IpAddress],
            PersonalDataScanner.Scan(text, PersonalDataKind.Email | PersonalDataKind.IpAddress)!.Select(m => m.Kind));
        Assert.Equal([PersonalDataKind.Email, PersonalDataKind.Phone, PersonalDataKind.Card, PersonalDataKind.IpAddress],
            PersonalDataScanner.Scan(text)!.Select(m => m.Kind));
    }

    [Fact]
    public void A_long_run_of_digits_and_spaces_is_scanned_in_linear_time()
    {
        // 1024 characters of "1 1 1 ..." would be quadratic with an unbounded look-ahead per start position.
        var text = string.Concat(Enumerable.Repeat("1 ", 512));
        Assert.Equal(PersonalDataKind.None, PersonalDataScanner.FirstKind(text));
    }

    [Theory]
    [InlineData("79927398713", true)]
    [InlineData("79927398710", false)]
    [InlineData("4111111111111111", true)]
    [InlineData("0", true)]
    [InlineData("18", true)]
    [InlineData("10", false)]
    public void Luhn_check(string digits, bool valid)
    {
        Assert.Equal(valid, Luhn.IsValid(digits.Select(c => (byte)(c - '0')).ToArray()));
    }
}
