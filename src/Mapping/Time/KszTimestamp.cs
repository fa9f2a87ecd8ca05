using System.Globalization;

namespace VrijwilligeOppas.Mapping.Time;

/// <summary>The SSDN timestamp form <c>yyyyMMdd'T'HHmmss</c>, in Belgian local time.</summary>
public static class KszTimestamp
{
    public static string Format(DateTimeOffset instant) =>
        BrusselsTime.ToBrussels(instant).ToString("yyyyMMdd'T'HHmmss", CultureInfo.InvariantCulture);
}
