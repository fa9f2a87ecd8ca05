using System.Globalization;
using System.Xml;

namespace VrijwilligeOppas.Security;

/// <summary>The <c>wsu:Timestamp</c> instants: UTC, millisecond precision.</summary>
internal static class WsTimestamp
{
    public static string Format(DateTimeOffset instant) =>
        instant.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    public static DateTimeOffset? Parse(string? text)
    {
        try
        {
            return text is null ? null : XmlConvert.ToDateTimeOffset(text.Trim());
        }
        catch (FormatException)
        {
            return null;
        }
    }
}
