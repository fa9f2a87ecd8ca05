using System.Xml;

namespace VrijwilligeOppas.Xml;

/// <summary>
/// Passes a body through unchanged, but refuses a byte above 0x7F inside a leading XML declaration (after an optional
/// UTF-8 byte-order mark) before System.Xml sees it. Everything in an XML 1.0 declaration is ASCII (its names, quotes,
/// version digits, encoding name, yes/no), and System.Xml mishandles such bytes: it decodes the declaration before
/// any encoding applies, and a long run of them followed by an encoding to switch to makes
/// <c>XmlTextReaderImpl.SwitchEncoding</c> copy a negative count (ArgumentOutOfRangeException, found by fuzz/Inbound).
/// The refusal is an <see cref="XmlException"/>, so each reader answers it as the not-well-formed document it is.
/// </summary>
internal sealed class DeclarationGuardStream(Stream inner) : Stream
{
    /// <summary>How a declaration opens: <c>&lt;?xml</c>, alone or after a UTF-8 byte-order mark.</summary>
    private static readonly byte[][] Openings = ["<?xml"u8.ToArray(), [0xEF, 0xBB, 0xBF, .. "<?xml"u8]];

    private readonly List<byte> _prefix = new(8);
    private State _state = State.Prefix;
    private long _position;
    private byte _previous;

    private enum State
    {
        Prefix,
        Declaration,
        Done,
    }

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        var read = inner.Read(buffer);
        Inspect(buffer[..read]);
        return read;
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var read = await inner.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
        Inspect(buffer.Span[..read]);
        return read;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    private void Inspect(ReadOnlySpan<byte> bytes)
    {
        for (var i = 0; i < bytes.Length && _state != State.Done; i++, _position++)
        {
            var b = bytes[i];
            if (_state == State.Prefix)
            {
                _prefix.Add(b);
                _state = Classify(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(_prefix));
            }
            else if (b > 0x7F)
            {
                throw new XmlException("The XML declaration holds a byte that is not ASCII.", null, 1, (int)Math.Min(_position + 1, int.MaxValue));
            }
            else if (_previous == (byte)'?' && b == (byte)'>')
            {
                _state = State.Done;
            }

            _previous = b;
        }
    }

    private static State Classify(ReadOnlySpan<byte> prefix)
    {
        var state = State.Done;
        foreach (var opening in Openings)
        {
            if (opening.AsSpan().SequenceEqual(prefix))
            {
                return State.Declaration;
            }

            if (opening.AsSpan().StartsWith(prefix))
            {
                state = State.Prefix;
            }
        }

        return state;
    }

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
