using System.Security.Cryptography.Xml;
using System.Xml;
using VrijwilligeOppas.Mapping.Contracts;

namespace VrijwilligeOppas.Security.Tests;

public class WsSecurityTests
{
    [Theory]
    [InlineData("send-request.xml")]
    [InlineData("send-response.xml")]
    [InlineData("consult-response.xml")]
    [InlineData("fault-response.xml")]
    public void Sign_ThenVerify_Accepts_AndTheMessageStaysValidAgainstTheContract(string sample)
    {
        var signed = Signing.Sign(Signing.Sample(sample));

        var check = Signing.Verify(signed);

        Assert.True(check.IsValid, check.Explanation);
        Assert.Empty(SchemaValidation.EHealthErrors(signed));
    }

    [Theory]
    [InlineData("send-request.xml")]
    [InlineData("send-response.xml")]
    [InlineData("consult-response.xml")]
    [InlineData("fault-response.xml")]
    public void TheFrameworksSignedXml_VerifiesWhatTheStreamingSignerWrites(string sample)
    {
        Assert.True(ReferenceSignedXml.Verifies(Signing.Sign(Signing.Sample(sample))));
    }

    [Theory]
    [InlineData("""<Envelope xmlns="http://schemas.xmlsoap.org/soap/envelope/"><Body><x:Op xmlns:x="urn:x" Id="1">a<!-- c -->b</x:Op></Body></Envelope>""")]
    [InlineData("<s:Envelope xmlns:s=\"http://schemas.xmlsoap.org/soap/envelope/\" xmlns:x=\"urn:x\"><s:Header><x:Other s:mustUnderstand=\"0\">h</x:Other></s:Header>\n  <s:Body>\n    <x:Op a=\"&lt;\">&gt;text</x:Op>\n  </s:Body>\n</s:Envelope>")]
    public void UnusualEnvelopes_AreSignedSoThatTheFrameworkAndTheVerifierAgree(string envelope)
    {
        // No &#9; or &#13; here: SignedXml re-parses a referenced element from its OuterXml, which turns them into a
        // space or a line feed (the canonicalizer tests hold those against the framework's transform directly).
        var signed = Signing.Sign(envelope);

        Assert.True(ReferenceSignedXml.Verifies(signed), signed);
        Assert.True(Signing.Verify(signed).IsValid, Signing.Verify(signed).Explanation);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("soap wsu")]
    public void Verify_AcceptsASignatureMadeByTheFrameworksSignedXml(string? inclusivePrefixes)
    {
        var signed = SignWith(Signing.Sample("send-response.xml"), coverTimestamp: true, signatureMethod: WsSecurityNames.RsaSha256, inclusivePrefixes);

        var check = Signing.Verify(signed);

        Assert.True(check.IsValid, check.Explanation);
        Assert.Equal(SignatureFailure.Invalid, Signing.Verify(signed.Replace("Aanvaard", "Geweigerd", StringComparison.Ordinal)).Failure);
    }

