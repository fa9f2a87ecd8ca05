using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Security.Cryptography.Xml;
using System.Xml;
using VrijwilligeOppas.Mapping.Contracts;

namespace VrijwilligeOppas.Security;

/// <summary>
/// Checks a SOAP 1.1 message against the X.509 profile, strictly: one Security header with one Timestamp, one
/// token and one signature; exclusive C14N and RSA-SHA256 only; exactly two references, resolved by unique
/// <c>wsu:Id</c> to the envelope's own Body and the header's own Timestamp (so the Body that is processed is the
/// Body that was signed); the token equal to the pinned certificate; the Timestamp fresh within the skew.
/// </summary>
public sealed class WsSecurityVerifier(X509Certificate2 trusted, TimeSpan clockSkew, TimeProvider clock)
{
    private readonly RSA _trustedKey = trusted.GetRSAPublicKey() ?? throw new ArgumentException("The pinned certificate has no RSA key.", nameof(trusted));

    public X509Certificate2 Trusted => trusted;

    public SignatureCheck Verify(Stream message, long maxCharacters)
    {
        XmlDocument document;
        try
        {
            document = SecureDocument.Load(message, maxCharacters);
        }
        catch (XmlException ex)
        {
            return SignatureCheck.Fail(SignatureFailure.NotSoap, "Not well-formed: " + ex.Message);
        }

        var root = document.DocumentElement!;
        if (root.LocalName != "Envelope" || root.NamespaceURI != Ns.Soap)
        {
            return SignatureCheck.Fail(SignatureFailure.NotSoap, "The message is not a SOAP 1.1 envelope.");
        }

        try
        {
            return Verify(document, root);
        }
        catch (CryptographicException ex)
        {
            return SignatureCheck.Fail(SignatureFailure.Malformed, "The signature could not be processed: " + ex.Message);
        }
    }

    private SignatureCheck Verify(XmlDocument document, XmlElement envelope)
    {
        var parts = SecureDocument.ChildElements(envelope).ToList();
        var body = parts.LastOrDefault();
        if (parts.Count is not (1 or 2) || !Is(body, "Body", Ns.Soap) || (parts.Count == 2 && !Is(parts[0], "Header", Ns.Soap)))
        {
            return SignatureCheck.Fail(SignatureFailure.Malformed, "The envelope must hold an optional Header followed by one Body.");
        }

        var securityHeaders = parts.Count == 2 ? SecureDocument.ChildElements(parts[0]).Where(e => Is(e, "Security", WsSecurityNames.Wsse)).ToList() : [];
        if (securityHeaders.Count == 0)
        {
            return SignatureCheck.Fail(SignatureFailure.NoSignature, "The message carries no wsse:Security header.");
        }

        var security = SecureDocument.ChildElements(securityHeaders[0]).ToList();
        var timestamp = security.SingleOrDefault(e => Is(e, "Timestamp", WsSecurityNames.Wsu));
        var token = security.SingleOrDefault(e => Is(e, "BinarySecurityToken", WsSecurityNames.Wsse));
        var signature = security.SingleOrDefault(e => Is(e, "Signature", WsSecurityNames.Ds));
        if (securityHeaders.Count > 1 || security.Count != 3 || timestamp is null || token is null || signature is null)
        {
            return SignatureCheck.Fail(SignatureFailure.Malformed, "wsse:Security must hold exactly one Timestamp, one BinarySecurityToken and one ds:Signature.");
        }

        if (WsuSignedXml.CollectIds(document) is not { } ids)
        {
            return SignatureCheck.Fail(SignatureFailure.Malformed, "A wsu:Id value occurs more than once.");
        }

        var signed = new WsuSignedXml(document, ids);
        signed.LoadXml(signature);
        if (CheckProfile(signed, ids, body!, timestamp) is { } profileFailure)
        {
            return profileFailure;
        }

        if (CheckToken(signed, ids, token) is { } tokenFailure)
        {
            return tokenFailure;
        }

        if (!signed.CheckSignature(_trustedKey))
        {
            return SignatureCheck.Fail(SignatureFailure.Invalid, "The signature or a digest does not match the message: it was changed after signing.");
        }

        return CheckFreshness(timestamp) ?? new SignatureCheck(document, null, "Signature valid.");
    }

