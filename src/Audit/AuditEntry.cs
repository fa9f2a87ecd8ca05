namespace VrijwilligeOppas.Audit;

/// <summary>
/// Who did what, when, how and about whom (draaiboek §1.5, seed 003 §27–29): one message the gateway handled,
/// whatever its outcome. <see cref="User"/> and <see cref="Subjects"/> are INSZ numbers: they are stored only
/// encrypted, with a keyed blind index per number for searching. A message that is forwarded to the central service
/// has two: one at <see cref="AuditStage.Forwarding"/>, durable before a byte leaves, and its outcome after.
/// </summary>
public sealed record AuditEntry
{
    /// <summary>The return code of a <see cref="AuditStage.Forwarding"/> record: its outcome is not known yet.</summary>
    public const int NoReturnCode = -1;

    public AuditStage Stage { get; init; } = AuditStage.Outcome;

    public required DateTimeOffset Received { get; init; }

    public required DateTimeOffset Answered { get; init; }

    public required string Ticket { get; init; }

    /// <summary>
    /// The OCMW's own message reference, if the message could be read. Free text that may hold an INSZ: stored only
    /// encrypted, with a keyed hash for searching (<see cref="AuditKeys.ReferenceIndex"/>).
    /// </summary>
    public string? Reference { get; init; }

    /// <summary>send (creatie/correctie), delete or consult; null when the message could not be read.</summary>
    public string? Operation { get; init; }

    public string? Ondernemingsnummer { get; init; }

    public int? Dienst { get; init; }

    /// <summary>The staff member's INSZ from <c>AuthorizedUser/UserID</c>.</summary>
    public string? User { get; init; }

    /// <summary>Every gebruiker and vrijwilliger INSZ in the request and, for a consult, in the answer.</summary>
    public IReadOnlyList<string> Subjects { get; init; } = [];

    public required int ReturnCode { get; init; }

    /// <summary>The whole-message ReasonCode when the message was refused.</summary>
    public string? ReasonCode { get; init; }

    /// <summary>The ReasonCodes of refused or not-applied items (a processed message's per-item results).</summary>
    public IReadOnlyList<string> ItemReasonCodes { get; init; } = [];

    /// <summary>
    /// What an operator command did, for the records the audit commands leave of themselves (who ran it, which
    /// filters): plaintext, so never an INSZ or a Reference — those go in <see cref="Subjects"/> and <see cref="Reference"/>.
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
