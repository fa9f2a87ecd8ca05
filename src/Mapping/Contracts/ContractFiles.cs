using System.Reflection;

namespace VrijwilligeOppas.Mapping.Contracts;

/// <summary>
/// The XSD and WSDL files of <c>xsd/</c>, compiled into this assembly. Both the validators and the gateway's
/// <c>?wsdl</c> endpoint read these bytes, so what is served is exactly what is enforced.
/// </summary>
public static class ContractFiles
{
    private const string Prefix = "contract/";

    private static readonly Assembly Assembly = typeof(ContractFiles).Assembly;

    /// <summary>Relative paths such as <c>ksz/SSDNService.xsd</c>.</summary>
    public static IReadOnlyList<string> All { get; } =
        [.. Assembly.GetManifestResourceNames().Where(n => n.StartsWith(Prefix, StringComparison.Ordinal)).Select(n => n[Prefix.Length..]).Order(StringComparer.Ordinal)];

    public static Stream? Open(string relativePath) =>
        All.Contains(relativePath) ? Assembly.GetManifestResourceStream(Prefix + relativePath) : null;

    public static byte[] Read(string relativePath)
    {
        using var stream = Open(relativePath) ?? throw new FileNotFoundException("No such contract file.", relativePath);
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }
}
