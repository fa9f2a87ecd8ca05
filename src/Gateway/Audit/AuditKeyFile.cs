using System.Text.Json;
using VrijwilligeOppas.Audit;

using VrijwilligeOppas.Gateway.Configuration;

namespace VrijwilligeOppas.Gateway.Audit;

/// <summary>The audit keys: from configuration, or in sandbox mode from a key file generated on the first run.</summary>
internal static class AuditKeyFile
{
    public static AuditKeys Load(AuditOptions options, bool sandbox, string dataDirectory)
    {
        if (!string.IsNullOrEmpty(options.CurrentKeyId))
        {
            return new AuditKeys(
                options.CurrentKeyId,
                options.EncryptionKeys.ToDictionary(k => k.Key, k => Convert.FromBase64String(k.Value)),
                Convert.FromBase64String(options.IndexKey ?? throw new StartupRefusedException($"{AuditOptions.Section}:IndexKey is required with {AuditOptions.Section}:CurrentKeyId.")));
        }

        if (!sandbox)
        {
            throw new StartupRefusedException($"{AuditOptions.Section}:CurrentKeyId, :EncryptionKeys and :IndexKey are required outside sandbox mode.");
        }

        var path = Path.Combine(dataDirectory, "audit", "sandbox-keys.json");
        if (File.Exists(path))
        {
            var stored = JsonSerializer.Deserialize<StoredKeys>(File.ReadAllText(path))!;
            return new AuditKeys(stored.KeyId, new Dictionary<string, byte[]> { [stored.KeyId] = Convert.FromBase64String(stored.Key) }, Convert.FromBase64String(stored.IndexKey));
        }

        var fresh = new StoredKeys("sandbox-1", Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32)), Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32)));
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, JsonSerializer.Serialize(fresh));
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        return Load(options, sandbox, dataDirectory);
    }

    private sealed record StoredKeys(string KeyId, string Key, string IndexKey);
}
