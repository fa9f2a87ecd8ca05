using System.Security.Cryptography.X509Certificates;

namespace VrijwilligeOppas.Audit;

/// <summary>
/// Walks every chain: consecutive sequence numbers from the genesis or from a signed purge marker, each record's
/// hash recomputed and linked to its predecessor, every checkpoint signed by a configured certificate and matching
/// its record, and — when configured — the witness file's entries and the checkpoints' RFC 3161 timestamps. Lists
/// messages forwarded without an outcome record ("outcome unknown"): a crash or kill between forwarding and reply.
/// </summary>
public static class AuditVerifier
{
    public static async Task<AuditVerification> VerifyAsync(IAuditStore store, AuditTrust trust, CancellationToken cancellationToken)
    {
        var witness = trust.Witness is { } w ? await w.ReadAsync(cancellationToken) : null;
        var instances = (await store.InstancesAsync(cancellationToken)).Concat(witness?.Instances ?? []).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal);
        var chains = new List<ChainVerification>();
        foreach (var instance in instances)
        {
            chains.Add(await VerifyChainAsync(store, trust, witness, instance, cancellationToken));
        }

        return new AuditVerification(chains, witness?.Unreadable ?? []);
    }

    private static async Task<ChainVerification> VerifyChainAsync(IAuditStore store, AuditTrust trust, WitnessContents? witness, string instance, CancellationToken cancellationToken)
    {
        var problems = new List<string>();
        var warnings = new List<string>();
        var purge = await store.LastPurgeAsync(instance, cancellationToken);
        if (purge is not null && !AuditCheckpoints.IsValid(purge, trust.CheckpointCertificates))
        {
            problems.Add($"the purge marker at record {purge.Sequence} is not signed by a configured checkpoint certificate");
            purge = null;
        }

        var purged = purge?.Sequence ?? 0;
        var hashes = new Dictionary<long, byte[]>();
        var forwarded = new Dictionary<string, long>(StringComparer.Ordinal);
        var (previousSequence, previousHash) = (purged, purge?.Hash ?? AuditRecord.Genesis);
        long first = 0;
        var count = 0;
        await foreach (var record in store.ReadChainAsync(instance, cancellationToken))
        {
            count++;
            first = count == 1 ? record.Sequence : first;
            if (record.Sequence != previousSequence + 1)
            {
                problems.Add(count == 1 && purge is null
                    ? $"records 1..{record.Sequence - 1} are missing, and no signed purge marker says they were purged"
                    : $"records {previousSequence + 1}..{record.Sequence - 1} are missing");
            }
            else if (!record.PreviousHash.AsSpan().SequenceEqual(previousHash))
            {
                problems.Add(count == 1 && purge is not null
                    ? $"record {record.Sequence} does not follow the purge marker (purged up to record {purge.Sequence})"
                    : $"record {record.Sequence} does not follow record {previousSequence} (inserted or reordered)");
            }

            if (!record.ComputeHash().AsSpan().SequenceEqual(record.Hash))
            {
                problems.Add($"record {record.Sequence} was changed after it was written");
            }

            if (record.Stage == AuditStage.Forwarding)
            {
                forwarded[record.Ticket] = record.Sequence;
            }
            else
            {
                forwarded.Remove(record.Ticket);
            }

            hashes[record.Sequence] = record.Hash;
            (previousSequence, previousHash) = (record.Sequence, record.Hash);
        }

        var last = count == 0 ? purged : previousSequence;
        var checkpoints = await store.CheckpointsAsync(instance, cancellationToken);
        foreach (var checkpoint in checkpoints)
        {
            CheckAnchor(checkpoint, "the checkpoint", trust, hashes, purged, last, problems);
        }

        if (trust.TimestampAuthorities is not null && checkpoints.Count > 0 && checkpoints[^1].TimestampToken is null)
        {
            warnings.Add($"the last checkpoint (record {checkpoints[^1].Sequence}) has no timestamp from the time-stamping authority");
        }

        long? witnessed = null;
        if (witness is not null)
        {
            foreach (var entry in witness.Checkpoints.Where(c => c.Instance == instance))
            {
                CheckAnchor(entry, "the witness", trust, hashes, purged, last, problems);
                witnessed = Math.Max(witnessed ?? 0, entry.Sequence);
            }

            foreach (var marker in witness.Purges.Where(p => p.Instance == instance && p.Sequence > purged))
            {
                problems.Add(AuditCheckpoints.IsValid(marker, trust.CheckpointCertificates)
                    ? $"the witness records a purge up to record {marker.Sequence} that the database does not"
                    : $"the witness has a purge entry at record {marker.Sequence} that is not signed by a configured checkpoint certificate");
            }

            if (checkpoints.Count > 0 && (witnessed ?? 0) < checkpoints[^1].Sequence)
            {
                warnings.Add($"the last checkpoint (record {checkpoints[^1].Sequence}) is not in the witness (last witnessed: {witnessed?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "none"})");
            }
        }

        var unknown = forwarded.OrderBy(f => f.Value).Select(f => f.Key).ToList();
        return new ChainVerification(instance, count, first, last, checkpoints.Count > 0 ? checkpoints[^1].Sequence : null, problems)
        {
            Warnings = warnings,
            OutcomeUnknown = unknown,
            PurgedThrough = purge?.Sequence,
            WitnessedSequence = witnessed,
        };
    }

    /// <summary>A checkpoint, from the database or the witness: signed by a configured certificate, timestamped if asked, and agreeing with the chain.</summary>
    private static void CheckAnchor(AuditCheckpoint anchor, string source, AuditTrust trust, Dictionary<long, byte[]> hashes, long purged, long last, List<string> problems)
    {
        if (!AuditCheckpoints.IsValid(anchor, trust.CheckpointCertificates))
        {
            problems.Add($"{source} at record {anchor.Sequence} is not signed by a configured checkpoint certificate");
            return;
        }

        if (trust.TimestampAuthorities is { } authorities && anchor.TimestampToken is { } token && AuditTimestamps.Check(token, anchor.SignedBytes(), authorities) is { } wrong)
        {
            problems.Add($"the timestamp of {source} at record {anchor.Sequence} {wrong}");
        }

        if (anchor.Sequence > last)
        {
            problems.Add($"the chain ends at record {last} but {source} names record {anchor.Sequence}: its tail was removed");
        }
        else if (anchor.Sequence > purged && hashes.TryGetValue(anchor.Sequence, out var hash) && !hash.AsSpan().SequenceEqual(anchor.Hash))
        {
            problems.Add($"record {anchor.Sequence} differs from {source}");
        }
    }
}

