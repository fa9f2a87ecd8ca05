namespace VrijwilligeOppas.Audit;

/// <summary>
/// Walks every chain: consecutive sequence numbers, each record's hash recomputed and linked to its predecessor,
/// and the last signed checkpoint found in the chain with the same hash. Detects a changed, deleted, reordered or
/// inserted record and a tail cut off after the last checkpoint.
/// </summary>
public static class AuditVerifier
{
    public static async Task<AuditVerification> VerifyAsync(IAuditStore store, CancellationToken cancellationToken)
    {
        var chains = new List<ChainVerification>();
        foreach (var instance in await store.InstancesAsync(cancellationToken))
        {
            chains.Add(await VerifyChainAsync(store, instance, cancellationToken));
        }

        return new AuditVerification(chains);
    }

    private static async Task<ChainVerification> VerifyChainAsync(IAuditStore store, string instance, CancellationToken cancellationToken)
    {
        var problems = new List<string>();
        var hashes = new Dictionary<long, byte[]>();
        AuditRecord? previous = null;
        long first = 0;
        var count = 0;
        await foreach (var record in store.ReadChainAsync(instance, cancellationToken))
        {
            count++;
            if (previous is null)
            {
                first = record.Sequence;
                if (record.Sequence == 1 && !record.PreviousHash.AsSpan().SequenceEqual(AuditRecord.Genesis))
                {
                    problems.Add("record 1 does not start from the genesis hash");
                }
            }
            else if (record.Sequence != previous.Sequence + 1)
            {
                problems.Add($"records {previous.Sequence + 1}..{record.Sequence - 1} are missing");
            }
            else if (!record.PreviousHash.AsSpan().SequenceEqual(previous.Hash))
            {
                problems.Add($"record {record.Sequence} does not follow record {previous.Sequence} (inserted or reordered)");
            }

            if (!record.ComputeHash().AsSpan().SequenceEqual(record.Hash))
            {
                problems.Add($"record {record.Sequence} was changed after it was written");
            }

            hashes[record.Sequence] = record.Hash;
            previous = record;
        }

        var checkpoint = await store.LastCheckpointAsync(instance, cancellationToken);
        if (checkpoint is not null)
        {
            if (!AuditCheckpoints.IsValid(checkpoint))
            {
                problems.Add($"the checkpoint at record {checkpoint.Sequence} has an invalid signature");
            }
            else if (!hashes.TryGetValue(checkpoint.Sequence, out var hash))
            {
                problems.Add($"the chain ends at record {previous?.Sequence ?? 0} but was checkpointed at record {checkpoint.Sequence}: its tail was removed");
            }
            else if (!hash.AsSpan().SequenceEqual(checkpoint.Hash))
            {
                problems.Add($"record {checkpoint.Sequence} differs from the checkpointed one");
            }
        }

        return new ChainVerification(instance, count, first, previous?.Sequence ?? 0, checkpoint?.Sequence, problems);
    }
}

public sealed record AuditVerification(IReadOnlyList<ChainVerification> Chains)
{
    public bool IsIntact => Chains.All(c => c.Problems.Count == 0);
}

public sealed record ChainVerification(string Instance, int Records, long FirstSequence, long LastSequence, long? CheckpointSequence, IReadOnlyList<string> Problems);
