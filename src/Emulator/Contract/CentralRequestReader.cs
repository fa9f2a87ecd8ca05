using System.Xml;
using VrijwilligeOppas.Mapping.Central;
using VrijwilligeOppas.Mapping.Contracts;
using VrijwilligeOppas.Mapping.Exchange;
using VrijwilligeOppas.Mapping.Identifiers;
using VrijwilligeOppas.Mapping.Time;
using VrijwilligeOppas.Xml;

namespace VrijwilligeOppas.Emulator.Contract;

/// <summary>Reads an eHealth request (what the central service receives), validating it against the schemas.</summary>
public static class CentralRequestReader
{
    /// <exception cref="MalformedMessageException">Not well-formed, not SOAP 1.1, or not valid against the schemas.</exception>
    public static ReceivedRequest Read(Stream input, long maxBytes) => EHealthXml.Guard(() =>
    {
        using var r = EHealthXml.CreateReader(input, maxBytes);
        EHealthXml.ReadToBodyContent(r);
        if (r.NamespaceURI != Ns.Vop || !r.LocalName.EndsWith("Request", StringComparison.Ordinal))
        {
            throw new MalformedMessageException($"soap:Body holds {{{r.NamespaceURI}}}{r.LocalName}, not a Vrijwillige Oppas request.");
        }

        var operation = r.LocalName[..^"Request".Length];
        var id = r.GetAttribute("Id")!;
        var issueInstant = XmlFormats.ParseInstant(r.GetAttribute("IssueInstant")!);
        r.ReadStartElement();

        r.ReadStartElement("Afzender", Ns.Voc);
        var organisatie = EHealthXml.ReadId(r, "Organisatie");
        var gebruiker = EHealthXml.ReadId(r, "Gebruiker");
        var referentie = r.IsStartElement("Referentie", Ns.Voc) ? r.ReadElementContentAsString() : null;
        r.ReadEndElement();
        var dienst = Erkenningsnummer.Create(int.Parse(r.GetAttribute("Erkenningsnummer")!, System.Globalization.CultureInfo.InvariantCulture));
        SafeXml.Skip(r);

        string? refusal = null;
        Ondernemingsnummer org = default;
        Insz user = default;
        if (organisatie.Type != Ns.CbeType || !Ondernemingsnummer.TryParse(organisatie.Value, out org))
        {
            refusal = "Afzender/Organisatie is not a valid cbe-number.";
        }

        if (gebruiker.Type != Ns.SsinType || !Insz.TryParse(gebruiker.Value, out user))
        {
            refusal ??= "Afzender/Gebruiker is not a valid ssin.";
        }

        var afzender = new Afzender(org, user, referentie);
        var invalid = new List<InvalidItem>();
        CentralRequest request = operation switch
        {
            "SendPrestaties" => new SendPrestatiesRequest(id, issueInstant, afzender, dienst, ReadPrestaties(r, invalid)),
            "DeletePrestaties" => new DeletePrestatiesRequest(id, issueInstant, afzender, dienst, ReadIds(r)),
            _ => ReadConsult(r, id, issueInstant, afzender, dienst, ref refusal),
        };

        r.ReadEndElement();
        EHealthXml.EnsureBodyEnds(r);
        return new ReceivedRequest(id, operation, refusal is null ? request : null, refusal, invalid);
    });

    private static List<Prestatie> ReadPrestaties(XmlReader r, List<InvalidItem> invalid)
    {
        var prestaties = new List<Prestatie>();
        var index = 0;
        while (r.IsStartElement("Prestatie", Ns.Voc))
        {
            var (prestatie, problem) = EHealthXml.ReadPrestatie(r);
            if (problem is null)
            {
                prestaties.Add(prestatie.Prestatie);
            }
            else
            {
                invalid.Add(new InvalidItem(index, prestatie.Prestatie.Id, problem.Value.Code, problem.Value.Message));
            }

            index++;
        }

        return prestaties;
    }

    private static List<PrestatieId> ReadIds(XmlReader r)
    {
        var ids = new List<PrestatieId>();
        while (r.IsStartElement("PrestatieId", Ns.Voc))
        {
            ids.Add(PrestatieId.Parse(r.ReadElementContentAsString()));
        }

        return ids;
    }

    private static ConsultPrestatiesRequest ReadConsult(XmlReader r, string id, DateTimeOffset issueInstant, Afzender afzender, Erkenningsnummer dienst, ref string? refusal)
    {
        r.ReadStartElement("Periode", Ns.Voc);
        var van = XmlFormats.ParseDate(r.ReadElementContentAsString("VanDatum", Ns.Voc));
        var tot = XmlFormats.ParseDate(r.ReadElementContentAsString("TotDatum", Ns.Voc));
        r.ReadEndElement();
        Insz? gebruiker = null;
        Insz? vrijwilliger = null;
        if (r.IsStartElement("Gebruiker", Ns.Voc))
        {
            var (type, value) = EHealthXml.ReadId(r, "Gebruiker");
            gebruiker = type == Ns.SsinType && Insz.TryParse(value, out var g) ? g : null;
            refusal ??= gebruiker is null ? "Gebruiker filter is not a valid ssin." : null;
        }

        if (r.IsStartElement("Vrijwilliger", Ns.Voc))
        {
            var (type, value) = EHealthXml.ReadId(r, "Vrijwilliger");
            vrijwilliger = type == Ns.SsinType && Insz.TryParse(value, out var v) ? v : null;
            refusal ??= vrijwilliger is null ? "Vrijwilliger filter is not a valid ssin." : null;
        }

        int? max = null;
        string? sleutel = null;
        if (r.IsStartElement("Paginering", Ns.Voc))
        {
            max = r.GetAttribute("MaxResultaten") is { } m ? int.Parse(m, System.Globalization.CultureInfo.InvariantCulture) : null;
            sleutel = r.GetAttribute("Sleutel");
            SafeXml.Skip(r);
        }

        return new ConsultPrestatiesRequest(id, issueInstant, afzender, dienst, van, tot, gebruiker, vrijwilliger, max, sleutel);
    }
}
