using System.Net.Sockets;

namespace VrijwilligeOppas.Gateway.Sandbox;

/// <summary>
/// Connects the <c>central</c> cluster's HTTP client to the in-process emulator, whose loopback port is only known
/// once it has started. The cluster keeps its configured address, so the forwarding path is the production one;
/// only the placeholder host <see cref="Host"/> is redirected, any other destination is connected as usual.
/// </summary>
internal sealed class SandboxConnector
{
    public const string Host = "central-emulator.sandbox";

    private readonly TaskCompletionSource<Uri> _address = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public void Started(Uri address) => _address.TrySetResult(address);

    public async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken cancellationToken)
    {
        var (host, port) = (context.DnsEndPoint.Host, context.DnsEndPoint.Port);
        if (string.Equals(host, Host, StringComparison.OrdinalIgnoreCase))
        {
            var address = await _address.Task.WaitAsync(cancellationToken);
            (host, port) = (address.Host, address.Port);
        }

        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(host, port, cancellationToken);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }
}
