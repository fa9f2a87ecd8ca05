using System.ComponentModel.DataAnnotations;
using System.Security.Cryptography.X509Certificates;
using VrijwilligeOppas.Audit;
using VrijwilligeOppas.Gateway.Configuration;
using VrijwilligeOppas.Gateway.Trust;
using VrijwilligeOppas.Security;

namespace VrijwilligeOppas.Gateway.Audit;

/// <summary>
/// The few settings an audit command reads, bound and validated as the running gateway does (the same validator),
/// each part only when the command needs it, so that a missing setting is named by the command that needs it.
/// </summary>
internal sealed class AuditCommandContext
{
    private readonly IConfiguration _configuration;

    private AuditCommandContext(IConfiguration configuration, AuditOptions audit, bool sandbox, string dataDirectory)
    {
        (_configuration, Audit, Sandbox, DataDirectory) = (configuration, audit, sandbox, dataDirectory);
    }

    public AuditOptions Audit { get; }

    public bool Sandbox { get; }

    public string DataDirectory { get; }

    /// <exception cref="ValidationException">A setting of the Audit section is invalid.</exception>
    public static AuditCommandContext From(IConfiguration configuration)
    {
        var audit = new AuditOptions();
        var gateway = new GatewayOptions();
        try
        {
            configuration.GetSection(AuditOptions.Section).Bind(audit);
            configuration.GetSection(GatewayOptions.Section).Bind(gateway);
        }
        catch (InvalidOperationException ex)
        {
            throw new ValidationException(ex.InnerException?.Message is { } inner ? $"{ex.Message} {inner}" : ex.Message);
        }

        var result = new AuditOptionsValidator().Validate(null, audit);
        if (result.Failed)
        {
            throw new ValidationException(result.FailureMessage);
        }

        return new AuditCommandContext(configuration, audit, gateway.Mode == GatewayMode.Sandbox, gateway.DataDirectory);
    }

    public async Task<IAuditStore> OpenStoreAsync(CancellationToken cancellationToken)
    {
        var store = AuditSetup.Store(Audit, DataDirectory);
        if (store is SqliteAuditStore && !File.Exists(Path.IsPathRooted(Audit.DatabasePath) ? Audit.DatabasePath : Path.Combine(DataDirectory, Audit.DatabasePath)))
        {
            // Creating an empty store here would make a wrong path look like an empty, intact log.
            throw new InvalidOperationException($"there is no audit database at {Path.GetFullPath(Path.Combine(DataDirectory, Audit.DatabasePath))} ({AuditOptions.Section}:{nameof(AuditOptions.DatabasePath)}, {GatewayOptions.Section}:{nameof(GatewayOptions.DataDirectory)})");
        }

        await store.MigrateAsync(cancellationToken);
        return store;
    }

    /// <summary>The gateway's chain, as <see cref="GatewayAudit.Instance"/> names it.</summary>
    public string Instance => Audit.Instance is { Length: > 0 } instance ? instance : Environment.MachineName;

    /// <summary>The signing certificate if one is configured (or, in the sandbox, the development one); null otherwise.</summary>
    public X509Certificate2? OptionalSigningCertificate() => TrySigningCertificate();

    public AuditKeys Keys() => AuditKeyFile.Load(Audit, Sandbox, DataDirectory);

    /// <summary>What verify trusts; in sandbox mode also the signing certificate the sandbox runs with, if there is one.</summary>
    public AuditTrust Trust() => AuditSetup.Trust(Audit, Sandbox, Sandbox && TrySigningCertificate() is { } signing ? [signing] : []);

    /// <summary>The gateway's signing certificate with its key (export and purge sign), from the Trust settings or, in the sandbox, the development one.</summary>
    public X509Certificate2 SigningCertificate(string command) =>
        TrySigningCertificate() ?? throw new InvalidOperationException($"{TrustOptions.Section}:{nameof(TrustOptions.SigningCertificatePath)} is required: {command} signs with the gateway's signing certificate");

    private X509Certificate2? TrySigningCertificate()
    {
        var path = _configuration[$"{TrustOptions.Section}:{nameof(TrustOptions.SigningCertificatePath)}"];
        if (!string.IsNullOrEmpty(path))
        {
            return CertificateFiles.LoadWithKey(path, NullIfEmpty(_configuration[$"{TrustOptions.Section}:{nameof(TrustOptions.SigningKeyPath)}"]), NullIfEmpty(_configuration[$"{TrustOptions.Section}:{nameof(TrustOptions.SigningCertificatePassword)}"]));
        }

        var development = AuditSetup.SandboxSigningCertificatePath(DataDirectory);
        if (Sandbox && File.Exists(development))
        {
            return CertificateFiles.LoadWithKey(development, Path.ChangeExtension(Path.ChangeExtension(development, null), ".key.pem"), null);
        }

        return null;
    }

    private static string? NullIfEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;
}
