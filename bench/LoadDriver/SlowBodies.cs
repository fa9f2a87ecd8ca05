using System.Net.Sockets;
using System.Text;

namespace VrijwilligeOppas.LoadDriver;

/// <summary>
/// Clients on a bad line: each announces a whole message, then trickles its body a few bytes at a time, and starts
/// again on a new connection when the gateway gives up on it. Raw sockets, because an HTTP client would buffer.
/// </summary>
internal sealed class SlowBodies(Uri target, byte[] message, int bytesPerSecond)
{
    private int _answered;
    private int _dropped;

    /// <summary>Messages the gateway answered (it refused the drip, or the body made it) and connections it dropped.</summary>
    public (int Answered, int Dropped) Outcomes => (Volatile.Read(ref _answered), Volatile.Read(ref _dropped));

    public Task RunAsync(int clients, CancellationToken stop) => Task.WhenAll(Enumerable.Range(0, clients).Select(_ => LoopAsync(stop)));

    private async Task LoopAsync(CancellationToken stop)
    {
        var head = Encoding.ASCII.GetBytes(Driver.Format(
            $"POST {target.PathAndQuery} HTTP/1.1\r\nHost: {target.Authority}\r\nContent-Type: text/xml; charset=utf-8\r\nContent-Length: {message.Length}\r\n\r\n"));
        while (!stop.IsCancellationRequested)
        {
            try
            {
                using var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
                await socket.ConnectAsync(target.Host, target.Port, stop);
                await socket.SendAsync(head, SocketFlags.None, stop);
                var reading = ReadAnswerAsync(socket, stop);
                for (var sent = 0; sent < message.Length && !reading.IsCompleted; sent += bytesPerSecond)
                {
                    await socket.SendAsync(message.AsMemory(sent, Math.Min(bytesPerSecond, message.Length - sent)), SocketFlags.None, stop);
                    await Task.WhenAny(reading, Task.Delay(TimeSpan.FromSeconds(1), stop));
                }

                if (await reading)
                {
                    Interlocked.Increment(ref _answered);
                }
                else
                {
                    Interlocked.Increment(ref _dropped);
                }
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                return;
            }
            catch (SocketException)
            {
                Interlocked.Increment(ref _dropped);
            }
        }
    }

    /// <summary>True when an HTTP answer arrived before the connection closed.</summary>
    private static async Task<bool> ReadAnswerAsync(Socket socket, CancellationToken stop)
    {
        var buffer = new byte[4096];
        var first = true;
        var answered = false;
        try
        {
            int read;
            while ((read = await socket.ReceiveAsync(buffer, SocketFlags.None, stop)) > 0)
            {
                answered |= first && buffer.AsSpan(0, read).StartsWith("HTTP/1.1 "u8);
                first = false;
            }
        }
        catch (SocketException)
        {
        }

        return answered;
    }
}
