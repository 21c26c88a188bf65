using Microsoft.Extensions.Configuration;
using Npgsql;

namespace Suite.Ingestion.Tests.Data;

/// <summary>The commit path's connection settings (IngestionServiceExtensions): defaults filled in, the operator's values kept.</summary>
public class ConnectionTuningTests
{
    private const string Key = "ConnectionStrings:ingestiondb";

    private static NpgsqlConnectionStringBuilder Tune(string connectionString)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection([new KeyValuePair<string, string?>(Key, connectionString)])
            .Build();
        IngestionServiceExtensions.TuneConnectionString(configuration);
        return new NpgsqlConnectionStringBuilder(configuration[Key]);
    }

    [Fact]
    public void Defaults_prepare_the_commit_statements_and_keep_them_across_pooled_uses()
    {
        var cs = Tune("Host=db;Username=u;Password=p");
        Assert.Equal(16, cs.MaxAutoPrepare);
        Assert.True(cs.NoResetOnClose);   // DISCARD ALL would drop the prepared statements at every reuse
        Assert.Equal(256 * 1024, cs.WriteBufferSize);
        Assert.Equal(64 * 1024, cs.ReadBufferSize);
        Assert.Equal("db", cs.Host);
    }

    [Theory]
    [InlineData("Max Auto Prepare=0", "MaxAutoPrepare", 0)]
    [InlineData("MaxAutoPrepare=4", "MaxAutoPrepare", 4)]
    [InlineData("Write Buffer Size=8192", "WriteBufferSize", 8192)]
    [InlineData("Read Buffer Size=8192", "ReadBufferSize", 8192)]
    public void A_value_the_operator_set_wins(string given, string property, int expected)
    {
        var cs = Tune("Host=db;Username=u;Password=p;" + given);
        Assert.Equal(expected, (int)typeof(NpgsqlConnectionStringBuilder).GetProperty(property)!.GetValue(cs)!);
    }

    [Fact]
    public void Reset_on_close_the_operator_asked_for_is_kept()
    {
        Assert.False(Tune("Host=db;No Reset On Close=false").NoResetOnClose);
    }
}
