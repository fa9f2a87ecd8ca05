using System.Text;
using System.Xml;

namespace VrijwilligeOppas.Mapping.Contracts;

/// <summary>Text that came from outside (a parser's message, a client's value) made fit to be written into a reply.</summary>
public static class ReplyText
{
    /// <summary>Diagnostics are short; a longer text is cut here.</summary>
    public const int MaxLength = 500;

    /// <summary>
    /// Only characters XML 1.0 can carry (others become U+FFFD: a parser's message may quote the very character it
    /// refused), at most <see cref="MaxLength"/> of them, so that writing the answer can never fail on its content.
    /// </summary>
    public static string Printable(string text)
    {
        if (text.Length <= MaxLength && IsClean(text))
        {
            return text;
        }

        var safe = new StringBuilder(Math.Min(text.Length, MaxLength));
        foreach (var rune in text.EnumerateRunes())
        {
            if (safe.Length >= MaxLength)
            {
                break;
            }

            safe.Append(rune.IsBmp && !XmlConvert.IsXmlChar((char)rune.Value) ? "\uFFFD" : rune.ToString());
        }

        return safe.ToString();
    }

    private static bool IsClean(string text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            if (XmlConvert.IsXmlChar(text[i]))
            {
                continue;
            }

            if (i + 1 < text.Length && XmlConvert.IsXmlSurrogatePair(text[i + 1], text[i]))
            {
                i++;
                continue;
            }

            return false;
        }

        return true;
    }
}
