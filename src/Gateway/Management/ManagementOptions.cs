using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace VrijwilligeOppas.Gateway.Management;

/// <summary>
/// The <c>Management</c> section: the listener of the management console and of <c>/metrics</c>, a port of its own that
/// OCMWs never reach, and who may read it. Empty <see cref="Urls"/> means no management listener at all.
/// </summary>
public sealed class ManagementOptions
{
    public const string Section = "Management";

    /// <summary>Addresses of the management listener, e.g. <c>https://+:9443</c>; never the OCMW-facing port.</summary>
    public List<string> Urls { get; set; } = [];

    /// <summary>ClientCertificate (the 2020 protocol: an individual key such as the eID) or None (sandbox, loopback only).</summary>
    public ManagementAuthentication Authentication { get; set; } = ManagementAuthentication.ClientCertificate;

    /// <summary>The management listener's own TLS certificate (PEM or PFX); required with client certificates.</summary>
    public string? CertificatePath { get; set; }

    public string? CertificateKeyPath { get; set; }

    public string? CertificatePassword { get; set; }

    /// <summary>CA certificates (PEM or DER) that must have issued a certificate matched by serial number, e.g. the eID's Citizen CA and its root.</summary>
    public List<string> TrustedIssuerPaths { get; set; } = [];

    /// <summary>Who may read the console, each granted one role by the access manager.</summary>
    [ValidateEnumeratedItems]
    public List<ManagementUser> Users { get; set; } = [];

    /// <summary>Messages per page of the message list.</summary>
    [Range(5, 500)]
    public int PageSize { get; set; } = 50;
}

public enum ManagementAuthentication
{
    ClientCertificate,
    None,
}

/// <summary>The three roles of issue 15: what each may see is decided in one place, <see cref="ConsoleUser"/>.</summary>
public enum ConsoleRole
{
    Operator,
    Helpdesk,
    Consultant,
}

public sealed class ManagementUser
{
    /// <summary>Shown on the pages and written into the audit record of every access.</summary>
    [Required]
    public string Name { get; set; } = string.Empty;

    [Required]
    public ConsoleRole? Role { get; set; }

    /// <summary>SHA-256 thumbprint of the certificate (hex; colons and case ignored): pins exactly one certificate.</summary>
    public string? Thumbprint { get; set; }

    /// <summary>
    /// The subject's serialNumber (OID 2.5.4.5): on the Belgian eID authentication certificate, the holder's national
    /// number. Matched only on a certificate issued by one of <see cref="ManagementOptions.TrustedIssuerPaths"/>.
    /// </summary>
    public string? SerialNumber { get; set; }
}

[OptionsValidator]
internal sealed partial class ManagementOptionsValidator : IValidateOptions<ManagementOptions>;
