using System.Net;
using System.Net.Sockets;
using Xunit;

namespace Suite.Hosting.Tests.Unit;

public sealed class PortAllocatorTests
{
    [Fact]
    public void Allocated_ports_are_free_distinct_and_below_the_ephemeral_range()
    {
        var ports = Enumerable.Range(0, 50).Select(_ => PortAllocator.Allocate()).ToList();

        Assert.Equal(ports.Count, ports.Distinct().Count());
        Assert.All(ports, p => Assert.InRange(p, PortAllocator.RangeStart, PortAllocator.RangeEnd - 1));
        Assert.All(ports, p => Assert.True(PortAllocator.IsFree(p)));
        ports.ForEach(PortAllocator.Release);
    }

    [Fact]
    public void Preferred_port_is_used_when_free()
    {
        var free = PortAllocator.Allocate();
        PortAllocator.Release(free);

        Assert.Equal(free, PortAllocator.Allocate(free));
        PortAllocator.Release(free);
    }

    [Fact]
    public void Preferred_port_that_is_taken_gives_another_port()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var taken = ((IPEndPoint)listener.LocalEndpoint).Port;

        var port = PortAllocator.Allocate(taken);

        Assert.NotEqual(taken, port);
        Assert.False(PortAllocator.IsFree(taken));
        Assert.True(PortAllocator.IsListening(taken));
        PortAllocator.Release(port);
    }

    [Fact]
    public void A_port_is_not_handed_out_twice_even_when_preferred_again()
    {
        var first = PortAllocator.Allocate();

        var second = PortAllocator.Allocate(first);

        Assert.NotEqual(first, second);
        PortAllocator.Release(first);
        PortAllocator.Release(second);
    }
}
