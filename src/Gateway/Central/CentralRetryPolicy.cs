using Microsoft.Extensions.Options;
using VrijwilligeOppas.Gateway.Reliability;
using VrijwilligeOppas.Mapping.Exchange;

namespace VrijwilligeOppas.Gateway.Central;

/// <summary>
/// When another attempt at the central service is safe, and when it is worth it. The argument, in docs/reliability.md:
/// a consult changes nothing, so any transient failure may be retried; a send replaces prestaties by PrestatieId, so
/// repeating one that may have been applied leaves the same prestaties, once; a delete repeated after it was applied
/// would come back NIET_GEVONDEN and turn a success into a failure, so a delete is only repeated when the service
/// certainly did not apply it.
/// </summary>
internal sealed class CentralRetryPolicy(IOptions<ReliabilityOptions> options, Random random)
{
    /// <summary>The delay before the next attempt, or null when the message's fate must go back to the OCMW as it is.</summary>
    public TimeSpan? NextDelay(CentralRequest request, CentralOutcome outcome, int attemptsMade, TimeSpan elapsed, TimeSpan attemptTimeout)
    {
        var settings = options.Value;
        if (attemptsMade >= settings.MaxAttempts || !IsSafe(request, outcome))
        {
            return null;
        }

        var bound = settings.RetryBaseDelay * Math.Pow(2, attemptsMade - 1);
        var delay = bound * random.NextDouble();
        return elapsed + delay + attemptTimeout <= settings.CentralDeadline ? delay : null;
    }

    public static bool IsSafe(CentralRequest request, CentralOutcome outcome) => (request, outcome) switch
    {
        (_, CentralOutcome.NotApplied) => true,
        (ConsultPrestatiesRequest or SendPrestatiesRequest, CentralOutcome.MaybeApplied) => true,
        _ => false,
    };
}
