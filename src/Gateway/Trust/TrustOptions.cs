using System.ComponentModel.DataAnnotations;

namespace VrijwilligeOppas.Gateway.Trust;

/// <summary>
/// The <c>Trust</c> section: the gateway's signing certificate and the central service's pinned certificate. Paths
/// and passwords come from configuration or the environment (<c>Trust__SigningCertificatePassword</c>), never from
/// the repository. In sandbox mode, empty paths mean development certificates generated under the data folder.
/// </summary>
public sealed class TrustOptions
{
    public const string Section = "Trust";

    /// <summary>PKCS#12 file (<c>.p12</c>/<c>.pfx</c>) or PEM certificate the gateway signs with.</summary>
    public string? SigningCertificatePath { get; set; }

    /// <summary>PEM private key of the signing certificate, when it is not in the certificate file.</summary>
    public string? SigningKeyPath { get; set; }

    /// <summary>Password of the PKCS#12 file or of an encrypted PEM key.</summary>
    public string? SigningCertificatePassword { get; set; }

    /// <summary>The central service's certificate (PEM or DER): answers signed by any other are refused.</summary>
    public string? CentralCertificatePath { get; set; }

    /// <summary>
    /// PEM file of the CA(s) the central service's TLS certificate must chain to, instead of the system's trust
    /// store; the host name is checked either way.
    /// </summary>
    public string? CentralTlsCaPath { get; set; }

    /// <summary>SHA-256 thumbprints (hex) of which the central service's TLS chain must contain one (the server's own, or its CA's to survive renewals).</summary>
    public List<string> CentralTlsPins { get; set; } = [];

    /// <summary>How far the central service's clock may differ from the gateway's when checking a Timestamp.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:30:00")]
    public TimeSpan ClockSkew { get; set; } = TimeSpan.FromMinutes(5);
}
