using System.Globalization;
using System.Xml;
using System.Xml.Schema;
using VrijwilligeOppas.Mapping.Contracts;
using VrijwilligeOppas.Mapping.Diagnostics;
using VrijwilligeOppas.Xml;

namespace VrijwilligeOppas.Mapping.Ksz;

/// <summary>
/// One pass over an <c>ssdn:SSDNRequest</c> on a validating reader. The schema decides what is valid; this pass
/// takes the values out and remembers where it is (<see cref="Expectation"/>), so that the first schema error is
/// classified by <see cref="SchemaErrors"/> into the most specific reason the position allows.
/// </summary>
internal sealed class SsdnRequestReader
{
    private Expectation _next = Expectation.Any;
    private bool _inAuthorizedUser;
    private bool _deferring;
    private ContractViolation? _deferred;

    /// <summary>What could be read of the request context, for the echo in a refusal.</summary>
    public RequestContext? Context { get; private set; }

    /// <summary>The operation once a known ServiceId was read, for the ServiceReply of a refusal.</summary>
    public KszService? Operation { get; private set; }

    public void OnValidation(object? sender, ValidationEventArgs e)
    {
        if (e.Severity != XmlSeverityType.Error)
        {
            return;
        }

        var violation = SchemaErrors.Classify(e, sender as XmlReader, _next, _inAuthorizedUser);
        if (_deferring)
        {
            _deferred ??= violation;
            return;
        }

        throw violation;
    }

    /// <summary>Until disposed, schema errors are kept rather than thrown: the envelope is read on to find the Body's form.</summary>
    public IDisposable DeferErrors()
    {
        _deferring = true;
        return new Deferral(this);
    }

    /// <summary>
    /// Nesting beyond <see cref="SafeXml.MaxDepth"/> before the Body: refused, but only once the Body has shown in which
    /// form to answer. Reading on is safe: the reader and the validator keep their state on the heap, not the stack.
    /// </summary>
    public void DeferIfTooDeep(XmlReader reader)
    {
        if (reader.Depth > SafeXml.MaxDepth)
        {
            _deferred ??= SchemaErrors.TooDeep(reader);
        }
    }

    public void ThrowDeferred()
    {
        if (_deferred is { } first)
        {
            throw first;
        }
    }

    public KszMessage Read(XmlReader r)
    {
        r.ReadStartElement("SSDNRequest", Ns.Ssdn);
        r.ReadStartElement("RequestContext", Ns.Ssdn);
        var user = ReadAuthorizedUser(r);
        string? reference = null, timeRequest = null;
        if (r.IsStartElement("Message", Ns.Ssdn))
        {
            if (r.IsEmptyElement)
            {
                r.Read();
            }
            else
            {
                r.ReadStartElement();
                reference = Optional(r, "Reference", Ns.Ssdn);
                timeRequest = Optional(r, "TimeRequest", Ns.Ssdn);
                Optional(r, "Language", Ns.Ssdn);
                r.ReadEndElement();
            }
        }

        r.ReadEndElement();
        Context = new RequestContext(user, reference, timeRequest);

        r.ReadStartElement("ServiceRequest", Ns.Ssdn);
        var serviceId = Text(r, "ServiceId", Ns.Ssdn);
        Operation = KszServiceNames.FromServiceId(serviceId);
        _next = Expectation.Payload;
        var version = Text(r, "Version", Ns.Ssdn);
        var payload = ReadPayload(r);
        _next = Expectation.EndOfRequest;
        r.ReadEndElement();
        r.ReadEndElement();
        _next = Expectation.Any;
        return new KszMessage(Context, serviceId, version, payload);
    }

    private AuthorizedUser ReadAuthorizedUser(XmlReader r)
    {
        _inAuthorizedUser = true;
        r.ReadStartElement("AuthorizedUser", Ns.Ssdn);
        var userId = Collapsed(Text(r, "UserID", Ns.Ssdn));
        _next = Expectation.OrgUnit;
        var email = Collapsed(Text(r, "Email", Ns.Ssdn));
        _next = Expectation.Any;
        var orgUnit = Text(r, "OrgUnit", Ns.Ssdn);
        var matrixId = Collapsed(Text(r, "MatrixID", Ns.Ssdn));
        var matrixSubId = Optional(r, "MatrixSubID", Ns.Ssdn) is { } sub ? Collapsed(sub) : null;
        r.ReadEndElement();
        _inAuthorizedUser = false;
        return new AuthorizedUser(userId, email, orgUnit, matrixId, matrixSubId);
    }

    private KszPayload ReadPayload(XmlReader r)
    {
        r.MoveToContent();
        var name = r.LocalName;
        _next = Expectation.PayloadOndernemingsnummer;
        r.ReadStartElement();
        _next = Expectation.Erkenningsnummer;
        var ondernemingsnummer = Text(r, "Ondernemingsnummer", Ns.Vo);
        _next = Expectation.Any;
        r.MoveToContent();
        var erkenningsnummer = r.ReadElementContentAsInt("Erkenningsnummer", Ns.Vo);
        KszPayload payload = name switch
        {
            "SendPrestatiesRequest" => new SendPayload(ondernemingsnummer, erkenningsnummer, ReadPrestaties(r)),
            "DeletePrestatiesRequest" => new DeletePayload(ondernemingsnummer, erkenningsnummer, ReadPrestatieIds(r)),
            _ => ReadConsult(r, ondernemingsnummer, erkenningsnummer),
        };
        r.ReadEndElement();
        return payload;
    }

