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
        Reference = reply.RequestContext?.Reference,
        Operation = message?.Payload.Kind.ToString().ToLowerInvariant(),
        Ondernemingsnummer = message?.Payload.Ondernemingsnummer ?? reply.RequestContext?.User.OrgUnit,
        Dienst = message?.Payload.Erkenningsnummer,
        User = reply.RequestContext?.User.UserId,
        Subjects = [.. Subjects(message, reply.Service).Distinct(StringComparer.Ordinal)],
        ReturnCode = reply.ReturnCode,
        ReasonCode = reply.Refusals.Count > 0 ? reply.Refusals[0].ReasonCodeText : null,
        ItemReasonCodes = [.. ItemReasonCodes(reply.Service)],
        ItemsAccepted = Counts(reply.Service).Accepted,
        ItemsRefused = Counts(reply.Service).Refused,
        CallerCertificate = callerCertificate,
        CallerAddress = callerAddress,
    };

    /// <summary>
    /// The record made durable before the message leaves for the central service: who, what, about whom and the
    /// ticket; its outcome follows in a second record with the same ticket.
    /// </summary>
    public static AuditEntry ForForwarding(KszMessage message, RequestContext? echo, string ticket, DateTimeOffset received, DateTimeOffset forwarded, string? callerCertificate, string? callerAddress) =>
        For(new KszReply([], echo, ticket, received, forwarded, null), message, callerCertificate, callerAddress) with { Stage = AuditStage.Forwarding, ReturnCode = AuditEntry.NoReturnCode };

    /// <summary>The client hung up before it had its reply: recorded with <see cref="ClientDisconnected"/>, nothing answered.</summary>
    public static AuditEntry ForClientGone(KszMessage? message, RequestContext? echo, string ticket, DateTimeOffset received, DateTimeOffset ended, string? callerCertificate, string? callerAddress) =>
        For(new KszReply([], echo, ticket, received, ended, null), message, callerCertificate, callerAddress) with { ReturnCode = ReturnCodes.Error, ReasonCode = ClientDisconnected };

    /// <summary>The audit-only reason of a message whose client went away before its reply (never sent on the wire: nobody is there to read it).</summary>
    public const string ClientDisconnected = "CLIENT_DISCONNECTED";

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

    /// <summary>Why items were refused or not found, so an outcome can be found by any of its items' ReasonCodes.</summary>
    private static IEnumerable<string> ItemReasonCodes(ServiceReply? reply) => reply?.Payload switch
    {
        SendReplyPayload send => send.Resultaten.SelectMany(r => r.Details).Select(d => d.ReasonCodeText),
        DeleteReplyPayload delete => delete.Resultaten.SelectMany(r => r.Details).Select(d => d.ReasonCodeText),
        _ => [],
    };

    private static (int Accepted, int Refused) Counts(ServiceReply? reply) => reply?.Payload switch
    {
        SendReplyPayload send => (send.Resultaten.Count(r => r.DuurMinuten is not null), send.Resultaten.Count(r => r.DuurMinuten is null)),
        DeleteReplyPayload delete => (delete.Resultaten.Count(r => r.Status == DeleteStatus.Verwijderd), delete.Resultaten.Count(r => r.Status != DeleteStatus.Verwijderd)),
        ConsultReplyPayload consult => (consult.Prestaties.Count, 0),
        _ => (0, 0),
    };
}
