using VrijwilligeOppas.Audit;

namespace VrijwilligeOppas.Gateway.Audit;

/// <summary>
/// The chain the operator commands record themselves in: <c>{Audit:Instance}/commands</c>, beside the gateway's own,
/// because a running gateway holds its own chain for its life. One command at a time writes it (the store's instance
/// claim); with a signing certificate at hand each record is checkpointed at once, so it cannot later be cut off the
/// tail unnoticed.
/// </summary>
internal static class AuditCommandChain
{
    private const int ClaimAttempts = 20;

    public static string Name(AuditCommandContext context) => context.Instance + "/commands";

    /// <exception cref="InvalidOperationException">Another command held the chain for too long.</exception>
    /// <exception cref="AuditUnavailableException">The store did not take the record.</exception>
    public static async Task AppendAsync(AuditCommandContext context, IAuditStore store, AuditKeys keys, AuditEntry entry, CancellationToken cancellationToken)
    {
        var chain = Name(context);
        await using var claim = await ClaimAsync(store, chain, cancellationToken);
        ChainHead head;
        await using (var log = await AuditLog.OpenAsync(store, keys, chain, cancellationToken, new AuditLogOptions { AppendTimeout = context.Audit.AppendTimeout }))
        {
            await log.AppendAsync(entry, cancellationToken);
            head = log.Head;
        }

        if (context.OptionalSigningCertificate() is { } signing)
        {
            using (signing)
            {
                var checkpoint = AuditCheckpoints.Sign(chain, head.Sequence, head.Hash, entry.Answered, signing);
                await store.SaveCheckpointAsync(checkpoint, cancellationToken);
                if (context.Trust().Witness is { } witness)
                {
                    await witness.AppendAsync(checkpoint, cancellationToken);
                }
            }
        }
    }

    private static async Task<IAsyncDisposable> ClaimAsync(IAuditStore store, string chain, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            if (await store.ClaimInstanceAsync(chain, cancellationToken) is { } claim)
            {
                return claim;
            }

            if (attempt == ClaimAttempts)
            {
                throw new InvalidOperationException($"another audit command is recording in the chain '{chain}'; try again when it has finished");
            }

            await Task.Delay(TimeSpan.FromMilliseconds(250), cancellationToken);
        }
    }
}
