namespace VrijwilligeOppas.LoadDriver;

/// <summary>
/// Month-end (issue 20): many OCMWs send their month at once. Small senders — one from another OCMW than the bulk
/// senders, one from the same — post single-prestatie messages in a closed loop, first alone (the same run's
/// baseline), then beside <see cref="DriverOptions.BulkClients"/> clients posting 10 000-prestatie sends back to back
/// and <see cref="DriverOptions.SlowClients"/> clients trickling their body at 20 bytes/s.
/// </summary>
internal static class Fairness
{
    /// <summary>OCMW Brugge in the sandbox registry; the bulk senders and the same-caller sender are OCMW Gent.</summary>
    private const string OtherOcmw = "0207123407";

    private const int TrickleBytesPerSecond = 20;

    public static async Task<FairnessReport> RunAsync(Servers servers, DriverOptions options, byte[] accepted, CancellationToken cancellationToken)
    {
        var url = servers.GatewayUrl;
        using var other = new Load(url, BulkMessages.Send(1, TimeProvider.System, OtherOcmw, "456"), 1, accepted);
        using var same = new Load(url, BulkMessages.Send(1, TimeProvider.System), 1, accepted);
        using var bulk = new Load(url, BulkMessages.Send(10_000, TimeProvider.System), 10_000, accepted);
        var slow = new SlowBodies(url, BulkMessages.Send(1, TimeProvider.System), TrickleBytesPerSecond);

        var phases = new List<FairnessPhase>();
        foreach (var (name, bulkClients, slowClients, small) in new[]
        {
            ("unloaded", 0, 0, true),
            ($"{options.BulkClients} bulk senders alone", options.BulkClients, 0, false),
            ($"{options.SlowClients} slow bodies", 0, options.SlowClients, true),
            ($"{options.BulkClients} bulk senders", options.BulkClients, 0, true),
            ($"{options.BulkClients} bulk senders + {options.SlowClients} slow bodies", options.BulkClients, options.SlowClients, true),
        })
        {
            using var stopSlow = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            var before = slow.Outcomes;
            var slowRun = slowClients == 0 ? Task.CompletedTask : slow.RunAsync(slowClients, stopSlow.Token);
            if (slowClients > 0)
            {
                // Let the drips take their places first, as they would at a real month end.
                await Task.Delay(TimeSpan.FromSeconds(2), cancellationToken);
            }

            var bulkRun = bulkClients == 0 ? None : bulk.RunAsync(bulkClients, options.Duration, int.MaxValue, cancellationToken);
            var otherRun = small ? other.RunAsync(1, options.Duration, int.MaxValue, cancellationToken) : None;
            var sameRun = small ? same.RunAsync(1, options.Duration, int.MaxValue, cancellationToken) : None;
            await Task.WhenAll(bulkRun, otherRun, sameRun);
            await stopSlow.CancelAsync();
            await slowRun;
            var after = slow.Outcomes;
            phases.Add(new FairnessPhase(name, small ? otherRun.Result : null, small ? sameRun.Result : null, bulkClients == 0 ? null : bulkRun.Result,
                after.Answered - before.Answered, after.Dropped - before.Dropped));
        }

        return new FairnessReport(phases, options);
    }

    private static readonly Task<LoadResult> None = Task.FromResult(new LoadResult(0, 0, TimeSpan.Zero, []));
}