    private static SignatureCheck? CheckProfile(SignedXml signed, Dictionary<string, XmlElement> ids, XmlElement body, XmlElement timestamp)
    {
        var info = signed.SignedInfo!;
        if (info.CanonicalizationMethod != WsSecurityNames.ExcC14N || info.SignatureMethod != WsSecurityNames.RsaSha256)
        {
            return SignatureCheck.Fail(SignatureFailure.Malformed, $"SignedInfo must use exclusive C14N and RSA-SHA256, not {info.CanonicalizationMethod} and {info.SignatureMethod}.");
        }

        var covered = new List<XmlElement>();
        foreach (Reference reference in info.References)
        {
            if (reference.DigestMethod != WsSecurityNames.Sha256 || reference.TransformChain.Count != 1 || reference.TransformChain[0] is not XmlDsigExcC14NTransform)
            {
                return SignatureCheck.Fail(SignatureFailure.Malformed, "Every reference must use the exclusive C14N transform and SHA-256.");
            }

            if (reference.Uri is not ['#', .. var id] || !ids.TryGetValue(id, out var element))
            {
                return SignatureCheck.Fail(SignatureFailure.NotCovered, "A reference does not name an element by wsu:Id.");
            }

            covered.Add(element);
        }

        return covered.Count == 2 && covered.Contains(body) && covered.Contains(timestamp)
            ? null
            : SignatureCheck.Fail(SignatureFailure.NotCovered, "The signature must cover exactly the envelope's Body and the Security header's Timestamp.");
    }

    private SignatureCheck? CheckToken(SignedXml signed, Dictionary<string, XmlElement> ids, XmlElement token)
    {
        var clauses = signed.KeyInfo?.OfType<KeyInfoNode>().ToList() ?? [];
        var reference = clauses is [{ Value: { } str }] && Is(str, "SecurityTokenReference", WsSecurityNames.Wsse)
            ? SecureDocument.ChildElements(str).SingleOrDefault(e => Is(e, "Reference", WsSecurityNames.Wsse))
            : null;
        if (reference?.GetAttribute("URI") is not ['#', .. var tokenId] || !ids.TryGetValue(tokenId, out var referenced) || referenced != token)
        {
            return SignatureCheck.Fail(SignatureFailure.Malformed, "KeyInfo must be a SecurityTokenReference to the BinarySecurityToken.");
        }

        if (token.GetAttribute("ValueType") != WsSecurityNames.X509v3)
        {
            return SignatureCheck.Fail(SignatureFailure.Malformed, "The BinarySecurityToken is not an X.509v3 certificate.");
        }

        byte[] raw;
        try
        {
            raw = Convert.FromBase64String(token.InnerText);
        }
        catch (FormatException)
        {
            return SignatureCheck.Fail(SignatureFailure.Malformed, "The BinarySecurityToken is not base64.");
        }

        return raw.AsSpan().SequenceEqual(trusted.RawData)
            ? null
            : SignatureCheck.Fail(SignatureFailure.UntrustedCertificate, "The message was signed with a certificate other than the pinned one.");
    }

    private SignatureCheck? CheckFreshness(XmlElement timestamp)
    {
        var created = WsTimestamp.Parse(Child(timestamp, "Created")?.InnerText);
        var expires = WsTimestamp.Parse(Child(timestamp, "Expires")?.InnerText);
        if (created is null || expires is null || expires <= created)
        {
            return SignatureCheck.Fail(SignatureFailure.Malformed, "The Timestamp needs a Created and a later Expires.");
        }

        var now = clock.GetUtcNow();
        return now < created - clockSkew || now > expires + clockSkew
            ? SignatureCheck.Fail(SignatureFailure.Stale, $"The Timestamp (created {WsTimestamp.Format(created.Value)}, expires {WsTimestamp.Format(expires.Value)}) is not valid at {WsTimestamp.Format(now)} within a skew of {clockSkew}.")
            : null;
    }

    private static XmlElement? Child(XmlElement parent, string localName) =>
        SecureDocument.ChildElements(parent).SingleOrDefault(e => Is(e, localName, WsSecurityNames.Wsu));

    private static bool Is(XmlElement? element, string localName, string ns) => element is not null && element.LocalName == localName && element.NamespaceURI == ns;
}
