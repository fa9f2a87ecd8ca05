using System.Xml;
using System.Xml.Linq;
using System.Xml.Schema;
using VrijwilligeOppas.Mapping.Contracts;

namespace VrijwilligeOppas.Tests.Shared;

/// <summary>Validates whole messages against the contract schemas, including the SSDN text inside a connector envelope.</summary>
internal static class SchemaValidation
{
    public static IReadOnlyList<string> KszErrors(string xml) => Errors(xml, ContractSchemas.Ksz, followConnector: true);

    public static IReadOnlyList<string> EHealthErrors(string xml) => Errors(xml, ContractSchemas.EHealth, followConnector: false);

    public static IReadOnlyList<string> TestConnectionErrors(string xml) => Errors(xml, ContractSchemas.TestConnection, followConnector: false);

    private static List<string> Errors(string xml, XmlSchemaSet schemas, bool followConnector)
    {
        var errors = new List<string>();
        var settings = new XmlReaderSettings { ValidationType = ValidationType.Schema, Schemas = schemas, DtdProcessing = DtdProcessing.Prohibit };
        settings.ValidationEventHandler += (_, e) => errors.Add($"{e.Severity} line {e.Exception.LineNumber}: {e.Message}");
        using (var reader = XmlReader.Create(new StringReader(xml), settings))
        {
            while (reader.Read())
            {
            }
        }

        if (followConnector)
        {
            var inner = XDocument.Parse(xml).Descendants(XName.Get("xmlString", Ns.Bcss)).SingleOrDefault();
            if (inner is not null)
            {
                errors.AddRange(Errors(inner.Value, schemas, followConnector: false));
            }
        }

        return errors;
    }
}
