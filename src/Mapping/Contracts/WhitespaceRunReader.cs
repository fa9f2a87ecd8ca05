using System.Xml;
using System.Xml.Schema;
using VrijwilligeOppas.Xml;

namespace VrijwilligeOppas.Mapping.Contracts;

/// <summary>
/// Skips whitespace between elements however long it is. System.Xml reports a whitespace run longer than its buffer
/// (a few thousand characters) as a Text node rather than as whitespace, and <see cref="XmlReader.ReadStartElement()"/>
/// then fails on valid XML ("'Text' is an invalid XmlNodeType"). Whitespace inside an element of simple or mixed
/// content is a value and is kept.
/// </summary>
public sealed class WhitespaceRunReader(XmlReader inner) : DelegatingXmlReader(inner)
{
    // Whether each open element holds a value (simple or mixed content) rather than only elements.
    private readonly Stack<bool> _holdsValue = new();

    public override bool Read()
    {
        while (Inner.Read())
        {
            switch (Inner.NodeType)
            {
                case XmlNodeType.Element when !Inner.IsEmptyElement:
                    _holdsValue.Push(Inner.SchemaInfo?.SchemaType is XmlSchemaSimpleType or XmlSchemaComplexType { ContentType: XmlSchemaContentType.TextOnly or XmlSchemaContentType.Mixed });
                    return true;
                case XmlNodeType.EndElement:
                    _holdsValue.TryPop(out _);
                    return true;
                case XmlNodeType.Text when !_holdsValue.TryPeek(out var value) || !value:
                    if (!IsWhitespace(Inner.Value))
                    {
                        return true;
                    }

                    break;
                default:
                    return true;
            }
        }

        return false;
    }

    private static bool IsWhitespace(string text) => text.AsSpan().IndexOfAnyExcept(" \t\r\n") < 0;
}
