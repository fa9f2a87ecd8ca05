using System.Net.Http.Headers;
using System.Text;
using System.Xml;
using CsCheck;
using VrijwilligeOppas.Mapping.Contracts;

namespace VrijwilligeOppas.Gateway.Tests.Hostile;

/// <summary>
/// Thousands of hostile and careless variations of valid messages (<see cref="MessageMutations"/>, a fixed seed)
/// through the real HTTP pipeline in sandbox mode, held to the contract's invariants: never an internal error; an
/// answer that is well-formed and valid against the project's and KSZ's reply schemas; input that is not
/// well-formed is refused as a whole; the answer in the body form of the request; and — checked differentially with
/// validators the project did not write, the JDK's and libxml2's — a message that a conforming validator finds
/// invalid against the published XSD is never accepted, and one both find valid is never refused as schema-invalid.
/// </summary>
public sealed class InboundPropertyTests : IDisposable
{
    private const string Seed = "aR89W2x0aue1";
    private const int Cases = 2500;

    private static readonly string[] Insz = [KszMessages.StaffInsz, KszMessages.GebruikerInsz, KszMessages.VrijwilligerInsz, "48010145645"];

    private readonly string _folder = Directory.CreateTempSubdirectory("vo-property-").FullName;

    [ReferenceValidatorsFact]
    public async Task MutatedMessages_KeepTheContractsInvariants()
    {
        byte[][] messages = [];
        MessageMutations.Messages.Array[Cases].Sample(generated => messages = generated, iter: 1, threads: 1, seed: Seed);
        using var gateway = new GatewayFactory();
        using var client = gateway.CreateClient();

        var cases = new List<Case>(messages.Length);
        foreach (var (message, i) in messages.Select((m, i) => (m, i)))
        {
            using var content = new ByteArrayContent(message);
            content.Headers.ContentType = MediaTypeHeaderValue.Parse("text/xml; charset=utf-8");
            using var response = await client.PostAsync(new Uri("/ksz/VrijwilligeOppas", UriKind.Relative), content);
            var file = Path.Combine(_folder, $"case-{i:D5}.xml");
            await File.WriteAllBytesAsync(file, message);
            cases.Add(new Case(file, message, (int)response.StatusCode, new KszAnswer((int)response.StatusCode, await response.Content.ReadAsStringAsync())));
        }

        var failures = new List<string>();
        foreach (var c in cases)
        {
            failures.AddRange(CheckAnswer(c).Select(problem => $"{Path.GetFileName(c.File)}: {problem}"));
        }

        failures.AddRange(CheckAgainstReferenceValidators(cases));
        Assert.DoesNotContain(gateway.Logs, line => line.Contains(KszMessages.GebruikerInsz, StringComparison.Ordinal) || line.Contains(KszMessages.StaffInsz, StringComparison.Ordinal));
        Assert.True(failures.Count == 0, $"{failures.Count} of {cases.Count} cases broke the contract (inputs in {_folder}):\n{string.Join('\n', failures.Take(40))}");
        Assert.True(cases.Count(c => c.Accepted) > Cases / 20, "the mutations should leave some messages valid");
        Assert.True(cases.Any(c => c.Answer.FaultCode is not null) && cases.Count(c => c.Refused) > Cases / 4, "and refuse most of them");
        Directory.Delete(_folder, recursive: true);
    }

    public void Dispose()
    {
        if (Directory.Exists(_folder) && Directory.GetFiles(_folder).Length == 0)
        {
            Directory.Delete(_folder);
        }
    }

    private static IEnumerable<string> CheckAnswer(Case c)
    {
        if (c.Answer.FaultCode is { } fault)
        {
            if (fault is not ("soap:Client" or "soap:VersionMismatch" or "soap:MustUnderstand") || c.Status != 500)
            {
                yield return $"fault {fault} with HTTP {c.Status}";
            }

            if (c.Reading.IsSoap11Envelope && fault != "soap:MustUnderstand")
            {
                yield return $"a SOAP 1.1 envelope answered with fault {fault}: it gets an SSDN reply";
            }

            yield break;
        }

        if (c.Status != 200)
        {
            yield return $"HTTP {c.Status}";
        }

        if (c.Answer.ReasonCodes.Contains("GATEWAY_INTERNE_FOUT"))
        {
            yield return "GATEWAY_INTERNE_FOUT";
        }

        var information = c.Answer.Reply.Descendants(System.Xml.Linq.XName.Get("FieldValue", Ns.Common)).Select(v => v.Value).ToList();
        if (information.FirstOrDefault(value => Insz.Any(number => value.Contains(number, StringComparison.Ordinal))) is { } echoed)
        {
            yield return $"a diagnostic repeats an INSZ: {echoed}";
        }

        var projectErrors = SchemaValidation.KszErrors(c.Answer.Body);
        var kszErrors = KszOwnSchemas.Errors(c.Answer.Body);
        if (projectErrors.Count + kszErrors.Count > 0)
        {
            yield return "invalid answer: " + string.Join("; ", projectErrors.Concat(kszErrors).Take(2));
        }

        if (!c.Reading.IsSoap11Envelope)
        {
            yield return "not a SOAP 1.1 envelope, yet answered with an SSDN reply instead of a fault";
        }

        if (!c.Reading.WellFormed && c.Accepted)
        {
            yield return "not well-formed, yet accepted";
        }

        if (c.Reading.Form is { } form && c.Answer.IsConnectorForm != (form == "connector"))
        {
            yield return $"{form} request answered in the other form";
        }
    }

