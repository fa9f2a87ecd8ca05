namespace VrijwilligeOppas.Security;

/// <summary>Why a message's WS-Security header was not accepted.</summary>
public enum SignatureFailure
{
    /// <summary>Not well-formed XML or not a SOAP 1.1 envelope at all: not a message that could have been signed.</summary>
    NotSoap,

    /// <summary>No <c>wsse:Security</c> header.</summary>
    NoSignature,

    /// <summary>The header or signature is not built as the profile says (duplicates, wrong algorithms, unresolvable references).</summary>
    Malformed,

    /// <summary>The signature does not cover exactly the Body and the Timestamp that are processed (signature wrapping).</summary>
    NotCovered,

    /// <summary>The signer's certificate is not the pinned one.</summary>
    UntrustedCertificate,

    /// <summary>A digest or the signature value does not match: the message was changed.</summary>
    Invalid,

    /// <summary>The Timestamp is outside its validity, beyond the allowed clock skew (a replay or a wrong clock).</summary>
    Stale,
}

/// <summary>The outcome of <see cref="WsSecurityVerifier.Verify(SignedMessage)"/>: valid, or the failure and an English explanation.</summary>
public sealed record SignatureCheck(SignatureFailure? Failure, string Explanation)
{
    public bool IsValid => Failure is null;

    internal static SignatureCheck Fail(SignatureFailure failure, string explanation) => new(failure, explanation);
}
