using System.Xml;
using System.Xml.Schema;
using VrijwilligeOppas.Mapping.Ksz;
using VrijwilligeOppas.Xml;

namespace VrijwilligeOppas.Mapping.Central;

/// <summary>
/// Holds every value of an eHealth message to its pattern where System.Xml's validator is lenient: it anchors pattern
/// facets with <c>$</c>, which also matches before a final line feed, so <c>PRESTATIE_DUBBEL&#10;</c> would pass
/// <c>[A-Z][A-Z0-9\-]{1,59}</c>. Every conforming XSD validator refuses such a value, attribute or element, and so does
/// this reader, whatever part of the message its caller goes on to read. The KSZ side does the same in
/// <c>SsdnRequestReader.Text</c>, with the position its Dutch diagnostics need.
/// </summary>
internal sealed class PatternLineFeedGuard(XmlReader inner) : DelegatingXmlReader(inner)
{
    // For each open element: whether its type keeps whitespace under a pattern, so a final line feed breaks it.
    private readonly Stack<bool> _guarded = new();
    private bool _endsWithLineFeed;

    public override bool Read()
    {
        if (!Inner.Read())
        {
            return false;
        }

        switch (Inner.NodeType)
        {
            case XmlNodeType.Element:
                CheckAttributes();
                if (!Inner.IsEmptyElement)
                {
                    _guarded.Push(PatternTypes.KeepsWhitespace(Inner.SchemaInfo?.SchemaType as XmlSchemaSimpleType));
                }

                _endsWithLineFeed = false;
                break;
            case XmlNodeType.Text or XmlNodeType.CDATA or XmlNodeType.SignificantWhitespace or XmlNodeType.Whitespace:
                _endsWithLineFeed = Inner.Value.EndsWith('\n');
                break;
            case XmlNodeType.EndElement:
                if (_guarded.Pop() && _endsWithLineFeed)
                {
                    throw Refused($"The value of {Inner.Name}");
                }

                _endsWithLineFeed = false;
                break;
        }

        return true;
    }

    private void CheckAttributes()
    {
        for (var more = Inner.MoveToFirstAttribute(); more; more = Inner.MoveToNextAttribute())
        {
            if (Inner.Value.EndsWith('\n') && PatternTypes.KeepsWhitespace(Inner.SchemaInfo?.SchemaType as XmlSchemaSimpleType))
            {
                var name = Inner.Name;
                Inner.MoveToElement();
                throw Refused($"Attribute {name} of {Inner.Name}");
            }
        }

        Inner.MoveToElement();
    }

    private MalformedMessageException Refused(string what) =>
        new($"Schema violation at line {LineNumber}: {what} ends with a line feed, which its pattern does not allow.");
}
