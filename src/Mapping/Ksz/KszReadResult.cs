using VrijwilligeOppas.Mapping.Diagnostics;

namespace VrijwilligeOppas.Mapping.Ksz;

/// <summary>How the SSDN request travelled in <c>soap:Body</c>; the reply uses the same form.</summary>
public enum BodyForm
{
    DocumentLiteral,
    Connector,
}

/// <summary>
/// What reading an incoming message gave: a <see cref="KszMessage"/>, an SSDN refusal (with whatever request
/// context could be read, for the echo), or a SOAP fault for input that is not a SOAP 1.1 envelope at all.
/// </summary>
public sealed record KszReadResult
{
    public BodyForm Form { get; init; }

    public KszMessage? Message { get; init; }

    public RequestContext? Context { get; init; }

    /// <summary>The operation named by a known ServiceId, even when the message is refused; null if it could not be read.</summary>
    public KszService? Operation { get; init; }

    public Detail? Refusal { get; init; }

    public SoapFault? Fault { get; init; }
}

/// <summary>A SOAP 1.1 fault: <paramref name="Code"/> is the local name in the envelope namespace.</summary>
public sealed record SoapFault(string Code, string Reason)
{
    public static SoapFault Client(string reason) => new("Client", reason);
}
