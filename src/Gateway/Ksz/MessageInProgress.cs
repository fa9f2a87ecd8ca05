using System.Diagnostics;
using VrijwilligeOppas.Mapping.Exchange;
using VrijwilligeOppas.Mapping.Ksz;

namespace VrijwilligeOppas.Gateway.Ksz;

/// <summary>
/// What is known of one KSZ message so far: filled in step by step by <see cref="KszExchangeMiddleware"/>, read by
/// <see cref="KszResponder"/> for the reply, the audit record, the logs and the span.
/// </summary>
internal sealed class MessageInProgress(string ticket, DateTimeOffset received, Activity? activity)
{
    private readonly long _started = Stopwatch.GetTimestamp();

    public string Ticket { get; } = ticket;

    public DateTimeOffset Received { get; } = received;

    public Activity? Activity { get; } = activity;

    /// <summary>The body form the reply is written in: the request's, once it is known.</summary>
    public BodyForm Form { get; set; } = BodyForm.DocumentLiteral;

    /// <summary>The request's RequestContext, which the reply repeats.</summary>
    public RequestContext? RequestContext { get; set; }

    public KszService? Operation { get; set; }

    public KszMessage? Message { get; set; }

    public string? CallerCertificate { get; set; }

    public string? CallerAddress { get; set; }

    /// <summary>Where the message is, for the line logged when the client hangs up.</summary>
    public MessageStep Step { get; set; } = MessageStep.Receiving;

    /// <summary>True once an outcome record was attempted: a message gets one outcome record, never two.</summary>
    public bool Audited { get; set; }

    public long ElapsedMs => (long)Stopwatch.GetElapsedTime(_started).TotalMilliseconds;
}

/// <summary>The steps a client can hang up in.</summary>
internal enum MessageStep
{
    Receiving,
    Reading,
    Waiting,
    Processing,
    Forwarding,
    Replying,
}
