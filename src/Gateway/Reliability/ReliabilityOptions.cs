using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace VrijwilligeOppas.Gateway.Reliability;

/// <summary>The <c>Reliability</c> section: how much the gateway takes on at once, how it retries, how it stops.</summary>
public sealed class ReliabilityOptions
{
    public const string Section = "Reliability";

    /// <summary>Messages processed at once, once their body has been received; each holds its mapped and signed forms in memory.</summary>
    [Range(1, 10_000)]
    public int MaxConcurrentMessages { get; set; } = 16;

    /// <summary>
    /// Request bodies received or held at once, counted by their announced length (a chunked body as the largest
    /// accepted): beyond it the OCMW is told GATEWAY_BEZET before its body is read. 256 MiB is 16 bodies of the largest size.
    /// </summary>
    [Range(typeof(long), "1048576", "68719476736")]
    public long MaxBufferedRequestBytes { get; set; } = 256L * 1024 * 1024;

    /// <summary>A body of at least this many bytes (about 600 prestaties) is a bulk send, processed in a bulk lane.</summary>
    [Range(typeof(long), "1024", "1073741824")]
    public long BulkMessageBytes { get; set; } = 256 * 1024;

    /// <summary>Bulk sends processed at once (the others wait their turn); unset, all processors but one (at least one), so that one is always free for small messages.</summary>
    [Range(1, 10_000)]
    public int? MaxConcurrentBulkMessages { get; set; }

    /// <summary>How long a bulk send may wait for a lane: longer than <see cref="QueueTimeout"/>, because bulk sends queue behind each other by design.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:30:00")]
    public TimeSpan BulkQueueTimeout { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>Messages that may wait for a processing slot, and bulk sends for a lane; beyond it the OCMW is told GATEWAY_BEZET at once.</summary>
    [Range(0, 100_000)]
    public int QueueLimit { get; set; } = 64;

    /// <summary>How long a message may wait for a slot or a lane before it is answered GATEWAY_BEZET.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:05:00")]
    public TimeSpan QueueTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Attempts at the central service per message, the first included; which failures are retried is fixed (docs/reliability.md).</summary>
    [Range(1, 10)]
    public int MaxAttempts { get; set; } = 3;

    /// <summary>First backoff; each further one doubles, and every delay is drawn at random below its bound (full jitter).</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:01:00")]
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>No retry is started that could not end, at the cluster's activity timeout, within this time of the message's arrival.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:30:00")]
    public TimeSpan CentralDeadline { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>After SIGTERM, how long messages in progress may take to finish; new ones are refused with GATEWAY_STOPT.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:10:00")]
    public TimeSpan ShutdownGracePeriod { get; set; } = TimeSpan.FromSeconds(30);
}

[OptionsValidator]
internal sealed partial class ReliabilityOptionsValidator : IValidateOptions<ReliabilityOptions>;
