using System.Collections.Concurrent;
using System.Xml.Schema;

namespace VrijwilligeOppas.Mapping.Ksz;

/// <summary>
/// Which simple types constrain a value with a pattern while keeping its whitespace as written: for those, a value
/// ending in a line feed must be refused although System.Xml's validator lets it through (see <c>SsdnRequestReader.Text</c>).
/// </summary>
internal static class PatternTypes
{
    private static readonly ConcurrentDictionary<XmlSchemaSimpleType, bool> Cache = new();

    public static bool KeepsWhitespace(XmlSchemaSimpleType? type) => type is not null && Cache.GetOrAdd(type, Compute);

    private static bool Compute(XmlSchemaSimpleType type)
    {
        var hasPattern = false;
        for (XmlSchemaType? current = type; current is XmlSchemaSimpleType simple; current = current.BaseXmlSchemaType)
        {
            if (simple.Content is not XmlSchemaSimpleTypeRestriction restriction)
            {
                continue;
            }

            foreach (var facet in restriction.Facets)
            {
                switch (facet)
                {
                    case XmlSchemaWhiteSpaceFacet { Value: "collapse" or "replace" }:
                        return false;
                    case XmlSchemaPatternFacet:
                        hasPattern = true;
                        break;
                }
            }
        }

        return hasPattern && type.Datatype?.TypeCode is XmlTypeCode.String;
    }
}
