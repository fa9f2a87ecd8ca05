using System.Text;
using System.Xml.Linq;
using VrijwilligeOppas.Mapping.Contracts;
using VrijwilligeOppas.Mapping.Diagnostics;
using VrijwilligeOppas.Mapping.Ksz;

namespace VrijwilligeOppas.Mapping.Tests.Ksz;

/// <summary>Replies shaped as KSZ shapes its own, valid against KSZ's reply schema, within its limits.</summary>
public class KszReplyWriterTests
{
    private const string Ticket = "0195f0a1c2d37e4f8a9b0c1d2e3f4000";
    private static readonly DateTimeOffset Now = new(2026, 11, 22, 10, 15, 0, TimeSpan.FromHours(1));
    private static readonly RequestContext Echo = new(new AuthorizedUser("85073003328", "an.peeters@ocmw-gent.be", "0212344876", "17", null), "VrijwilligeOppasRequest # 12", null);

    private static readonly KszReply Processed = new([], Echo, Ticket, Now, Now,
        new ServiceReply(KszService.Delete, KszServiceNames.Version, new DeleteReplyPayload("0212344876", 123, [
            new DeleteResult("A", DeleteStatus.Verwijderd, []),
            new DeleteResult("B", DeleteStatus.NietGevonden, [Detail.Central(ReasonCode.PrestatieOnbekend)])])));

    private static string Write(KszReply reply, BodyForm form = BodyForm.DocumentLiteral)
    {
        using var output = new MemoryStream();
        KszReplyWriter.Write(reply, form, output);
        return Encoding.UTF8.GetString(output.ToArray());
    }

    [Theory]
    [InlineData(BodyForm.DocumentLiteral)]
    [InlineData(BodyForm.Connector)]
    public void Write_LooksLikeKszsOwnReplies(BodyForm form)
    {
        var body = Write(Processed, form);
        var ssdn = form == BodyForm.Connector ? XDocument.Parse(body).Descendants(XName.Get("xmlString", Ns.Bcss)).Single().Value : body;

        Assert.StartsWith("<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>", body, StringComparison.Ordinal);
        Assert.Contains("<SSDNReply ", ssdn, StringComparison.Ordinal);
        Assert.Contains($"xmlns=\"{Ns.Ssdn}\"", ssdn, StringComparison.Ordinal);
        Assert.Contains("<ReplyContext><common:ResultSummary ok=\"YES\"><common:ReturnCode>0</common:ReturnCode></common:ResultSummary>", ssdn, StringComparison.Ordinal);
        Assert.Contains("<ServiceReply><common:ResultSummary ok=\"YES\"><common:ReturnCode>1</common:ReturnCode></common:ResultSummary><ServiceId>OCMWCPASVrijwilligeOppasDelete</ServiceId><Version>20261122</Version><vo:DeletePrestatiesReply>", ssdn, StringComparison.Ordinal);
        Assert.Contains("<common:Severity>WARNING</common:Severity>", ssdn, StringComparison.Ordinal);
        Assert.Empty(KszOwnSchemas.Errors(body));
        Assert.Empty(SchemaValidation.KszErrors(body));
        if (form == BodyForm.Connector)
        {
            Assert.StartsWith("<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?><SSDNReply", ssdn, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData(null, "OCMWCPASVrijwilligeOppasSend")]
    [InlineData(KszService.Consult, "OCMWCPASVrijwilligeOppasConsult")]
    public void Write_Refusal_RepeatsItInAServiceReply_ForTheClientsThatOnlyReadThere(KszService? operation, string serviceId)
    {
        var refusal = new KszReply([Detail.Gateway(ReasonCode.DienstOnbekend, new Information("Erkenningsnummer", "321"))], Echo, Ticket, Now, Now, null) { Operation = operation };

        var body = Write(refusal);

        var reply = XDocument.Parse(body).Descendants(XName.Get("SSDNReply", Ns.Ssdn)).Single();
        var summaries = reply.Descendants(XName.Get("ResultSummary", Ns.Common)).ToList();
        Assert.Equal(2, summaries.Count);
        Assert.All(summaries, s => Assert.Equal(("NO", "10000", "ERROR", "DIENST_ONBEKEND"), ((string)s.Attribute("ok")!, s.Elements().First().Value, s.Descendants(XName.Get("Severity", Ns.Common)).Single().Value, s.Descendants(XName.Get("ReasonCode", Ns.Common)).Single().Value)));
        Assert.Equal((serviceId, "20261122"), (reply.Descendants(XName.Get("ServiceId", Ns.Ssdn)).Single().Value, reply.Descendants(XName.Get("Version", Ns.Ssdn)).Single().Value));
        Assert.Empty(KszOwnSchemas.Errors(body));
        Assert.Empty(SchemaValidation.KszErrors(body));
    }

    [Fact]
    public void Write_MoreDetailsThanKszAllows_KeepsTwentyNineAndSaysHowManyMore()
    {
        var details = Enumerable.Range(0, 31).Select(i => Detail.Gateway(ReasonCode.BerichtOngeldig, [.. Enumerable.Range(0, 7).Select(j => new Information($"F{j}", $"{i}"))])).ToList();

        var body = Write(new KszReply(details, null, Ticket, Now, Now, null));

        var summary = XDocument.Parse(body).Descendants(XName.Get("ResultSummary", Ns.Common)).First();
        var written = summary.Elements(XName.Get("Detail", Ns.Common)).ToList();
        Assert.Equal(30, written.Count);
        Assert.Equal("MEER_MELDINGEN", written[29].Element(XName.Get("ReasonCode", Ns.Common))!.Value);
        Assert.Equal("2", written[29].Descendants(XName.Get("FieldValue", Ns.Common)).Single().Value);
        Assert.All(written.Take(29), d => Assert.Equal(5, d.Elements(XName.Get("Information", Ns.Common)).Count()));
        Assert.Empty(KszOwnSchemas.Errors(body));
    }

    [Theory]
    [InlineData(0x01)]
    [InlineData(0xFFFE)]
    [InlineData(0xD800)] // half a surrogate pair
    public void Write_InformationWithACharacterXmlCannotCarry_IsStillWritten(int bad)
    {
        var body = Write(new KszReply([Detail.Gateway(ReasonCode.BerichtOngeldig, new Information("Fout", $"a{(char)bad}b"))], null, Ticket, Now, Now, null));

        Assert.Contains("a\uFFFDb", XDocument.Parse(body).Descendants(XName.Get("FieldValue", Ns.Common)).First().Value, StringComparison.Ordinal);
    }
}
