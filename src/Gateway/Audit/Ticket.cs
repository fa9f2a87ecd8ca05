namespace VrijwilligeOppas.Gateway.Audit;

/// <summary>The gateway's unique ticket for one message (or audited command): 32 lowercase hex digits, time-ordered; the audit log finds a message by it.</summary>
internal static class Ticket
{
    public static string New(TimeProvider clock) => Guid.CreateVersion7(clock.GetUtcNow()).ToString("N");
}
