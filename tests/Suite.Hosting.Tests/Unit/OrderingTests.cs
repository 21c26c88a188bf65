using Xunit;

namespace Suite.Hosting.Tests.Unit;

public sealed class OrderingTests : IDisposable
{
    private readonly TempState _state = new();

    public void Dispose() => _state.Dispose();

    [Fact]
    public void Dependencies_come_before_dependants()
    {
        var builder = DistributedApplication.CreateBuilder(_state.Options());
        var metrics = builder.AddProject("metrics", "services/metrics/Suite.Metrics");
        var pg = builder.AddPostgres("postgres");
        var db = pg.AddDatabase("metricsdb");
        var mq = builder.AddRabbitMQ("rabbitmq");
        metrics.WithReference(db).WithReference(mq).WaitFor(db).WaitFor(mq);
        var alerting = builder.AddProject("alerting", "services/alerting/Suite.Alerting").WithReference(metrics).WaitFor(metrics);

        var levels = DistributedApplication.Levels(builder.Resources);
        var order = levels.SelectMany(l => l).Select(r => r.Name).ToList();

        Assert.Equal(["postgres", "rabbitmq"], levels[0].Select(r => r.Name));   // independent: start together
        Assert.True(order.IndexOf("postgres") < order.IndexOf("metricsdb"));
        Assert.True(order.IndexOf("metricsdb") < order.IndexOf("metrics"));
        Assert.True(order.IndexOf("rabbitmq") < order.IndexOf("metrics"));
        Assert.True(order.IndexOf("metrics") < order.IndexOf("alerting"));
        Assert.Equal(["metricsdb", "rabbitmq"], metrics.Resource.StartDependencies.Select(r => r.Name).Order());
        Assert.Equal(["postgres"], db.Resource.StartDependencies.Select(r => r.Name));
        Assert.Equal(["metrics"], alerting.Resource.StartDependencies.Select(r => r.Name));
    }

    [Fact]
    public void A_reference_without_WaitFor_orders_the_stop_but_does_not_block_the_start()
    {
        var builder = DistributedApplication.CreateBuilder(_state.Options());
        var mq = builder.AddRabbitMQ("rabbitmq");
        var project = builder.AddProject("ingestion", "services/ingestion/Suite.Ingestion").WithReference(mq);

        var levels = DistributedApplication.Levels(builder.Resources);

        Assert.Empty(project.Resource.StartDependencies);
        Assert.Equal(["rabbitmq"], levels[0].Select(r => r.Name));
        Assert.Equal(["ingestion"], levels[1].Select(r => r.Name));
    }

    [Fact]
    public void A_cycle_is_rejected_when_building()
    {
        var builder = DistributedApplication.CreateBuilder(_state.Options());
        var a = builder.AddProject("a", "x/A");
        var b = builder.AddProject("b", "x/B").WaitFor(a);
        a.WaitFor(b);

        var ex = Assert.Throws<InvalidOperationException>(() => builder.Build());
        Assert.Contains("cycle", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("Ingestion")]
    [InlineData("1db")]
    [InlineData("with space")]
    public void Invalid_resource_names_are_rejected(string name) =>
        Assert.Throws<ArgumentException>(() => new ProjectResource(name, "x/Y"));

    [Fact]
    public void Duplicate_names_are_rejected()
    {
        var builder = DistributedApplication.CreateBuilder(_state.Options());
        builder.AddPostgres("postgres");

        Assert.Throws<InvalidOperationException>(() => builder.AddRabbitMQ("postgres"));
    }
}
