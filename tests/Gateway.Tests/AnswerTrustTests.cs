using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using VrijwilligeOppas.Emulator;
using VrijwilligeOppas.Mapping.Central;
using VrijwilligeOppas.Mapping.Exchange;
using VrijwilligeOppas.Mapping.Identifiers;
using VrijwilligeOppas.Security;
using VrijwilligeOppas.Emulator.Contract;

namespace VrijwilligeOppas.Gateway.Tests;

/// <summary>
/// WS-Security through the real forwarding path: what the gateway sends is signed by its certificate and valid
/// against the contract; an answer that is unsigned, signed by another, changed, wrapped or replayed is not used.
/// </summary>
public class AnswerTrustTests
{
    private static readonly CentralStatus Ok = new(CentralStatus.Success, null, null);

    public static TheoryData<string, string> Untrusted => new()
    {
        { "unsigned", "CENTRALE_DIENST_HANDTEKENING_ONGELDIG" },
        { "unsigned-fault", "CENTRALE_DIENST_HANDTEKENING_ONGELDIG" },
        { "tampered", "CENTRALE_DIENST_HANDTEKENING_ONGELDIG" },
        { "wrapped", "CENTRALE_DIENST_HANDTEKENING_ONGELDIG" },
        { "stranger", "CENTRALE_DIENST_CERTIFICAAT_ONBEKEND" },
        { "an-hour-old", "CENTRALE_DIENST_ANTWOORD_VEROUDERD" },
    };

