using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Xml;

namespace VrijwilligeOppas.Security;

/// <summary>
/// Checks a SOAP 1.1 message against the X.509 profile, strictly: one Security header with one Timestamp, one
/// token and one signature; exclusive C14N and RSA-SHA256 only; exactly two references, resolved by unique
/// <c>wsu:Id</c> to the envelope's own Body and the header's own Timestamp (so the Body that is processed is the
/// Body that was signed); the token equal to the pinned certificate; the Timestamp fresh within the skew.
/// </summary>
/// <remarks>
/// One streaming pass (<see cref="SignedMessage"/>) digests the Body as it goes by; only the Security header becomes
/// a DOM. The caller reads the message afterwards from the same bytes: the shape check guarantees the Body it reads
/// (the envelope's only Body) is the Body digested here.
/// </remarks>
public sealed class WsSecurityVerifier(X509Certificate2 trusted, TimeSpan clockSkew, TimeProvider clock)
{
    private readonly RSA _trustedKey = trusted.GetRSAPublicKey() ?? throw new ArgumentException("The pinned certificate has no RSA key.", nameof(trusted));

    public SignatureCheck Verify(Stream message, long maxBytes)
    {
        SignedMessage signed;
        try
        {
            signed = SignedMessage.Read(message, maxBytes);
        }
        catch (XmlException ex)
        {
            return SignatureCheck.Fail(SignatureFailure.NotSoap, "Not well-formed: " + ex.Message);
        }

        if (!signed.IsEnvelope)
        {
            return SignatureCheck.Fail(SignatureFailure.NotSoap, "The message is not a SOAP 1.1 envelope.");
        }

        try
        {
            return Verify(signed);
        }
        catch (Exception ex) when (ex is CryptographicException or FormatException or XmlException)
        {
            return SignatureCheck.Fail(SignatureFailure.Malformed, "The signature could not be processed: " + ex.Message);
        }
    }

    private SignatureCheck Verify(SignedMessage message)
    {
        if (!message.HasSoapShape)
        {
            return SignatureCheck.Fail(SignatureFailure.Malformed, "The envelope must hold an optional Header followed by one Body.");
        }

        if (message.Security is not { } securityHeader)
        {
            return SignatureCheck.Fail(SignatureFailure.NoSignature, "The message carries no wsse:Security header.");
        }

        var security = Dom.Children(securityHeader).ToList();
        var timestamp = security.SingleOrDefault(e => Dom.Is(e, "Timestamp", WsSecurityNames.Wsu));
        var token = security.SingleOrDefault(e => Dom.Is(e, "BinarySecurityToken", WsSecurityNames.Wsse));
        var signature = security.SingleOrDefault(e => Dom.Is(e, "Signature", WsSecurityNames.Ds));
        if (message.SecurityHeaders > 1 || security.Count != 3 || timestamp is null || token is null || signature is null)
        {
            return SignatureCheck.Fail(SignatureFailure.Malformed, "wsse:Security must hold exactly one Timestamp, one BinarySecurityToken and one ds:Signature.");
        }

        if (message.DuplicateId)
        {
            return SignatureCheck.Fail(SignatureFailure.Malformed, "A wsu:Id value occurs more than once.");
        }

        var signedInfo = Dom.Child(signature, "SignedInfo", WsSecurityNames.Ds) ?? throw new CryptographicException("ds:Signature has no SignedInfo.");
        if (CheckProfile(signedInfo, message.Ids) is { } profileFailure)
        {
            return profileFailure;
        }

        if (CheckToken(signature, message.Ids, token) is { } tokenFailure)
        {
            return tokenFailure;
        }

        if (!DigestsMatch(signedInfo, message, timestamp) || !SignatureMatches(signature, signedInfo, message))
        {
            return SignatureCheck.Fail(SignatureFailure.Invalid, "The signature or a digest does not match the message: it was changed after signing.");
        }

        return CheckFreshness(timestamp) ?? new SignatureCheck(null, "Signature valid.");
    }

