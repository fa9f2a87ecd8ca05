using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;

namespace VrijwilligeOppas.Gateway.Tests;

/// <summary>
/// A TCP relay in front of a central service, for the faults that happen below HTTP: it can stop listening
/// (connection refused), or answer a TLS client with bytes that are not TLS (handshake failure). With a certificate
/// it terminates TLS itself and relays plain HTTP, so the same destination recovers when the fault is lifted.
/// </summary>
internal sealed class FaultProxy : IAsyncDisposable
{
    private readonly Uri _target;
    private readonly X509Certificate2? _certificate;
    private readonly CancellationTokenSource _stop = new();
    private TcpListener? _listener;

    public FaultProxy(Uri target, X509Certificate2? certificate = null)
    {
        _target = target;
        _certificate = certificate;
        var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        Port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        Listen();
    }

    public int Port { get; }

    public Uri Address => new($"{(_certificate is null ? "http" : "https")}://127.0.0.1:{Port}/");

    /// <summary>While true, every connection is answered with bytes that are no TLS handshake.</summary>
    public bool BreakTls { get; set; }

    /// <summary>Stops listening: connections to the port are refused until <see cref="Listen"/>.</summary>
    public void Refuse()
    {
        _listener?.Stop();
        _listener = null;
    }

    public void Listen()
    {
        var listener = new TcpListener(IPAddress.Loopback, Port);
        listener.Server.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
        listener.Start();
        _listener = listener;
        _ = Task.Run(() => AcceptAsync(listener));
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        Refuse();
        _stop.Dispose();
    }

    private async Task AcceptAsync(TcpListener listener)
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await listener.AcceptTcpClientAsync(_stop.Token);
            }
            catch (Exception ex) when (ex is SocketException or ObjectDisposedException or OperationCanceledException)
            {
                return;
            }

            _ = Task.Run(() => RelayAsync(client));
        }
    }

    private async Task RelayAsync(TcpClient client)
    {
        using (client)
        {
            try
            {
                Stream inbound = client.GetStream();
                if (_certificate is not null && BreakTls)
                {
                    await inbound.WriteAsync("HTTP/1.1 400 Bad Request\r\n\r\nthis is not TLS"u8.ToArray(), _stop.Token);
                    return;
                }

                if (_certificate is not null)
                {
                    var tls = new SslStream(inbound);
                    await tls.AuthenticateAsServerAsync(_certificate);
                    inbound = tls;
                }

                using var upstream = new TcpClient();
                await upstream.ConnectAsync(_target.Host, _target.Port, _stop.Token);
                var outbound = upstream.GetStream();
                await Task.WhenAny(inbound.CopyToAsync(outbound, _stop.Token), outbound.CopyToAsync(inbound, _stop.Token));
            }
            catch (Exception ex) when (ex is IOException or SocketException or OperationCanceledException or System.Security.Authentication.AuthenticationException)
            {
                // The relay ends with either side.
            }
        }
    }
}
