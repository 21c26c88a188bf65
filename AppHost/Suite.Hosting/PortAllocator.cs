using System.Net;
using System.Net.Sockets;

namespace Suite.Hosting;

/// <summary>
/// Free TCP ports on 127.0.0.1. Ports are drawn at random below the kernel's ephemeral range (so outgoing connections
/// never hold them) and never handed out twice by this process, which keeps concurrent test fixtures apart.
/// </summary>
public static class PortAllocator
{
    public const int RangeStart = 20000;
    public const int RangeEnd = 32000;   // ip_local_port_range starts at 32768 on Linux

    private static readonly object Gate = new();
    private static readonly HashSet<int> HandedOut = [];

    /// <summary>A free port: <paramref name="preferred"/> when it is free and not yet handed out, else a random one.</summary>
    public static int Allocate(int? preferred = null)
    {
        lock (Gate)
        {
            if (preferred is > 0 and < 65536 && !HandedOut.Contains(preferred.Value) && IsFree(preferred.Value))
            {
                HandedOut.Add(preferred.Value);
                return preferred.Value;
            }
            for (var attempt = 0; attempt < 500; attempt++)
            {
                var port = Random.Shared.Next(RangeStart, RangeEnd);
                if (!HandedOut.Contains(port) && IsFree(port))
                {
                    HandedOut.Add(port);
                    return port;
                }
            }
            // Crowded range: let the kernel pick any free one.
            using var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            var any = ((IPEndPoint)listener.LocalEndpoint).Port;
            HandedOut.Add(any);
            return any;
        }
    }

    /// <summary>Hands a port back so this process may allocate it again.</summary>
    public static void Release(int port)
    {
        lock (Gate)
        {
            HandedOut.Remove(port);
        }
    }

    public static bool IsFree(int port)
    {
        try
        {
            using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            socket.Bind(new IPEndPoint(IPAddress.Loopback, port));
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    /// <summary>True when something accepts connections on 127.0.0.1:port.</summary>
    public static bool IsListening(int port)
    {
        try
        {
            using var client = new TcpClient();
            client.Connect(IPAddress.Loopback, port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
