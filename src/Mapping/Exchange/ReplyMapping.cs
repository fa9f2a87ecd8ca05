using VrijwilligeOppas.Mapping.Contracts;
using VrijwilligeOppas.Mapping.Diagnostics;
using VrijwilligeOppas.Mapping.Identifiers;
using VrijwilligeOppas.Mapping.Ksz;

namespace VrijwilligeOppas.Mapping.Exchange;

/// <summary>
/// Maps the central service's answer back to the KSZ reply payload: one result per request item, in request order,
/// whatever order the central service answered in. An answer that does not match the request is not used at all.
/// </summary>
public static class ReplyMapping
{
    /// <summary>The service reply, or the details that refuse the whole message.</summary>
    /// <param name="message">The request as received.</param>
    /// <param name="admitted">What was forwarded and what the gateway refused itself.</param>
    /// <param name="response">The central answer; null when the gateway refused every item and forwarded nothing.</param>
    public static (ServiceReply? Reply, Detail? Refusal) Map(KszMessage message, AdmissionResult admitted, CentralResponse? response)
    {
        var request = admitted.Request ?? throw new ArgumentException("Only admitted messages have replies to map.", nameof(admitted));
        switch (response)
        {
            case CentralFault fault:
                return (null, CentralCodes.ForFault(fault));
            case CentralStatusResponse status when status.InResponseTo != request.Id:
                return (null, Integrity("InResponseTo", status.InResponseTo));
            case CentralStatusResponse { Status.IsSuccess: false } status:
                return (null, CentralCodes.ForStatus(status.Status));
        }

        var payload = message.Payload;
        var ondernemingsnummer = request.Afzender.Organisatie.Value;
        var answer = response as CentralStatusResponse;
        KszReplyPayload? mapped = request switch
        {
            SendPrestatiesRequest => MapSend((SendPayload)payload, ondernemingsnummer, admitted.ItemRefusals, answer),
            DeletePrestatiesRequest => MapDelete((DeletePayload)payload, ondernemingsnummer, answer!),
            ConsultPrestatiesRequest consult => MapConsult(consult, payload.Erkenningsnummer, answer!),
            _ => null,
        };

        return mapped is null
            ? (null, Integrity("Resultaten", "komen niet overeen met de gevraagde prestaties"))
            : (new ServiceReply(KszServiceNames.FromServiceId(message.ServiceId)!.Value, message.Version, mapped), null);
    }

    private static ConsultReplyPayload? MapConsult(ConsultPrestatiesRequest consult, int erkenningsnummer, CentralStatusResponse answer) =>
        answer.Items.Count == 0 && answer.Prestaties.Count <= (consult.MaxResultaten ?? ContractLimits.ConsultPage)
            ? new ConsultReplyPayload(consult.Afzender.Organisatie.Value, erkenningsnummer, answer.Prestaties, answer.VolgendeSleutel)
            : null;

    private static SendReplyPayload? MapSend(SendPayload payload, string ondernemingsnummer, IReadOnlyList<Detail?> gatewayVerdicts, CentralStatusResponse? answer)
    {
        var byId = IndexItems(answer, Resultaat.Aanvaard, Resultaat.Geweigerd);
        if (byId is null || byId.Count != gatewayVerdicts.Count(v => v is null))
        {
            return null;
        }

        var results = new SendResult[payload.Prestaties.Count];
        for (var i = 0; i < results.Length; i++)
        {
            var id = payload.Prestaties[i].PrestatieId;
            if (gatewayVerdicts[i] is { } refusal)
            {
                results[i] = new SendResult(id, null, [refusal]);
                continue;
            }

            if (!byId.TryGetValue(id, out var item) || (item.Resultaat == Resultaat.Aanvaard) != (item.DuurMinuten is not null))
            {
                return null;
            }

            results[i] = new SendResult(id, item.DuurMinuten, [.. item.Fouten.Select(CentralCodes.ForFout)]);
        }

        return new SendReplyPayload(ondernemingsnummer, payload.Erkenningsnummer, results);
    }

    private static DeleteReplyPayload? MapDelete(DeletePayload payload, string ondernemingsnummer, CentralStatusResponse answer)
    {
        var byId = IndexItems(answer, Resultaat.Verwijderd, Resultaat.NietGevonden, Resultaat.Geweigerd);
        if (byId is null || byId.Count != payload.PrestatieIds.Count)
        {
            return null;
        }

        var results = new DeleteResult[payload.PrestatieIds.Count];
        for (var i = 0; i < results.Length; i++)
        {
            var id = payload.PrestatieIds[i];
            if (!byId.TryGetValue(id, out var item))
            {
                return null;
            }

            var status = item.Resultaat switch
            {
                Resultaat.Verwijderd => DeleteStatus.Verwijderd,
                Resultaat.NietGevonden => DeleteStatus.NietGevonden,
                _ => DeleteStatus.Geweigerd,
            };
            results[i] = new DeleteResult(id, status, [.. item.Fouten.Select(CentralCodes.ForFout)]);
        }

        return new DeleteReplyPayload(ondernemingsnummer, payload.Erkenningsnummer, results);
    }

    /// <summary>The central items by PrestatieId, or null when an id repeats or a verdict does not fit the operation.</summary>
    private static Dictionary<string, PrestatieStatus>? IndexItems(CentralStatusResponse? answer, params Resultaat[] allowed)
    {
        var byId = new Dictionary<string, PrestatieStatus>(StringComparer.Ordinal);
        foreach (var item in answer?.Items ?? [])
        {
            if (!allowed.Contains(item.Resultaat) || !byId.TryAdd(item.PrestatieId.Value, item))
            {
                return null;
            }
        }

        return answer is null || answer.Prestaties.Count == 0 ? byId : null;
    }

    private static Detail Integrity(string field, string value) =>
        Detail.Central(ReasonCode.CentraleDienstAntwoordIntegriteit, new Information(field, value));
}
