using System.Buffers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Unicode;

namespace VrijwilligeOppas.Security;

/// <summary>
/// Where canonical bytes go: a stream (which may be <see cref="Stream.Null"/>) and, optionally, a SHA-256 digest
/// fed with exactly the same bytes, so a signed part is digested while it is written and never held twice.
/// </summary>
internal sealed class CanonicalSink : IDisposable
{
    private static readonly SearchValues<char> TextSpecials = SearchValues.Create("&<>\r");
    private static readonly SearchValues<char> AttributeSpecials = SearchValues.Create("&<\"\t\n\r");

    private readonly Stream _output;
    private readonly IncrementalHash? _digest;
    private byte[] _buffer = ArrayPool<byte>.Shared.Rent(16 * 1024);
    private int _used;

    public CanonicalSink(Stream output, bool digest)
    {
        _output = output;
        _digest = digest ? IncrementalHash.CreateHash(HashAlgorithmName.SHA256) : null;
    }

    public void Write(string text) => Write(text.AsSpan());

    public void Write(ReadOnlySpan<char> text)
    {
        while (!text.IsEmpty)
        {
            var status = Utf8.FromUtf16(text, _buffer.AsSpan(_used), out var read, out var written, replaceInvalidSequences: false);
            _used += written;
            text = text[read..];
            if (status == OperationStatus.DestinationTooSmall)
            {
                Flush();
            }
            else if (status != OperationStatus.Done)
            {
                throw new CryptographicException("Text to canonicalise is not valid UTF-16.");
            }
        }
    }

    public void WriteAscii(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length > _buffer.Length - _used)
        {
            Flush();
        }

        if (bytes.Length > _buffer.Length)
        {
            Emit(bytes);
            return;
        }

        bytes.CopyTo(_buffer.AsSpan(_used));
        _used += bytes.Length;
    }

    /// <summary>Character content, escaped as C14N renders text nodes.</summary>
    public void WriteText(ReadOnlySpan<char> text) => WriteEscaped(text, TextSpecials);

    /// <summary>An attribute value, escaped as C14N renders attribute nodes.</summary>
    public void WriteAttributeValue(ReadOnlySpan<char> value) => WriteEscaped(value, AttributeSpecials);

    /// <summary>Writes out what is buffered and returns the digest of everything written.</summary>
    public byte[] Finish()
    {
        Flush();
        return _digest?.GetHashAndReset() ?? [];
    }

    public void Flush()
    {
        Emit(_buffer.AsSpan(0, _used));
        _used = 0;
    }

    public void Dispose()
    {
        _digest?.Dispose();
        if (_buffer.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = [];
        }
    }

    private void Emit(ReadOnlySpan<byte> bytes)
    {
        _digest?.AppendData(bytes);
        _output.Write(bytes);
    }

    private void WriteEscaped(ReadOnlySpan<char> text, SearchValues<char> specials)
    {
        while (!text.IsEmpty)
        {
            var next = text.IndexOfAny(specials);
            if (next < 0)
            {
                Write(text);
                return;
            }

            Write(text[..next]);
            WriteAscii(text[next] switch
            {
                '&' => "&amp;"u8,
                '<' => "&lt;"u8,
                '>' => "&gt;"u8,
                '"' => "&quot;"u8,
                '\t' => "&#x9;"u8,
                '\n' => "&#xA;"u8,
                _ => "&#xD;"u8,
            });
            text = text[(next + 1)..];
        }
    }
}

/// <summary>UTF-8 without a byte-order mark, for the few fixed parts written as strings.</summary>
internal static class Utf8Text
{
    public static readonly UTF8Encoding Encoding = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);
}
