namespace VrijwilligeOppas.Gateway.Ksz;

/// <summary>The gateway's unique ticket for one message: 32 lowercase hex digits, time-ordered.</summary>
internal static class Ticket
{
    public static string New(TimeProvider clock) => Guid.CreateVersion7(clock.GetUtcNow()).ToString("N");
}
