using System.Security.Cryptography.X509Certificates;

namespace VrijwilligeOppas.Emulator;

/// <summary>Where the emulated central service keeps its data and reads its parameter tables, and whom it trusts.</summary>
public sealed class EmulatorOptions
{
    /// <summary>SQLite database file of stored prestaties, reopenings and definitive closings.</summary>
    public required string DatabasePath { get; init; }

    /// <summary>CSV master list of diensten (the agency's registry).</summary>
    public required string RegistryPath { get; init; }

    /// <summary>CSV NIS parameter table.</summary>
    public required string NisTablePath { get; init; }

    /// <summary>Largest request body the emulator reads, in bytes.</summary>
    public long MaxRequestBytes { get; init; } = 64 * 1024 * 1024;

    /// <summary>The central service's own certificate, with its private key: every answer is signed with it.</summary>
    public required X509Certificate2 SigningCertificate { get; init; }

    /// <summary>The gateway's certificate, pinned: a request signed by anything else is refused.</summary>
    public required X509Certificate2 TrustedGatewayCertificate { get; init; }

    /// <summary>How far the sender's clock may differ from the emulator's when checking a Timestamp.</summary>
    public TimeSpan ClockSkew { get; init; } = TimeSpan.FromMinutes(5);
}
