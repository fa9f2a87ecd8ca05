using VrijwilligeOppas.Mapping.Identifiers;

namespace VrijwilligeOppas.Emulator.Rules;

/// <summary>
/// The NIS parameter table: which municipality codes the central service accepts. An operator replaces the file
/// when municipalities merge (the 2025 Flemish mergers added codes), so it is data, not code.
/// </summary>
public sealed class NisTable
{
    private readonly HashSet<string> _codes;

    private NisTable(HashSet<string> codes) => _codes = codes;

    public int Count => _codes.Count;

    public bool Contains(NisCode code) => _codes.Contains(code.Value);

    /// <summary>Reads a CSV whose first column is the NIS code and whose first line is a header.</summary>
    public static NisTable Parse(TextReader csv)
    {
        var codes = new HashSet<string>(StringComparer.Ordinal);
        var lineNumber = 0;
        while (csv.ReadLine() is { } line)
        {
            lineNumber++;
            if (lineNumber == 1 || line.Length == 0)
            {
                continue;
            }

            var first = line.AsSpan(0, line.IndexOf(',') is var comma and >= 0 ? comma : line.Length).Trim().ToString();
            if (!NisCode.TryParse(first, out var code))
            {
                throw new FormatException($"NIS table line {lineNumber}: '{first}' is not a NIS code.");
            }

            codes.Add(code.Value);
        }

        return codes.Count == 0 ? throw new FormatException("The NIS table is empty.") : new NisTable(codes);
    }
}