    [Theory]
    [MemberData(nameof(Untrusted))]
    public async Task Send_AnswerNotTrusted_IsNotUsed_AndTheOcmwGets10000(string scenario, string reasonCode)
    {
        await using var stub = await StubCentral.StartAsync((context, request) => Answer(scenario, context, request));
        using var gateway = new GatewayFactory(settings: stub.Settings);

        var answer = await gateway.PostAsync(KszMessages.Send(new KszMessages.P("a")));

        answer.AssertRefusedInBothSummaries(reasonCode);
        Assert.Empty(answer.Resultaten);
        Assert.Empty(SchemaValidation.KszErrors(answer.Body));
        Assert.Contains(gateway.Logs, line => line.Contains($"was not used ({reasonCode})", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Send_FreshAnswerReplayedForAnotherRequest_IsRefusedByInResponseTo()
    {
        byte[]? first = null;
        await using var stub = await StubCentral.StartAsync(async (context, request) =>
        {
            if (first is null)
            {
                var buffer = new MemoryStream();
                var original = context.Response.Body;
                context.Response.Body = buffer;
                await StubCentral.Respond(context, request, Ok, [Accepted("a")]);
                first = buffer.ToArray();
                context.Response.Body = original;
            }

            await context.Response.Body.WriteAsync(first);
        });
        using var gateway = new GatewayFactory(settings: stub.Settings);

        var answered = await gateway.PostAsync(KszMessages.Send(new KszMessages.P("a")));
        var replayed = await gateway.PostAsync(KszMessages.Send(new KszMessages.P("a")));

        Assert.Equal(0, answered.ReturnCode);
        Assert.Equal(["CENTRALE_DIENST_ANTWOORD_INTEGRITEIT"], replayed.ReasonCodes);
    }

    [Fact]
    public async Task Send_TheRequestOnTheWire_IsSignedByTheConfiguredCertificate_AndValidAgainstTheContract()
    {
        await using var stub = await StubCentral.StartAsync((context, request) => StubCentral.Respond(context, request, Ok, [Accepted("a")]));
        var settings = stub.Settings;
        settings["Trust:SigningCertificatePath"] = TestCertificates.CertificatePath("gateway");
        settings["Trust:SigningKeyPath"] = TestCertificates.KeyPath("gateway");
        using var gateway = new GatewayFactory(settings: settings);

        var answer = await gateway.PostAsync(KszMessages.Send(new KszMessages.P("a")));

        Assert.Equal(0, answer.ReturnCode);
        var wire = stub.LastRequest!;
        Assert.Empty(SchemaValidation.EHealthErrors(Encoding.UTF8.GetString(wire)));
        var check = new WsSecurityVerifier(TestCertificates.PublicOnly(TestCertificates.Gateway), TimeSpan.FromMinutes(5), gateway.Clock).Verify(new MemoryStream(wire), 1 << 24);
        Assert.True(check.IsValid, check.Explanation);
    }

    [Fact]
    public async Task Send_GatewaySigningWithACertificateTheCentralServiceDoesNotPin_IsRefusedThereAndNothingIsStored()
    {
        var clock = new FakeTimeProvider(GatewayFactory.DefaultNow);
        var folder = Directory.CreateTempSubdirectory("vo-emulator-").FullName;
        await using var emulator = await CentralEmulatorHost.StartAsync(new EmulatorOptions
        {
            DatabasePath = Path.Combine(folder, "central.db"),
            RegistryPath = RepoPaths.Combine("reference", "diensten-sandbox.csv"),
            NisTablePath = RepoPaths.Combine("reference", "nis-municipalities.csv"),
            SigningCertificate = TestCertificates.Central,
            TrustedGatewayCertificate = TestCertificates.PublicOnly(TestCertificates.Gateway),
        }, clock, NullLoggerFactory.Instance, CancellationToken.None);
        var settings = StubCentral.PointedAt(emulator.Address);
        settings["Trust:SigningCertificatePath"] = TestCertificates.CertificatePath("stranger");
        settings["Trust:SigningKeyPath"] = TestCertificates.KeyPath("stranger");
        var refused = await SendAsync(settings);
        settings["Trust:SigningCertificatePath"] = TestCertificates.CertificatePath("gateway");
        settings["Trust:SigningKeyPath"] = TestCertificates.KeyPath("gateway");
        using var pinned = new GatewayFactory(settings: settings);
        var before = await pinned.PostAsync(KszMessages.Consult());
        var accepted = await pinned.PostAsync(KszMessages.Send(new KszMessages.P("a")));
        var after = await pinned.PostAsync(KszMessages.Consult());

        Assert.Equal(["CENTRALE_DIENST_AUTHENTICATIE"], refused.ReasonCodes);
        Assert.Equal(0, before.ReturnCode);
        Assert.Empty(before.Prestaties);
        Assert.Equal(0, accepted.ReturnCode);
        Assert.Single(after.Prestaties);
    }

    private static async Task<KszAnswer> SendAsync(Dictionary<string, string?> settings)
    {
        using var gateway = new GatewayFactory(settings: new(settings));
        return await gateway.PostAsync(KszMessages.Send(new KszMessages.P("a")));
    }

    private static PrestatieStatus Accepted(string id) => new(PrestatieId.Parse(id), Resultaat.Aanvaard, 60, []);

    private static async Task Answer(string scenario, HttpContext context, ReceivedRequest request)
    {
        var response = new CentralStatusResponse("_stub", request.Id, GatewayFactory.DefaultNow, Ok, [Accepted("a")], [], null);
        var unsigned = new MemoryStream();
        CentralResponseWriter.Write(request.Operation, response, unsigned);
        context.Response.ContentType = "text/xml; charset=utf-8";
        switch (scenario)
        {
            case "unsigned":
                await context.Response.Body.WriteAsync(unsigned.ToArray());
                break;
            case "unsigned-fault":
                var fault = new MemoryStream();
                CentralResponseWriter.WriteFault(new CentralFault("Server", SoaCodes.Unavailable, "forged"), fault);
                context.Response.StatusCode = 500;
                await context.Response.Body.WriteAsync(fault.ToArray());
                break;
            case "tampered":
                await context.Response.WriteAsync(Sign(unsigned, TestCertificates.Central, GatewayFactory.DefaultNow).Replace("Aanvaard", "Geweigerd", StringComparison.Ordinal));
                break;
            case "wrapped":
                await context.Response.WriteAsync(Wrap(Sign(unsigned, TestCertificates.Central, GatewayFactory.DefaultNow)));
                break;
            case "stranger":
                await context.Response.WriteAsync(Sign(unsigned, TestCertificates.Stranger, GatewayFactory.DefaultNow));
                break;
            case "an-hour-old":
                await context.Response.WriteAsync(Sign(unsigned, TestCertificates.Central, GatewayFactory.DefaultNow.AddHours(-1)));
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(scenario));
        }
    }

    private static string Sign(MemoryStream unsigned, System.Security.Cryptography.X509Certificates.X509Certificate2 certificate, DateTimeOffset at)
    {
        var output = new MemoryStream();
        new WsSecuritySigner(certificate, new FakeTimeProvider(at)).Sign(new MemoryStream(unsigned.ToArray()), output);
        return Encoding.UTF8.GetString(output.ToArray());
    }

    /// <summary>The signed Body moves into a header; a forged Body (every prestatie refused) takes its place.</summary>
    private static string Wrap(string signed)
    {
        var document = new System.Xml.XmlDocument { PreserveWhitespace = true };
        document.LoadXml(signed);
        var envelope = document.DocumentElement!;
        var body = (System.Xml.XmlElement)envelope.LastChild!;
        var forged = (System.Xml.XmlElement)body.CloneNode(deep: true);
        forged.RemoveAttribute("Id", WsSecurityNames.Wsu);
        forged.InnerXml = forged.InnerXml.Replace("Aanvaard", "Geweigerd", StringComparison.Ordinal);
        var holder = document.CreateElement("x", "Holder", "urn:attacker");
        envelope.FirstChild!.AppendChild(holder);
        envelope.ReplaceChild(forged, body);
        holder.AppendChild(body);
        return document.OuterXml;
    }
}
