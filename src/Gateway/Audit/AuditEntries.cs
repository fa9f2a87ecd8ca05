using VrijwilligeOppas.Audit;
using VrijwilligeOppas.Mapping.Ksz;

namespace VrijwilligeOppas.Gateway.Audit;

/// <summary>What the audit log records of one exchange: the facts of the reply, and every INSZ the message and a consult's answer named.</summary>
internal static class AuditEntries
{
    public static AuditEntry For(KszReply reply, KszMessage? message, string? callerCertificate, string? callerAddress) => new()
    {
        Received = reply.Received,
        Answered = reply.Answered,
        Ticket = reply.Ticket,
        Reference = reply.Echo?.Reference,
        Operation = message?.Payload.Kind.ToString().ToLowerInvariant(),
        Ondernemingsnummer = message?.Payload.Ondernemingsnummer ?? reply.Echo?.User.OrgUnit,
        Dienst = message?.Payload.Erkenningsnummer,
        User = reply.Echo?.User.UserId,
        Subjects = [.. Subjects(message, reply.Service).Distinct(StringComparer.Ordinal)],
        ReturnCode = reply.ReturnCode,
        ReasonCode = reply.Refusals.Count > 0 ? reply.Refusals[0].ReasonCodeText : null,
        ItemsAccepted = Counts(reply.Service).Accepted,
        ItemsRefused = Counts(reply.Service).Refused,
        CallerCertificate = callerCertificate,
        CallerAddress = callerAddress,
    };

    /// <summary>A request that was not even SOAP: who sent it and when is all there is to say.</summary>
    public static AuditEntry ForFault(string ticket, DateTimeOffset received, DateTimeOffset answered, string faultCode, string? callerCertificate, string? callerAddress) => new()
    {
        Received = received,
        Answered = answered,
        Ticket = ticket,
        ReturnCode = ReturnCodes.Error,
        ReasonCode = "SOAP_FAULT_" + faultCode.ToUpperInvariant(),
        CallerCertificate = callerCertificate,
        CallerAddress = callerAddress,
    };

    private static IEnumerable<string> Subjects(KszMessage? message, ServiceReply? reply)
    {
        switch (message?.Payload)
        {
            case SendPayload send:
                foreach (var prestatie in send.Prestaties)
                {
                    yield return prestatie.GebruikerInsz;
                    yield return prestatie.VrijwilligerInsz;
                }

                break;
            case ConsultPayload consult:
                if (consult.GebruikerInsz is { } gebruiker)
                {
                    yield return gebruiker;
                }

                if (consult.VrijwilligerInsz is { } vrijwilliger)
                {
                    yield return vrijwilliger;
                }

                break;
        }

        if (reply?.Payload is ConsultReplyPayload answer)
        {
            foreach (var found in answer.Prestaties)
            {
                yield return found.Prestatie.Gebruiker.Value;
                yield return found.Prestatie.Vrijwilliger.Value;
            }
        }
    }

    private static (int Accepted, int Refused) Counts(ServiceReply? reply) => reply?.Payload switch
    {
        SendReplyPayload send => (send.Resultaten.Count(r => r.DuurMinuten is not null), send.Resultaten.Count(r => r.DuurMinuten is null)),
        DeleteReplyPayload delete => (delete.Resultaten.Count(r => r.Status == DeleteStatus.Verwijderd), delete.Resultaten.Count(r => r.Status != DeleteStatus.Verwijderd)),
        ConsultReplyPayload consult => (consult.Prestaties.Count, 0),
        _ => (0, 0),
    };
}
