using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace VrijwilligeOppas.Audit;

/// <summary>
/// An <see cref="AuditEntry"/> as stored: its plaintext <see cref="AuditFacts"/>, the encrypted personal part with its
/// key id, the blind index of every INSZ, and its place in its instance's chain: <see cref="Hash"/> covers every other
/// field and the previous record's hash, so a changed, removed, reordered or inserted record breaks the chain.
/// <see cref="Format"/> 1 records (written before issue 15) keep the OCMW Reference in plaintext and hash as they
/// always did; format 2 moves it into the encrypted part, stores its keyed hash, and hashes the item ReasonCodes
/// and command details too.
/// </summary>
public sealed record AuditRecord : AuditFacts
{
    public static readonly byte[] Genesis = new byte[32];

    /// <summary>The format <see cref="Create"/> writes.</summary>
    public const int CurrentFormat = 2;

    /// <summary>A record as a store reads it back, every field given.</summary>
    public AuditRecord()
    {
    }

    /// <summary>The entry's facts (by the facts' copy constructor), its personal part sealed, at its place in the chain.</summary>
    [SetsRequiredMembers]
    private AuditRecord(AuditEntry entry, string instance, long sequence, byte[] previousHash, AuditKeys keys)
        : base(entry)
    {
        Instance = instance;
        Sequence = sequence;
        ReferenceIndex = entry.Reference is null ? null : keys.ReferenceIndex(entry.Reference);
        ItemReasonCodes = entry.ItemReasonCodes.Distinct().Order(StringComparer.Ordinal).ToList();
        KeyId = keys.CurrentKeyId;
        Personal = keys.Protect(new PersonalData(entry.User, entry.Subjects, entry.Reference), AssociatedData(instance, sequence, entry.Ticket));
        SubjectIndexes = entry.Subjects.Append(entry.User).OfType<string>().Select(keys.BlindIndex).Distinct().Order(StringComparer.Ordinal).ToList();
        PreviousHash = previousHash;
        Hash = ComputeHash();
    }

    public int Format { get; init; } = CurrentFormat;

    public required string Instance { get; init; }

    public required long Sequence { get; init; }

    /// <summary>The plaintext Reference of a format 1 record; null from format 2 on (it is in <see cref="Personal"/>).</summary>
    public string? Reference { get; init; }

    /// <summary>The keyed hash of the Reference (<see cref="AuditKeys.ReferenceIndex"/>); hashed into the chain from format 2 on.</summary>
    public string? ReferenceIndex { get; init; }

    public required string KeyId { get; init; }

    public required byte[] Personal { get; init; }

    /// <summary>Blind indexes of the user and every subject, sorted and distinct.</summary>
    public required IReadOnlyList<string> SubjectIndexes { get; init; }

    public required byte[] PreviousHash { get; init; }

    public byte[] Hash { get; init; } = [];

    /// <summary>Binds the encrypted part to this record's place, so it cannot be moved to another record.</summary>
    public static byte[] AssociatedData(string instance, long sequence, string ticket) =>
        Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $"{instance}|{sequence}|{ticket}"));

    public static AuditRecord Create(AuditEntry entry, string instance, long sequence, byte[] previousHash, AuditKeys keys) =>
        new(entry, instance, sequence, previousHash, keys);

    /// <summary>SHA-256 over every field but the hash itself, length-prefixed so no two records serialise alike.</summary>
    public byte[] ComputeHash()
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        using (var w = new BinaryWriter(new HashingStream(hash), Encoding.UTF8))
        {
            // Format 1 outcome records hash exactly as before stages existed, so chains written then still verify;
            // any other stage or format changes the domain string, so neither can be altered without breaking the hash.
            var domain = Format == 1 ? "vo-audit-v1" : "vo-audit-v" + Format.ToString(CultureInfo.InvariantCulture);
            w.Write(Format == 1 && Stage == AuditStage.Outcome ? domain : domain + "|" + StageName(Stage));
            w.Write(Instance);
            w.Write(Sequence);
            w.Write(Received.ToUnixTimeMilliseconds());
            w.Write(Answered.ToUnixTimeMilliseconds());
            w.Write(Ticket);
            if (Format == 1)
            {
                Write(w, Reference);
            }
            else
            {
                // A plaintext Reference on a format 2 record is as much a change as any other.
                Write(w, Reference);
                Write(w, ReferenceIndex);
                w.Write(ItemReasonCodes.Count);
                foreach (var code in ItemReasonCodes)
                {
                    w.Write(code);
                }

                Write(w, Details);
            }

            Write(w, Operation);
            Write(w, Ondernemingsnummer);
            w.Write(Dienst ?? -1);
            w.Write(ReturnCode);
            Write(w, ReasonCode);
            w.Write(ItemsAccepted);
            w.Write(ItemsRefused);
            Write(w, CallerCertificate);
            Write(w, CallerAddress);
            w.Write(KeyId);
            w.Write(Personal.Length);
            w.Write(Personal);
            w.Write(SubjectIndexes.Count);
            foreach (var index in SubjectIndexes)
            {
                w.Write(index);
            }

            w.Write(PreviousHash);
        }

        return hash.GetHashAndReset();
    }

    public static string StageName(AuditStage stage) => stage switch
    {
        AuditStage.Forwarding => "forwarding",
        _ => "outcome",
    };

    public static AuditStage ParseStage(string name) => name == "forwarding" ? AuditStage.Forwarding : AuditStage.Outcome;

    /// <summary>Feeds what the writer serialises straight into the hash: a record is hashed without being buffered.</summary>
    private sealed class HashingStream(IncrementalHash hash) : Stream
    {
        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override void Write(ReadOnlySpan<byte> buffer) => hash.AppendData(buffer);

        public override void Write(byte[] buffer, int offset, int count) => hash.AppendData(buffer, offset, count);

        public override void WriteByte(byte value) => hash.AppendData([value]);

        public override void Flush()
        {
        }

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();
    }

    private static void Write(BinaryWriter writer, string? value)
    {
        writer.Write(value is not null);
        if (value is not null)
        {
            writer.Write(value);
        }
    }
}
