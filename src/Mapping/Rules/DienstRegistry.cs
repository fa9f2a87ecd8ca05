using System.Globalization;
using VrijwilligeOppas.Mapping.Identifiers;

namespace VrijwilligeOppas.Mapping.Rules;

/// <summary>The diensten a party knows, by erkenningsnummer.</summary>
public sealed class DienstRegistry
{
    private readonly Dictionary<Erkenningsnummer, Dienst> _diensten;

    public DienstRegistry(IEnumerable<Dienst> diensten) => _diensten = diensten.ToDictionary(d => d.Erkenningsnummer);

    public int Count => _diensten.Count;

    public Dienst? Find(Erkenningsnummer erkenningsnummer) => _diensten.GetValueOrDefault(erkenningsnummer);

    /// <summary>
    /// Reads <c>erkenningsnummer,naam,ondernemingsnummer,type,erkend_van,erkend_tot</c> lines after a header;
    /// an empty <c>erkend_tot</c> means the erkenning has no end.
    /// </summary>
    public static DienstRegistry Parse(TextReader csv)
    {
        var diensten = new List<Dienst>();
        var lineNumber = 0;
        while (csv.ReadLine() is { } line)
        {
            lineNumber++;
            if (lineNumber == 1 || string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            var f = line.Split(',');
            if (f.Length != 6
                || !Erkenningsnummer.TryParse(f[0].Trim(), out var erkenningsnummer)
                || !Ondernemingsnummer.TryParse(f[2], out var initiatiefnemer)
                || !Enum.TryParse<DienstType>(f[3].Trim(), ignoreCase: true, out var type)
                || !DateOnly.TryParseExact(f[4].Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var van))
            {
                throw new FormatException($"Diensten registry line {lineNumber} is not 'erkenningsnummer,naam,ondernemingsnummer,type,erkend_van,erkend_tot'.");
            }

            DateOnly? tot = null;
            if (f[5].Trim().Length > 0)
            {
                tot = DateOnly.TryParseExact(f[5].Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var t)
                    ? t
                    : throw new FormatException($"Diensten registry line {lineNumber}: erkend_tot is not a date.");
            }

            diensten.Add(new Dienst(erkenningsnummer, f[1].Trim(), initiatiefnemer, type, van, tot));
        }

        if (diensten.Select(d => d.Erkenningsnummer).Distinct().Count() != diensten.Count)
        {
            throw new FormatException("The diensten registry names an erkenningsnummer twice.");
        }

        return new DienstRegistry(diensten);
    }
}
