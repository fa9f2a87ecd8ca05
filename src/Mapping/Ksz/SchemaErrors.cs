using System.Globalization;
using System.Text.RegularExpressions;
using System.Xml;
using System.Xml.Schema;
using VrijwilligeOppas.Mapping.Contracts;
using VrijwilligeOppas.Mapping.Diagnostics;
using VrijwilligeOppas.Xml;

namespace VrijwilligeOppas.Mapping.Ksz;

/// <summary>
/// Turns the first schema error of a KSZ message into the refusal an OCMW can act on: the most specific
/// <see cref="ReasonCode"/> for the element concerned (a business code only where the schema rule is that business
/// rule, such as a missing ondernemingsnummer), else <c>BERICHT_ONGELDIG</c>; always the line and column, the element,
/// and for an element in the wrong namespace the namespace it belongs in. A diagnostic never quotes the value
/// (it may be an INSZ) and never a character XML cannot carry.
/// </summary>
internal static partial class SchemaErrors
{
    public static ContractViolation Classify(ValidationEventArgs e, XmlReader? reader, Expectation next, bool inAuthorizedUser)
    {
        var (line, column) = (e.Exception.LineNumber, e.Exception.LinePosition);
        var what = Redacted(e.Message);
        if (reader is null || reader.NodeType is not (XmlNodeType.Element or XmlNodeType.EndElement))
        {
            return Violation(ReasonCode.BerichtOngeldig, what, line, column);
        }

        var declared = reader.SchemaInfo?.SchemaElement?.QualifiedName;
        var element = new XmlQualifiedName(reader.LocalName, reader.NamespaceURI);
        if (declared == element)
        {
            // The element is where it belongs; its own value or content is wrong.
            var empty = reader.NodeType == XmlNodeType.Element && reader.IsEmptyElement;
            var code = ValueCode(element, empty) ?? (inAuthorizedUser ? ReasonCode.AanvragerOngeldig : ReasonCode.BerichtOngeldig);
            return Violation(code, what, line, column, element);
        }

        if (reader.NodeType == XmlNodeType.Element && ContractElements.NamespaceFor(element.Name, next) is { } expected && expected != element.Namespace)
        {
            return Violation(ReasonCode.BerichtOngeldig, what, line, column, element, expected);
        }

        // An element where another was due, or a parent that ended before a required child: what was due decides.
        var misplaced = reader.NodeType == XmlNodeType.Element ? element : null;
        var missing = next switch
        {
            Expectation.OrgUnit or Expectation.PayloadOndernemingsnummer => ReasonCode.OndernemingsnummerOntbreekt,
            Expectation.Erkenningsnummer => ReasonCode.ErkenningsnummerOngeldig,
            Expectation.Payload when misplaced?.Namespace == Ns.Vo => ReasonCode.ServiceIdPayloadVerschil,
            Expectation.EndOfRequest when misplaced == ServiceRequest => ReasonCode.ServiceRequestMeerdere,
            _ when inAuthorizedUser => ReasonCode.AanvragerOngeldig,
            _ => ReasonCode.BerichtOngeldig,
        };
        return Violation(missing, what, line, column, misplaced);
    }

    /// <summary>Where the reader stands, for a violation found after the element has been read.</summary>
    public static (XmlQualifiedName Element, int Line, int Column) Position(XmlReader reader)
    {
        var info = reader as IXmlLineInfo;
        return (new XmlQualifiedName(reader.LocalName, reader.NamespaceURI), info?.LineNumber ?? 0, info?.LinePosition ?? 0);
    }

    public static ContractViolation TrailingLineFeed(string name, string ns, (XmlQualifiedName Element, int Line, int Column) at)
    {
        var element = new XmlQualifiedName(name, ns);
        return Violation(ValueCode(element, empty: false) ?? ReasonCode.BerichtOngeldig, $"The value of {name} ends with a line feed, which its pattern does not allow.", at.Line, at.Column, element);
    }

    public static ContractViolation Violation(ReasonCode code, string what, XmlReader reader)
    {
        var info = reader as IXmlLineInfo;
        return Violation(code, what, info?.LineNumber ?? 0, info?.LinePosition ?? 0);
    }

    public static ContractViolation TooDeep(XmlReader reader) =>
        Violation(ReasonCode.BerichtTeDiep, $"The message is nested deeper than {SafeXml.MaxDepth} levels.", reader);

    public static Detail NotWellFormed(XmlException ex) =>
        Violation(ReasonCode.BerichtOngeldig, "Not well-formed XML: " + Redacted(ex.Message), ex.LineNumber, ex.LinePosition).Detail;

    private static readonly XmlQualifiedName ServiceRequest = new("ServiceRequest", Ns.Ssdn);

    /// <summary>The reason when this element's own value breaks its type; null where no code is more exact than the default.</summary>
    private static ReasonCode? ValueCode(XmlQualifiedName element, bool empty) => (element.Namespace, element.Name) switch
    {
        (Ns.Ssdn, "OrgUnit") or (Ns.Vo, "Ondernemingsnummer") => empty ? ReasonCode.OndernemingsnummerOntbreekt : ReasonCode.OndernemingsnummerOngeldig,
        (Ns.Vo, "SendPrestatiesRequest" or "DeletePrestatiesRequest" or "ConsultPrestatiesRequest") when empty => ReasonCode.OndernemingsnummerOntbreekt,
        (Ns.Vo, "Erkenningsnummer") => ReasonCode.ErkenningsnummerOngeldig,
        (Ns.Ssdn, "ServiceId") => ReasonCode.ServiceIdOnbekend,
        (Ns.Ssdn, "Version") => ReasonCode.VersieOnbekend,
        (Ns.Ssdn, "Reference") => ReasonCode.ReferentieTeLang,
        (Ns.Ssdn, "Language") => ReasonCode.TaalOnbekend,
        (Ns.Vo, "Begintijd" or "Eindtijd") => ReasonCode.TijdOngeldig,
        _ => null,
    };

    private static ContractViolation Violation(ReasonCode code, string what, int line, int column, XmlQualifiedName? element = null, string? expectedNamespace = null)
    {
        var information = new List<Information>(5)
        {
            new("Locatie", string.Create(CultureInfo.InvariantCulture, $"regel {line}, kolom {column}")),
        };
        if (element is not null)
        {
            information.Add(new Information("Element", element.Name));
            information.Add(new Information("Namespace", element.Namespace));
        }

        if (expectedNamespace is not null)
        {
            information.Add(new Information("VerwachteNamespace", expectedNamespace));
        }

        information.Add(new Information("Fout", ReplyText.Printable(what)));
        return new ContractViolation(Detail.Gateway(code, [.. information]));
    }

    /// <summary>System.Xml quotes the offending value in its messages; the value may be an INSZ, so it is left out.</summary>
    private static string Redacted(string message) => QuotedValue().Replace(message, "$1");

    [GeneratedRegex(@"(The (?:value|string)) '.*?'(?= is (?:invalid|not))", RegexOptions.Singleline | RegexOptions.CultureInvariant)]
    private static partial Regex QuotedValue();
}
