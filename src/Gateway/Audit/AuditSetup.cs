using System.Security.Cryptography.X509Certificates;
using VrijwilligeOppas.Audit;
using VrijwilligeOppas.Security;

using VrijwilligeOppas.Gateway.Configuration;

namespace VrijwilligeOppas.Gateway.Audit;

/// <summary>
/// What the running gateway and the operator's audit commands build alike from the <c>Audit</c> section: the store,
/// and what verification trusts. The commands use nothing else, so they run where only that section is configured.
/// </summary>
internal static class AuditSetup
{
    /// <summary>The development signing certificate the sandbox generates (Trust/DevelopmentCertificates).</summary>
    public static string SandboxSigningCertificatePath(string dataDirectory) => Path.Combine(dataDirectory, "certificates", "gateway.crt.pem");

    public static IAuditStore Store(AuditOptions audit, string dataDirectory)
    {
        if (audit.Store == AuditStoreKind.PostgreSql)
        {
            return new PostgresAuditStore(Npgsql.NpgsqlDataSource.Create(audit.ConnectionString
                ?? throw new StartupRefusedException($"{AuditOptions.Section}:ConnectionString is required with {AuditOptions.Section}:Store PostgreSql.")));
        }

        return new SqliteAuditStore(Path.IsPathRooted(audit.DatabasePath) ? audit.DatabasePath : Path.Combine(dataDirectory, audit.DatabasePath));
    }

    /// <summary>
    /// The configured checkpoint certificates (in sandbox mode also <paramref name="sandboxSigning"/>: the signing
    /// certificate the sandbox runs with), the TSA's certificate and the witness.
    /// </summary>
    /// <exception cref="CertificateFileException">A configured certificate file cannot be read.</exception>
    public static AuditTrust Trust(AuditOptions audit, bool sandbox, IEnumerable<X509Certificate2> sandboxSigning)
    {
        var certificates = audit.CheckpointCertificatePaths.Where(p => !string.IsNullOrWhiteSpace(p)).Select(CertificateFiles.LoadPublic).ToList();
        if (sandbox)
        {
            certificates.AddRange(sandboxSigning.Select(c => X509CertificateLoader.LoadCertificate(c.RawData)));
        }

        X509Certificate2Collection? authorities = null;
        if (!string.IsNullOrWhiteSpace(audit.TimestampAuthorityCertificatePath))
        {
            authorities = [];
            try
            {
                authorities.ImportFromPemFile(audit.TimestampAuthorityCertificatePath);
            }
            catch (Exception ex) when (ex is IOException or System.Security.Cryptography.CryptographicException or UnauthorizedAccessException)
            {
                throw new CertificateFileException(audit.TimestampAuthorityCertificatePath, ex.Message);
            }

            if (authorities.Count == 0)
            {
                throw new CertificateFileException(audit.TimestampAuthorityCertificatePath, "it holds no PEM certificate");
            }
        }

        return new AuditTrust(certificates)
        {
            TimestampAuthorities = authorities,
            Witness = string.IsNullOrWhiteSpace(audit.WitnessDirectory) ? null : new AuditWitness(audit.WitnessDirectory),
        };
    }
}