    [Fact]
    public void Sign_WritesTheProfile_TimestampTokenAndTwoExcC14nSha256References()
    {
        var document = Signing.Dom(Signing.Sign(Signing.Sample("send-request.xml")));
        var names = Signing.Names(document);

        var security = (XmlElement)document.SelectSingleNode("/soap:Envelope/soap:Header/wsse:Security", names)!;
        Assert.Equal("1", security.GetAttribute("mustUnderstand", Ns.Soap));
        var created = DateTimeOffset.Parse(security.SelectSingleNode("wsu:Timestamp/wsu:Created", names)!.InnerText, System.Globalization.CultureInfo.InvariantCulture);
        var expires = DateTimeOffset.Parse(security.SelectSingleNode("wsu:Timestamp/wsu:Expires", names)!.InnerText, System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(Signing.Now, created);
        Assert.Equal(TimeSpan.FromMinutes(5), expires - created);
        Assert.Equal(Convert.ToBase64String(TestCertificates.Central.RawData), security.SelectSingleNode("wsse:BinarySecurityToken", names)!.InnerText);
        Assert.Equal(WsSecurityNames.ExcC14N, security.SelectSingleNode("ds:Signature/ds:SignedInfo/ds:CanonicalizationMethod/@Algorithm", names)!.Value);
        Assert.Equal(WsSecurityNames.RsaSha256, security.SelectSingleNode("ds:Signature/ds:SignedInfo/ds:SignatureMethod/@Algorithm", names)!.Value);

        var bodyId = document.SelectSingleNode("/soap:Envelope/soap:Body/@wsu:Id", names)!.Value;
        var timestampId = security.SelectSingleNode("wsu:Timestamp/@wsu:Id", names)!.Value;
        var references = security.SelectNodes("ds:Signature/ds:SignedInfo/ds:Reference", names)!.Cast<XmlElement>().ToList();
        Assert.Equal(["#" + bodyId, "#" + timestampId], references.Select(r => r.GetAttribute("URI")));
        Assert.All(references, r => Assert.Equal(WsSecurityNames.Sha256, r.SelectSingleNode("ds:DigestMethod/@Algorithm", names)!.Value));
        Assert.All(references, r => Assert.Equal(WsSecurityNames.ExcC14N, r.SelectSingleNode("ds:Transforms/ds:Transform/@Algorithm", names)!.Value));
        var tokenId = security.SelectSingleNode("wsse:BinarySecurityToken/@wsu:Id", names)!.Value;
        Assert.Equal("#" + tokenId, security.SelectSingleNode("ds:Signature/ds:KeyInfo/wsse:SecurityTokenReference/wsse:Reference/@URI", names)!.Value);
    }

    [Theory]
    [InlineData("token without ValueType")]
    [InlineData("timestamp without Expires")]
    [InlineData("repeated wsu:Id")]
    [InlineData("foreign element in Security")]
    public void TheContractSchemas_CoverTheSecurityHeader(string damage)
    {
        var document = Signing.Dom(Signing.Sign(Signing.Sample("send-response.xml")));
        var names = Signing.Names(document);
        switch (damage)
        {
            case "token without ValueType":
                ((XmlElement)document.SelectSingleNode("//wsse:BinarySecurityToken", names)!).RemoveAttribute("ValueType");
                break;
            case "timestamp without Expires":
                var expires = document.SelectSingleNode("//wsu:Expires", names)!;
                expires.ParentNode!.RemoveChild(expires);
                break;
            case "repeated wsu:Id":
                var id = document.SelectSingleNode("//wsu:Timestamp/@wsu:Id", names)!.Value;
                ((XmlElement)document.SelectSingleNode("//wsse:BinarySecurityToken", names)!).SetAttribute("Id", WsSecurityNames.Wsu, id);
                break;
            default:
                document.SelectSingleNode("//wsse:Security", names)!.AppendChild(document.CreateElement("wsse", "Extra", WsSecurityNames.Wsse));
                break;
        }

        Assert.NotEmpty(SchemaValidation.EHealthErrors(document.OuterXml));
    }

    [Fact]
    public void Verify_UnsignedMessage_IsRefusedAsUnsigned()
    {
        Assert.Equal(SignatureFailure.NoSignature, Signing.Verify(Signing.Sample("send-response.xml")).Failure);
    }

    [Theory]
    [InlineData("not xml at all")]
    [InlineData("<html><body>502 Bad Gateway</body></html>")]
    [InlineData("<?xml version=\"1.0\"?><!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]><soap:Envelope xmlns:soap=\"http://schemas.xmlsoap.org/soap/envelope/\"><soap:Body>&e;</soap:Body></soap:Envelope>")]
    public void Verify_NotASoapMessage_SaysSo(string message)
    {
        Assert.Equal(SignatureFailure.NotSoap, Signing.Verify(message).Failure);
    }

    [Fact]
    public void Verify_NestedTenThousandDeep_IsRefusedWithoutOverflowingTheStack()
    {
        var deep = string.Concat(Enumerable.Repeat("<a>", 10_000)) + string.Concat(Enumerable.Repeat("</a>", 10_000));
        var message = $"<soap:Envelope xmlns:soap=\"{Ns.Soap}\"><soap:Body>{deep}</soap:Body></soap:Envelope>";

        Assert.Equal(SignatureFailure.NotSoap, Signing.Verify(message).Failure);
    }

    [Fact]
    public void Verify_OneChangedCharacterInTheBody_IsRefusedAsInvalid()
    {
        var signed = Signing.Sign(Signing.Sample("send-response.xml"));

        var tampered = signed.Replace("Resultaat=\"Aanvaard\"", "Resultaat=\"Geweigerd\"", StringComparison.Ordinal);

        Assert.NotEqual(signed, tampered);
        Assert.Equal(SignatureFailure.Invalid, Signing.Verify(tampered).Failure);
    }

    [Fact]
    public void Verify_ChangedTimestamp_IsRefusedAsInvalid()
    {
        var document = Signing.Dom(Signing.Sign(Signing.Sample("send-response.xml")));
        var expires = document.SelectSingleNode("//wsu:Expires", Signing.Names(document))!;
        expires.InnerText = expires.InnerText.Replace("09:20", "10:20", StringComparison.Ordinal);

        Assert.Equal(SignatureFailure.Invalid, Signing.Verify(document.OuterXml).Failure);
    }

    [Fact]
    public void Verify_SignedByAnotherCertificate_IsRefusedAsUntrusted()
    {
        var signed = Signing.Sign(Signing.Sample("send-response.xml"), signer: TestCertificates.Stranger);

        Assert.Equal(SignatureFailure.UntrustedCertificate, Signing.Verify(signed).Failure);
    }

    [Fact]
    public void Verify_TokenSwappedForThePinnedCertificate_FailsTheSignatureCheck()
    {
        var document = Signing.Dom(Signing.Sign(Signing.Sample("send-response.xml"), signer: TestCertificates.Stranger));
        document.SelectSingleNode("//wsse:BinarySecurityToken", Signing.Names(document))!.InnerText = Convert.ToBase64String(TestCertificates.Central.RawData);

        Assert.Equal(SignatureFailure.Invalid, Signing.Verify(document.OuterXml).Failure);
    }

    [Theory]
    [InlineData(-6)]
    [InlineData(11)]
    [InlineData(60 * 24)]
    public void Verify_TimestampOutsideItsValidityPlusSkew_IsRefusedAsStale(int minutesLater)
    {
        var signed = Signing.Sign(Signing.Sample("send-response.xml"));

        var check = Signing.Verify(signed, clock: Signing.Clock(Signing.Now.AddMinutes(minutesLater)));

        Assert.Equal(SignatureFailure.Stale, check.Failure);
    }

    [Theory]
    [InlineData(-4)]
    [InlineData(9)]
    public void Verify_TimestampWithinSkew_IsAccepted(int minutesLater)
    {
        var signed = Signing.Sign(Signing.Sample("send-response.xml"));

        Assert.True(Signing.Verify(signed, clock: Signing.Clock(Signing.Now.AddMinutes(minutesLater))).IsValid);
    }

    [Fact]
    public void Verify_SignedBodyMovedAsideAndAnotherBodyProcessed_IsRefused()
    {
        // Classic wrapping: the signed Body is kept (so the digest still matches) inside a header, and a forged
        // Body without the id takes its place where the reader looks.
        var document = Signing.Dom(Signing.Sign(Signing.Sample("send-response.xml")));
        var names = Signing.Names(document);
        var body = (XmlElement)document.SelectSingleNode("/soap:Envelope/soap:Body", names)!;
        var wrapper = document.CreateElement("x", "Wrapper", "urn:attacker");
        document.SelectSingleNode("/soap:Envelope/soap:Header", names)!.AppendChild(wrapper);
        var forged = (XmlElement)body.CloneNode(deep: true);
        forged.RemoveAttribute("Id", WsSecurityNames.Wsu);
        forged.InnerXml = forged.InnerXml.Replace("Aanvaard", "Geweigerd", StringComparison.Ordinal);
        wrapper.AppendChild(body.ParentNode!.ReplaceChild(forged, body));

        Assert.Equal(SignatureFailure.NotCovered, Signing.Verify(document.OuterXml).Failure);
    }

    [Fact]
    public void Verify_DuplicateIdOnAForgedBody_IsRefused()
    {
        var document = Signing.Dom(Signing.Sign(Signing.Sample("send-response.xml")));
        var names = Signing.Names(document);
        var body = (XmlElement)document.SelectSingleNode("/soap:Envelope/soap:Body", names)!;
        var copy = (XmlElement)body.CloneNode(deep: true);
        var wrapper = document.CreateElement("x", "Wrapper", "urn:attacker");
        wrapper.AppendChild(copy);
        document.SelectSingleNode("/soap:Envelope/soap:Header", names)!.AppendChild(wrapper);

        Assert.Equal(SignatureFailure.Malformed, Signing.Verify(document.OuterXml).Failure);
    }

    [Fact]
    public void Verify_SignatureOverTheBodyOnly_IsRefusedAsNotCovered()
    {
        var signed = SignWith(Signing.Sample("send-response.xml"), coverTimestamp: false, signatureMethod: WsSecurityNames.RsaSha256);

        Assert.Equal(SignatureFailure.NotCovered, Signing.Verify(signed).Failure);
    }

    [Fact]
    public void Verify_RsaSha1Signature_IsRefusedAsOutsideTheProfile()
    {
        var signed = SignWith(Signing.Sample("send-response.xml"), coverTimestamp: true, signatureMethod: SignedXml.XmlDsigRSASHA1Url);

        Assert.Equal(SignatureFailure.Malformed, Signing.Verify(signed).Failure);
    }

    [Fact]
    public void Verify_TwoSecurityHeaders_IsRefused()
    {
        var document = Signing.Dom(Signing.Sign(Signing.Sample("send-response.xml")));
        var security = document.SelectSingleNode("//wsse:Security", Signing.Names(document))!;
        security.ParentNode!.AppendChild(document.ImportNode(Signing.Dom(Signing.Sign(Signing.Sample("send-response.xml"))).SelectSingleNode("//wsse:Security", Signing.Names(document))!, true));

        Assert.Equal(SignatureFailure.Malformed, Signing.Verify(document.OuterXml).Failure);
    }

    /// <summary>
    /// A signature made by hand with the trusted key, to show that the profile check (not only the cryptography)
    /// refuses what the profile does not allow.
    /// </summary>
    private static string SignWith(string envelope, bool coverTimestamp, string signatureMethod, string? inclusivePrefixes = null)
    {
        var document = Signing.Dom(Signing.Sign(envelope));
        var names = Signing.Names(document);
        var signature = document.SelectSingleNode("//ds:Signature", names)!;
        var keyInfo = (XmlElement)signature.SelectSingleNode("ds:KeyInfo", names)!.CloneNode(true);
        signature.ParentNode!.RemoveChild(signature);

        var ids = ReferenceSignedXml.CollectIds(document);
        var signed = new ReferenceSignedXml(document, ids) { SigningKey = System.Security.Cryptography.X509Certificates.RSACertificateExtensions.GetRSAPrivateKey(TestCertificates.Central) };
        signed.SignedInfo!.CanonicalizationMethod = WsSecurityNames.ExcC14N;
        signed.SignedInfo.SignatureMethod = signatureMethod;
        foreach (var (id, element) in ids.Where(p => p.Value.LocalName == "Body" || (coverTimestamp && p.Value.LocalName == "Timestamp")))
        {
            var reference = new Reference("#" + id) { DigestMethod = WsSecurityNames.Sha256 };
            reference.AddTransform(inclusivePrefixes is null ? new XmlDsigExcC14NTransform() : new XmlDsigExcC14NTransform(inclusivePrefixes));
            signed.AddReference(reference);
        }

        var info = new KeyInfo();
        info.AddClause(new KeyInfoNode((XmlElement)keyInfo.FirstChild!));
        signed.KeyInfo = info;
        signed.ComputeSignature();
        document.SelectSingleNode("//wsse:Security", names)!.AppendChild(document.ImportNode(signed.GetXml(), true));
        return document.OuterXml;
    }
}
