using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace VrijwilligeOppas.Gateway.Callers;

/// <summary>
/// The <c>Callers</c> section: which client certificates speak for which ondernemingsnummer, and which proxies may
/// hand the gateway a client certificate in a header. Used when <c>Gateway:CallerAuthentication</c> is
/// <c>ClientCertificate</c>.
/// </summary>
public sealed class CallerOptions
{
    public const string Section = "Callers";

    /// <summary>The OCMWs' certificates, each mapped to the ondernemingsnummer it may send for.</summary>
    [ValidateEnumeratedItems]
    public List<CallerClient> Clients { get; set; } = [];

    /// <summary>CA certificate (PEM or DER) that must have issued a certificate matched by <see cref="CallerClient.Subject"/>.</summary>
    public string? IssuerCertificatePath { get; set; }

    /// <summary>A client certificate forwarded by a TLS-terminating ingress.</summary>
    [ValidateObjectMembers]
    public ForwardedCertificateOptions Forwarded { get; set; } = new();
}

public sealed class CallerClient
{
    /// <summary>SHA-256 thumbprint of the certificate (hex, colons and case ignored): pins exactly one certificate.</summary>
    public string? Thumbprint { get; set; }

    /// <summary>Subject distinguished name, e.g. <c>CN=OCMW Gent, O=OCMW Gent, C=BE</c>; needs <see cref="CallerOptions.IssuerCertificatePath"/>.</summary>
    public string? Subject { get; set; }

    /// <summary>The ondernemingsnummer this certificate may send for.</summary>
    [Required]
    public string Ondernemingsnummer { get; set; } = string.Empty;
}

public sealed class ForwardedCertificateOptions
{
    /// <summary>Header carrying the client certificate (base64 DER, PEM, or URL-encoded PEM as nginx sends it).</summary>
    [Required]
    public string Header { get; set; } = "X-Client-Cert";

    /// <summary>Addresses of the proxies whose header is believed; from any other address the header is ignored.</summary>
    public List<string> Proxies { get; set; } = [];
}

[OptionsValidator]
internal sealed partial class CallerOptionsValidator : IValidateOptions<CallerOptions>;