/// <summary>
/// What verification may trust: the certificates checkpoints and purge markers may be signed with (the gateway's
/// current and earlier signing certificates, from configuration), the time-stamping authorities, and the witness.
/// </summary>
public sealed record AuditTrust(IReadOnlyList<X509Certificate2> CheckpointCertificates)
{
    public X509Certificate2Collection? TimestampAuthorities { get; init; }

    public AuditWitness? Witness { get; init; }
}

public sealed record AuditVerification(IReadOnlyList<ChainVerification> Chains, IReadOnlyList<string> WitnessProblems)
{
    public bool IsIntact => WitnessProblems.Count == 0 && Chains.All(c => c.Problems.Count == 0);
}

public sealed record ChainVerification(string Instance, int Records, long FirstSequence, long LastSequence, long? CheckpointSequence, IReadOnlyList<string> Problems)
{
    /// <summary>Findings that do not break the chain: a checkpoint without timestamp, or not yet witnessed.</summary>
    public IReadOnlyList<string> Warnings { get; init; } = [];

    /// <summary>Tickets of messages forwarded to the central service whose outcome was never recorded.</summary>
    public IReadOnlyList<string> OutcomeUnknown { get; init; } = [];

    public long? PurgedThrough { get; init; }

    public long? WitnessedSequence { get; init; }
}
