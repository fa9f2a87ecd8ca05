namespace VrijwilligeOppas.Audit;

/// <summary>
/// The plaintext facts of one message the gateway handled: what, when, how it ended and who called, never about
/// whom. What the gateway hands over (<see cref="AuditEntry"/>) adds the personal part; what is stored
/// (<see cref="AuditRecord"/>) adds that part encrypted, its blind indexes and the record's place in its chain. A new
/// plaintext fact is a property here and a column in <c>AuditRows</c> (and a migration); it enters the chain hash
/// only with a new record format, so that older records still verify.
/// </summary>
public abstract record AuditFacts
{
    public AuditStage Stage { get; init; } = AuditStage.Outcome;

    public required DateTimeOffset Received { get; init; }

    public required DateTimeOffset Answered { get; init; }

    public required string Ticket { get; init; }

    /// <summary>send (creatie/correctie), delete or consult; null when the message could not be read.</summary>
    public string? Operation { get; init; }

    public string? Ondernemingsnummer { get; init; }

    public int? Dienst { get; init; }

    /// <summary><see cref="AuditEntry.NoReturnCode"/> on a <see cref="AuditStage.Forwarding"/> record.</summary>
    public required int ReturnCode { get; init; }

    /// <summary>The whole-message ReasonCode when the message was refused.</summary>
    public string? ReasonCode { get; init; }

    /// <summary>
    /// The ReasonCodes of refused or not-applied items (a processed message's per-item results): an entry names them
    /// as the reply did, a record keeps them distinct and ordinal-sorted (hashed from format 2 on).
    /// </summary>
    public IReadOnlyList<string> ItemReasonCodes { get; init; } = [];

    /// <summary>
    /// What an operator command did, for the records the audit commands leave of themselves (who ran it, which
    /// filters): plaintext, so never an INSZ or a Reference — those go in the personal part. Hashed from format 2 on.
    /// </summary>
    public string? Details { get; init; }

    public int ItemsAccepted { get; init; }

    public int ItemsRefused { get; init; }

    /// <summary>The caller's certificate (SHA-256 thumbprint and subject), or null without caller authentication.</summary>
    public string? CallerCertificate { get; init; }

    public string? CallerAddress { get; init; }
}

/// <summary>Which of a message's records this is.</summary>
public enum AuditStage
{
    /// <summary>How the message ended: the reply, the refusal, or that its client went away.</summary>
    Outcome,

    /// <summary>Written, and durable, before the message is handed to the central service; its outcome follows.</summary>
    Forwarding,
}
