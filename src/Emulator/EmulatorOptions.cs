namespace VrijwilligeOppas.Emulator;

/// <summary>Where the emulated central service keeps its data and reads its parameter tables.</summary>
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
}
