namespace VrijwilligeOppas.Audit;

/// <summary>
/// Who did what, when, how and about whom (draaiboek §1.5, seed 003 §27–29): one message the gateway handled,
/// whatever its outcome — its plaintext <see cref="AuditFacts"/> and the personal part. <see cref="User"/> and
/// <see cref="Subjects"/> are INSZ numbers: they are stored only encrypted, with a keyed blind index per number for
/// searching. A message that is forwarded to the central service has two: one at <see cref="AuditStage.Forwarding"/>,
/// durable before a byte leaves, and its outcome after.
/// </summary>
public sealed record AuditEntry : AuditFacts
{
    /// <summary>The return code of a <see cref="AuditStage.Forwarding"/> record: its outcome is not known yet.</summary>
    public const int NoReturnCode = -1;

    /// <summary>
    /// The OCMW's own message reference, if the message could be read. Free text that may hold an INSZ: stored only
    /// encrypted, with a keyed hash for searching (<see cref="AuditKeys.ReferenceIndex"/>).
    /// </summary>
    public string? Reference { get; init; }

    /// <summary>The staff member's INSZ from <c>AuthorizedUser/UserID</c>.</summary>
    public string? User { get; init; }

    /// <summary>Every gebruiker and vrijwilliger INSZ in the request and, for a consult, in the answer.</summary>
    public IReadOnlyList<string> Subjects { get; init; } = [];
}
