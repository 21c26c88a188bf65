namespace Suite.Bench.Tests;

/// <summary>The /proc "Name: value" files the benches read (memory, threads, huge pages).</summary>
public class ProcFieldsTests
{
    [Fact]
    public void Numbers_are_read_by_name_and_text_fields_are_left_out()
    {
        var fields = ProcFields.Parse("Name:\tSuite.Ingestion\nState:\tS (sleeping)\nVmHWM:\t  357000 kB\nVmRSS:\t  334120 kB\nThreads:\t23\n");

        Assert.Equal((334120L, 357000L, 23L), (fields["VmRSS"], fields["VmHWM"], fields["Threads"]));
        Assert.False(fields.ContainsKey("Name"));
        Assert.False(fields.ContainsKey("State"));
    }

    [Fact]
    public void A_file_that_is_gone_reads_as_no_fields() =>
        Assert.Empty(ProcFields.Read($"/proc/{int.MaxValue}/status"));
}