    private IEnumerable<string> CheckAgainstReferenceValidators(IReadOnlyList<Case> cases)
    {
        // Each well-formed document, and the SSDN text inside a connector envelope, as the validators will read it.
        var documents = new List<(Case Case, string File)>();
        foreach (var c in cases.Where(c => c.Reading.WellFormed))
        {
            documents.Add((c, c.File));
            if (c.Reading.ConnectorText is { } inner)
            {
                var innerFile = c.File + ".inner.xml";
                File.WriteAllText(innerFile, inner);
                documents.Add((c, innerFile));
            }
        }

        var schema = ReferenceValidators.WriteContractSchema(_folder);
        var files = documents.Select(d => d.File).ToList();
        var java = ReferenceValidators.Java(schema, files);
        var libxml = ReferenceValidators.Xmllint(schema, files);
        foreach (var group in documents.GroupBy(d => d.Case))
        {
            var c = group.Key;
            var javaErrors = group.Select(d => java.GetValueOrDefault(d.File, "no verdict")).OfType<string>().ToList();
            var libxmlErrors = group.Where(d => !ReferenceValidators.IsLibxmlIntegerWhitespaceBug(libxml.GetValueOrDefault(d.File, "no verdict"), java.GetValueOrDefault(d.File, "no verdict"), d.File))
                .Select(d => libxml.GetValueOrDefault(d.File, "no verdict")).OfType<string>().ToList();
            if (c.Accepted && javaErrors.Count + libxmlErrors.Count > 0)
            {
                yield return $"{Path.GetFileName(c.File)}: accepted, but invalid against the published XSD: {string.Join(" / ", javaErrors.Concat(libxmlErrors).Take(2))}";
            }

            if (javaErrors.Count == 0 && libxmlErrors.Count == 0 && c.SchemaRefusal)
            {
                yield return $"{Path.GetFileName(c.File)}: valid for both reference validators, yet refused as schema-invalid ({string.Join(",", c.Answer.ReasonCodes)}: {c.Answer.Body[..Math.Min(600, c.Answer.Body.Length)]})";
            }
        }
    }

    private sealed record Case(string File, byte[] Message, int Status, KszAnswer Answer)
    {
        public Reading Reading { get; } = Reading.Of(Message);

        public bool Accepted => Answer.FaultCode is null && Answer.ReturnCode != 10000;

        public bool Refused => Answer.FaultCode is null && Answer.ReturnCode == 10000;

        /// <summary>Refused for breaking the schema rather than for a business rule or the central service.</summary>
        public bool SchemaRefusal => Refused && Answer.ReasonCodes is ["BERICHT_ONGELDIG"];
    }

    /// <summary>An independent, non-validating reading of the request: is it XML, a SOAP 1.1 envelope, in which body form.</summary>
    private sealed record Reading(bool WellFormed, bool IsSoap11Envelope, string? Form, string? ConnectorText)
    {
        public static Reading Of(byte[] message)
        {
            var settings = new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null };
            var (soap, form, connector) = (false, (string?)null, (string?)null);
            try
            {
                using var reader = XmlReader.Create(new MemoryStream(message), settings);
                reader.MoveToContent();
                soap = reader is { LocalName: "Envelope", NamespaceURI: Ns.Soap };
                var bodyDepth = -1;
                while (reader.Read())
                {
                    if (reader.NodeType != XmlNodeType.Element)
                    {
                        continue;
                    }

                    if (soap && bodyDepth < 0 && reader.Depth == 1 && reader is { LocalName: "Body", NamespaceURI: Ns.Soap })
                    {
                        bodyDepth = reader.Depth;
                    }
                    else if (form is null && bodyDepth >= 0 && reader.Depth == bodyDepth + 1)
                    {
                        var isConnector = reader is { LocalName: "xmlString", NamespaceURI: Ns.Bcss };
                        form = isConnector ? "connector" : "document/literal";
                        connector = isConnector ? reader.ReadElementContentAsString() : null;
                    }
                }

                return new Reading(true, soap, form, connector);
            }
            catch (XmlException)
            {
                return new Reading(false, soap, form, null);
            }
        }
    }
}

/// <summary>A fact that needs the JDK's and libxml2's validators; skipped (and CI failed) where either is missing.</summary>
public sealed class ReferenceValidatorsFactAttribute : FactAttribute
{
    public ReferenceValidatorsFactAttribute()
    {
        if (!ReferenceValidators.JavaAvailable || !ReferenceValidators.XmllintAvailable)
        {
            Skip = "the reference validators need java (a JDK) and xmllint (apt-get install libxml2-utils); .ci/run installs them.";
        }
    }
}
