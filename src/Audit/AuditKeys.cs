using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace VrijwilligeOppas.Audit;

/// <summary>
/// The audit log's secrets: AES-256-GCM keys by id (the newest encrypts, every one still decrypts, so keys rotate
/// without re-encrypting ten years of records) and the HMAC-SHA256 key of the blind index.
/// </summary>
public sealed class AuditKeys
{
    private readonly IReadOnlyDictionary<string, byte[]> _encryption;
    private readonly byte[] _index;

    public AuditKeys(string currentKeyId, IReadOnlyDictionary<string, byte[]> encryptionKeys, byte[] indexKey)
    {
        if (!encryptionKeys.ContainsKey(currentKeyId))
        {
            throw new ArgumentException($"The current audit key '{currentKeyId}' is not among the configured keys.", nameof(currentKeyId));
        }

        if (encryptionKeys.Values.Any(k => k.Length != 32) || indexKey.Length < 32)
        {
            throw new ArgumentException("Audit encryption keys must be 32 bytes (AES-256) and the index key at least 32 bytes.");
        }

        (CurrentKeyId, _encryption, _index) = (currentKeyId, encryptionKeys, indexKey);
    }

    public string CurrentKeyId { get; }

    /// <summary>Encrypts the personal part of a record; the record's chain position is bound in as associated data.</summary>
    public byte[] Protect(PersonalData data, ReadOnlySpan<byte> associatedData)
    {
        var plaintext = JsonSerializer.SerializeToUtf8Bytes(data, AuditJson.Default.PersonalData);
        var output = new byte[12 + 16 + plaintext.Length];
        RandomNumberGenerator.Fill(output.AsSpan(0, 12));
        using var aes = new AesGcm(_encryption[CurrentKeyId], 16);
        aes.Encrypt(output.AsSpan(0, 12), plaintext, output.AsSpan(28), output.AsSpan(12, 16), associatedData);
        return output;
    }

    /// <exception cref="CryptographicException">Wrong key, or the ciphertext or its associated data was changed.</exception>
    public PersonalData Unprotect(string keyId, ReadOnlySpan<byte> protectedData, ReadOnlySpan<byte> associatedData)
    {
        if (!_encryption.TryGetValue(keyId, out var key))
        {
            throw new CryptographicException($"Audit key '{keyId}' is not configured.");
        }

        var plaintext = new byte[protectedData.Length - 28];
        using var aes = new AesGcm(key, 16);
        aes.Decrypt(protectedData[..12], protectedData[28..], protectedData[12..28], plaintext, associatedData);
        return JsonSerializer.Deserialize(plaintext, AuditJson.Default.PersonalData)!;
    }

    /// <summary>The keyed blind index of an INSZ: searchable by whoever holds the key, meaningless to anyone else.</summary>
    public string BlindIndex(string insz) => Convert.ToHexString(HMACSHA256.HashData(_index, Encoding.ASCII.GetBytes(insz.Trim())));

    /// <summary>
    /// The keyed hash of an OCMW Reference, found by exact value. Domain-separated from <see cref="BlindIndex"/>, so a
    /// reference that happens to be an INSZ does not hash to that INSZ's index.
    /// </summary>
    public string ReferenceIndex(string reference) => Convert.ToHexString(HMACSHA256.HashData(_index, Encoding.UTF8.GetBytes("vo-audit-reference|" + reference)));

}

/// <summary>
/// What of a record is personal data: encrypted as one blob. <see cref="Reference"/> is there from record format 2
/// on (before, it was stored in plaintext).
/// </summary>
public sealed record PersonalData(string? User, IReadOnlyList<string> Subjects, string? Reference = null);

[System.Text.Json.Serialization.JsonSerializable(typeof(PersonalData))]

internal sealed partial class AuditJson : System.Text.Json.Serialization.JsonSerializerContext;
