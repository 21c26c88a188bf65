using Suite.Ingestion.Domain;

namespace Suite.Ingestion.Tests.Domain;

public class CountryCodesTests
{
    [Fact]
    public void Holds_the_249_assigned_codes()
    {
        Assert.Equal(249, CountryCodes.Count);
    }

    [Theory]
    [InlineData("DE", "DE")]
    [InlineData("de", "DE")]
    [InlineData("gB", "GB")]
    [InlineData("US", "US")]
    [InlineData("AX", "AX")]   // Åland
    [InlineData("SS", "SS")]   // South Sudan (2011)
    [InlineData("ZW", "ZW")]
    [InlineData("UK", null)]   // reserved, not assigned: GB is the code
    [InlineData("EU", null)]   // exceptionally reserved
    [InlineData("XK", null)]   // user-assigned (Kosovo)
    [InlineData("ZZ", null)]
    [InlineData("AN", null)]   // withdrawn (Netherlands Antilles)
    [InlineData("DEU", null)]  // alpha-3
    [InlineData("D", null)]
    [InlineData("D1", null)]
    [InlineData("", null)]
    [InlineData("ÄÖ", null)]
    public void Normalizes_assigned_codes_and_refuses_the_rest(string input, string? expected)
    {
        Assert.Equal(expected, CountryCodes.Normalize(input));
    }

    [Theory]
    [InlineData("uk")]
    [InlineData("XK")]
    [InlineData("EU")]
    public void The_validator_rejects_unassigned_codes_with_the_field(string code)
    {
        var e = EventValidatorTests.ValidEvent();
        e.CountryCode = code;

        var result = new EventValidator(IngestionPolicy.Default).Validate(e, new DateTimeOffset(2025, 6, 15, 12, 0, 0, TimeSpan.Zero));

        Assert.Equal("country_code", Assert.Single(result.Violations).Field);
    }
}