    private static SignatureCheck? CheckProfile(XmlElement signedInfo, Dictionary<string, IdTarget> ids)
    {
        var canonicalization = Algorithm(signedInfo, "CanonicalizationMethod");
        var signatureMethod = Algorithm(signedInfo, "SignatureMethod");
        if (canonicalization != WsSecurityNames.ExcC14N || signatureMethod != WsSecurityNames.RsaSha256)
        {
            return SignatureCheck.Fail(SignatureFailure.Malformed, $"SignedInfo must use exclusive C14N and RSA-SHA256, not {canonicalization} and {signatureMethod}.");
        }

        var covered = new List<IdTarget>();
        foreach (var reference in References(signedInfo))
        {
            var transforms = Dom.Children(Dom.Child(reference, "Transforms", WsSecurityNames.Ds)).ToList();
            if (Algorithm(reference, "DigestMethod") != WsSecurityNames.Sha256 || transforms is not [var transform] || !Dom.Is(transform, "Transform", WsSecurityNames.Ds)
                || transform.GetAttribute("Algorithm") != WsSecurityNames.ExcC14N)
            {
                return SignatureCheck.Fail(SignatureFailure.Malformed, "Every reference must use the exclusive C14N transform and SHA-256.");
            }

            if (reference.GetAttribute("URI") is not ['#', .. var id] || !ids.TryGetValue(id, out var target))
            {
                return SignatureCheck.Fail(SignatureFailure.NotCovered, "A reference does not name an element by wsu:Id.");
            }

            covered.Add(target);
        }

        return covered.Count == 2 && covered.Contains(IdTarget.Body) && covered.Contains(IdTarget.Timestamp)
            ? null
            : SignatureCheck.Fail(SignatureFailure.NotCovered, "The signature must cover exactly the envelope's Body and the Security header's Timestamp.");
    }

    private SignatureCheck? CheckToken(XmlElement signature, Dictionary<string, IdTarget> ids, XmlElement token)
    {
        var clauses = Dom.Children(Dom.Child(signature, "KeyInfo", WsSecurityNames.Ds)).ToList();
        var reference = clauses is [var str] && Dom.Is(str, "SecurityTokenReference", WsSecurityNames.Wsse)
            ? Dom.Children(str).SingleOrDefault(e => Dom.Is(e, "Reference", WsSecurityNames.Wsse))
            : null;
        if (reference?.GetAttribute("URI") is not ['#', .. var tokenId] || ids.GetValueOrDefault(tokenId, IdTarget.Other) != IdTarget.Token)
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

        // RawDataMemory, not RawData: the latter copies the certificate on every call.
        return raw.AsSpan().SequenceEqual(trusted.RawDataMemory.Span)
            ? null
            : SignatureCheck.Fail(SignatureFailure.UntrustedCertificate, "The message was signed with a certificate other than the pinned one.");
    }

    /// <summary>The Body's digest was taken while it streamed by; the Timestamp's is taken from the header's DOM.</summary>
    private static bool DigestsMatch(XmlElement signedInfo, SignedMessage message, XmlElement timestamp)
    {
        var timestampId = timestamp.GetAttribute("Id", WsSecurityNames.Wsu);
        foreach (var reference in References(signedInfo))
        {
            var id = reference.GetAttribute("URI")[1..];
            var actual = message.Ids[id] == IdTarget.Body
                ? message.BodyDigest!
                : SHA256.HashData(ExclusiveCanonicalizer.Canonicalize(timestamp, message.InclusivePrefixesFor(timestampId), message.SecurityScope));
            var expected = Convert.FromBase64String(Dom.Child(reference, "DigestValue", WsSecurityNames.Ds)?.InnerText ?? string.Empty);
            if (!CryptographicOperations.FixedTimeEquals(actual, expected))
            {
                return false;
            }
        }

        return true;
    }

    private bool SignatureMatches(XmlElement signature, XmlElement signedInfo, SignedMessage message)
    {
        var value = Convert.FromBase64String(Dom.Child(signature, "SignatureValue", WsSecurityNames.Ds)?.InnerText ?? string.Empty);
        var canonical = ExclusiveCanonicalizer.Canonicalize(signedInfo, Dom.InclusivePrefixes(Dom.Child(signedInfo, "CanonicalizationMethod", WsSecurityNames.Ds)), message.SecurityScope);
        return _trustedKey.VerifyData(canonical, value, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
    }

    private SignatureCheck? CheckFreshness(XmlElement timestamp)
    {
        var created = WsTimestamp.Parse(Dom.Child(timestamp, "Created", WsSecurityNames.Wsu)?.InnerText);
        var expires = WsTimestamp.Parse(Dom.Child(timestamp, "Expires", WsSecurityNames.Wsu)?.InnerText);
        if (created is null || expires is null || expires <= created)
        {
            return SignatureCheck.Fail(SignatureFailure.Malformed, "The Timestamp needs a Created and a later Expires.");
        }

        var now = clock.GetUtcNow();
        return now < created - clockSkew || now > expires + clockSkew
            ? SignatureCheck.Fail(SignatureFailure.Stale, $"The Timestamp (created {WsTimestamp.Format(created.Value)}, expires {WsTimestamp.Format(expires.Value)}) is not valid at {WsTimestamp.Format(now)} within a skew of {clockSkew}.")
            : null;
    }

    private static IEnumerable<XmlElement> References(XmlElement signedInfo) => Dom.Children(signedInfo).Where(e => Dom.Is(e, "Reference", WsSecurityNames.Ds));

    private static string? Algorithm(XmlElement parent, string localName) => Dom.Child(parent, localName, WsSecurityNames.Ds)?.GetAttribute("Algorithm");
}