    private static List<KszPrestatie> ReadPrestaties(XmlReader r)
    {
        var prestaties = new List<KszPrestatie>();
        while (r.IsStartElement("Prestatie", Ns.Vo))
        {
            r.ReadStartElement();
            var prestatie = new KszPrestatie(
                Text(r, "PrestatieId", Ns.Vo),
                Text(r, "GebruikerINSZ", Ns.Vo),
                Text(r, "VrijwilligerINSZ", Ns.Vo),
                ReadDate(r, "Datum", Ns.Vo),
                ReadTime(r, "Begintijd"),
                ReadTime(r, "Eindtijd"),
                Text(r, "GemeenteNISCode", Ns.Vo));
            r.ReadEndElement();
            prestaties.Add(prestatie);
        }

        return prestaties;
    }

    private static List<string> ReadPrestatieIds(XmlReader r)
    {
        var ids = new List<string>();
        while (r.IsStartElement("PrestatieId", Ns.Vo))
        {
            ids.Add(Text(r, "PrestatieId", Ns.Vo));
        }

        return ids;
    }

    private static ConsultPayload ReadConsult(XmlReader r, string ondernemingsnummer, int erkenningsnummer)
    {
        r.ReadStartElement("Periode", Ns.Vo);
        var start = ReadDate(r, "StartDate", Ns.Common);
        var end = ReadDate(r, "EndDate", Ns.Common);
        r.ReadEndElement();
        var gebruiker = Optional(r, "GebruikerINSZ", Ns.Vo);
        var vrijwilliger = Optional(r, "VrijwilligerINSZ", Ns.Vo);
        int? max = r.IsStartElement("MaxResultaten", Ns.Vo) ? r.ReadElementContentAsInt() : null;
        var sleutel = Optional(r, "VolgendeSleutel", Ns.Vo);
        return new ConsultPayload(ondernemingsnummer, erkenningsnummer, start, end, gebruiker, vrijwilliger, max, sleutel);
    }

    private static string? Optional(XmlReader r, string name, string ns) => r.IsStartElement(name, ns) ? Text(r, name, ns) : null;

    /// <summary>
    /// An element's text, held to its schema type where the framework's validator is lenient: System.Xml anchors
    /// pattern facets with <c>$</c>, which also matches before a final line feed, so "0212344876\n" would pass
    /// <c>[0-9]{10}</c>. Every conforming XSD validator refuses it, and so does this gateway.
    /// </summary>
    private static string Text(XmlReader r, string name, string ns)
    {
        r.MoveToContent();
        var type = r.SchemaInfo?.SchemaType as XmlSchemaSimpleType;
        var element = SchemaErrors.Position(r);
        var text = r.ReadElementContentAsString(name, ns);
        if (text.EndsWith('\n') && PatternTypes.KeepsWhitespace(type))
        {
            throw SchemaErrors.TrailingLineFeed(name, ns, element);
        }

        return text;
    }

    private static DateOnly ReadDate(XmlReader r, string name, string ns)
    {
        // xs:date collapses whitespace before its pattern applies: "2026-10-24&#13;" is that date.
        var text = Collapsed(Text(r, name, ns));
        return DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
            ? date
            : throw SchemaErrors.Violation(ReasonCode.BerichtOngeldig, $"{name} is not a calendar date.", r);
    }

    private static TimeOnly ReadTime(XmlReader r, string name)
    {
        var text = Text(r, name, Ns.Vo);
        return TimeOnly.TryParseExact(text, "HH:mm:ss", CultureInfo.InvariantCulture, DateTimeStyles.None, out var time)
            ? time
            : throw SchemaErrors.Violation(ReasonCode.TijdOngeldig, $"{name} is not a wall-clock time HH:mm:ss.", r);
    }

    /// <summary>XSD whiteSpace="collapse": leading and trailing whitespace gone, inner runs one space.</summary>
    private static string Collapsed(string value) =>
        value.AsSpan().IndexOfAny(" \t\r\n") < 0 ? value : string.Join(' ', value.Split([' ', '\t', '\r', '\n'], StringSplitOptions.RemoveEmptyEntries));

    private sealed class Deferral(SsdnRequestReader owner) : IDisposable
    {
        public void Dispose() => owner._deferring = false;
    }
}

/// <summary>Where a pass over an SSDN request stands, where a missing or misplaced element has its own reason.</summary>
internal enum Expectation
{
    Any,
    OrgUnit,
    Payload,
    PayloadOndernemingsnummer,
    Erkenningsnummer,
    EndOfRequest,
}
