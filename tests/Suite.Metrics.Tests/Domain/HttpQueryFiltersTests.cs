using Google.Protobuf.Collections;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;
using Suite.Metrics.Api;

namespace Suite.Metrics.Tests.Domain;

public class HttpQueryFiltersTests
{
    [Theory]
    [InlineData("filters[domain]", "domain")]
    [InlineData("filters.type", "type")]
    [InlineData("filters[]", null)]
    [InlineData("filters.", null)]
    [InlineData("filters", null)]
    [InlineData("from", null)]
    [InlineData("Filters[domain]", null)]
    public void Recognises_filter_parameters(string parameter, string? key) => Assert.Equal(key, HttpQueryFilters.KeyOf(parameter));

    [Fact]
    public void Adds_query_filters_without_overriding_explicit_ones()
    {
        var filters = new MapField<string, string> { ["type"] = "LOGIN" };
        var query = new QueryCollection(new Dictionary<string, StringValues>
        {
            ["filters[domain]"] = "auth",
            ["filters.type"] = "LOGOUT",
            ["from"] = "2025-01-01T00:00:00Z",
        });

        HttpQueryFilters.AddTo(filters, query);

        Assert.Equal(new Dictionary<string, string> { ["domain"] = "auth", ["type"] = "LOGIN" }, filters.ToDictionary(kv => kv.Key, kv => kv.Value));
    }
}
