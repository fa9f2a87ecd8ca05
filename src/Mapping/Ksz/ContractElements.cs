using System.Collections.Frozen;
using System.Xml.Schema;
using VrijwilligeOppas.Mapping.Contracts;

namespace VrijwilligeOppas.Mapping.Ksz;

/// <summary>
/// Which namespace each element name of the KSZ contract lives in, read from the compiled schemas: an element
/// <c>Ondernemingsnummer</c> without a namespace is then reported as "belongs in the vo namespace", the mistake client
/// generators and hand-written clients make most, rather than as a missing ondernemingsnummer.
/// </summary>
internal static class ContractElements
{
    private static readonly Lazy<FrozenDictionary<string, string>> Namespaces = new(Build);

    /// <summary>The namespace an element of this name belongs in, or null when the contract has none or several.</summary>
    public static string? NamespaceFor(string localName, Expectation next) => (next, localName) switch
    {
        (Expectation.OrgUnit, "OrgUnit") => Ns.Ssdn,
        (Expectation.PayloadOndernemingsnummer, "Ondernemingsnummer") or (Expectation.Erkenningsnummer, "Erkenningsnummer") => Ns.Vo,
        _ => Namespaces.Value.GetValueOrDefault(localName),
    };

    private static FrozenDictionary<string, string> Build()
    {
        var seen = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        var visited = new HashSet<XmlSchemaType>();
        foreach (XmlSchemaElement element in ContractSchemas.Ksz.GlobalElements.Values)
        {
            Visit(element, seen, visited);
        }

        return seen.Where(pair => pair.Value.Count == 1).ToFrozenDictionary(pair => pair.Key, pair => pair.Value.Single(), StringComparer.Ordinal);
    }

    private static void Visit(XmlSchemaElement element, Dictionary<string, HashSet<string>> seen, HashSet<XmlSchemaType> visited)
    {
        var name = element.QualifiedName;
        if (!seen.TryGetValue(name.Name, out var namespaces))
        {
            seen[name.Name] = namespaces = new HashSet<string>(StringComparer.Ordinal);
        }

        namespaces.Add(name.Namespace);
        if (element.ElementSchemaType is XmlSchemaComplexType type && visited.Add(type))
        {
            Visit(type.ContentTypeParticle, seen, visited);
        }
    }

    private static void Visit(XmlSchemaParticle? particle, Dictionary<string, HashSet<string>> seen, HashSet<XmlSchemaType> visited)
    {
        switch (particle)
        {
            case XmlSchemaElement element:
                Visit(element, seen, visited);
                break;
            case XmlSchemaGroupBase group:
                foreach (var item in group.Items.OfType<XmlSchemaParticle>())
                {
                    Visit(item, seen, visited);
                }

                break;
        }
    }
}
