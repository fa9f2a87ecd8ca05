using System.Globalization;
using System.Text;
using VrijwilligeOppas.Mapping.Identifiers;
using VrijwilligeOppas.Tests.Shared;

namespace VrijwilligeOppas.LoadDriver;

/// <summary>KSZ sends of N valid prestaties: yesterday afternoon, so they are admissible on any day the driver runs.</summary>
internal static class BulkMessages
{
    /// <summary>14:00 to 17:30.</summary>
    public const int Minutes = 210;

    public static PrestatieId Id(int index) => PrestatieId.Parse(string.Create(CultureInfo.InvariantCulture, $"B-{index:D5}"));

    /// <summary>A send by <paramref name="ondernemingsnummer"/> (default OCMW Gent) for its dienst <paramref name="erkenningsnummer"/>.</summary>
    public static byte[] Send(int prestaties, TimeProvider clock, string ondernemingsnummer = KszMessages.Ocmw, string erkenningsnummer = "123")
    {
        var yesterday = DateOnly.FromDateTime(clock.GetLocalNow().DateTime).AddDays(-1).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var items = Enumerable.Range(0, prestaties).Select(i => new KszMessages.P(Id(i).Value, Datum: yesterday, Begin: "14:00:00", Eind: "17:30:00"));
        return Encoding.UTF8.GetBytes(KszMessages.Send(items, ondernemingsnummer, erkenningsnummer, orgUnit: ondernemingsnummer));
    }
}
