using VrijwilligeOppas.Mapping.Contracts;
using VrijwilligeOppas.Mapping.Central;
using VrijwilligeOppas.Mapping.Exchange;
using VrijwilligeOppas.Mapping.Identifiers;
using VrijwilligeOppas.Mapping.Rules;
using VrijwilligeOppas.Mapping.Time;
using VrijwilligeOppas.Emulator.Contract;
using VrijwilligeOppas.Emulator.Rules;

namespace VrijwilligeOppas.Emulator;

/// <summary>
/// The rules of the draaiboek (§2) as the central service applies them. Each send or delete is applied in one
/// transaction: items that pass are stored, items that fail are answered with every rule they break.
/// </summary>
public sealed class CentralService(PrestatieStore store, DienstRegistry registry, NisTable nisTable, TimeProvider clock)
{
    private static readonly TimeSpan MaxDuur = TimeSpan.FromHours(24);

    private readonly Lock _writeLock = new();

    public CentralStatusResponse Handle(ReceivedRequest received)
    {
        var now = clock.GetUtcNow();
        if (received.Request is not { } request)
        {
            return Refuse(received.Id, now, CentralStatus.OngeldigBericht, received.Refusal ?? "Invalid message.");
        }

        var dienst = registry.Find(request.Dienst);
        if (dienst is null)
        {
            return Refuse(received.Id, now, CentralStatus.DienstOnbekend, $"Dienst {request.Dienst} is unknown.");
        }

        if (dienst.Initiatiefnemer != request.Afzender.Organisatie)
        {
            return Refuse(received.Id, now, CentralStatus.GeenInitiatiefnemer, $"The sender is not the initiatiefnemer of dienst {request.Dienst}.");
        }

        // One writer at a time keeps "check the closing state, then store" atomic per dienst without database locks.
        lock (_writeLock)
        {
            return request switch
            {
                SendPrestatiesRequest send => Send(send, received.InvalidItems, dienst, now),
                DeletePrestatiesRequest delete => Delete(delete, now),
                ConsultPrestatiesRequest consult => Consult(consult, now),
                _ => throw new ArgumentOutOfRangeException(nameof(received)),
            };
        }
    }

    private CentralStatusResponse Send(SendPrestatiesRequest send, IReadOnlyList<InvalidItem> invalid, Dienst dienst, DateTimeOffset now)
    {
        var calendar = store.LoadCalendar();
        var storedMonths = store.StoredMonths(send.Dienst, send.Prestaties.Select(p => p.Id));
        var statuses = new List<PrestatieStatus>(send.Prestaties.Count + invalid.Count);
        var accepted = new List<Prestatie>(send.Prestaties.Count);
        foreach (var prestatie in send.Prestaties)
        {
            var fouten = new List<Fout>();
            var periode = prestatie.Periode;
            if (periode.Duur <= TimeSpan.Zero || periode.Duur > MaxDuur)
            {
                fouten.Add(new Fout(Fout.DuurOngeldig, $"Duration {periode.Duur} is not between 0 and 24 hours."));
            }

            if (periode.Einde > now)
            {
                fouten.Add(new Fout(Fout.PrestatieInToekomst, "The prestatie ends in the future."));
            }

            if (!dienst.IsErkendOp(periode.BeginDatum))
            {
                fouten.Add(new Fout(Fout.DienstNietErkend, $"Dienst {dienst.Erkenningsnummer} is not recognised on {periode.BeginDatum:yyyy-MM-dd}."));
            }

            if (!nisTable.Contains(prestatie.Gemeente))
            {
                fouten.Add(new Fout(Fout.NisCodeOnbekend, $"NIS code {prestatie.Gemeente} is not in the parameter table."));
            }

            var months = storedMonths.TryGetValue(prestatie.Id.Value, out var old) && old != periode.Month ? [periode.Month, old] : new[] { periode.Month };
            if (ClosingFout(calendar, send.Dienst, months, now) is { } closed)
            {
                fouten.Add(closed);
            }

            if (fouten.Count == 0)
            {
                accepted.Add(prestatie);
                statuses.Add(new PrestatieStatus(prestatie.Id, Resultaat.Aanvaard, periode.DuurMinuten, []));
            }
            else
            {
                statuses.Add(new PrestatieStatus(prestatie.Id, Resultaat.Geweigerd, null, fouten));
            }
        }

        foreach (var item in invalid)
        {
            statuses.Insert(Math.Min(item.Index, statuses.Count), new PrestatieStatus(item.PrestatieId, Resultaat.Geweigerd, null, [new Fout(item.FoutCode, item.Message)]));
        }

        store.Upsert(send.Dienst, accepted, now);
        return Success(send.Id, now, statuses);
    }

    private CentralStatusResponse Delete(DeletePrestatiesRequest delete, DateTimeOffset now)
    {
        var calendar = store.LoadCalendar();
        var storedMonths = store.StoredMonths(delete.Dienst, delete.PrestatieIds);
        var statuses = new List<PrestatieStatus>(delete.PrestatieIds.Count);
        var deleted = new List<PrestatieId>();
        foreach (var id in delete.PrestatieIds)
        {
            if (!storedMonths.TryGetValue(id.Value, out var month))
            {
                statuses.Add(new PrestatieStatus(id, Resultaat.NietGevonden, null, [new Fout(Fout.PrestatieOnbekend, $"No prestatie {id} for this dienst.")]));
            }
            else if (ClosingFout(calendar, delete.Dienst, [month], now) is { } closed)
            {
                statuses.Add(new PrestatieStatus(id, Resultaat.Geweigerd, null, [closed]));
            }
            else
            {
                deleted.Add(id);
                statuses.Add(new PrestatieStatus(id, Resultaat.Verwijderd, null, []));
            }
        }

        store.Delete(delete.Dienst, deleted);
        return Success(delete.Id, now, statuses);
    }

    private CentralStatusResponse Consult(ConsultPrestatiesRequest consult, DateTimeOffset now)
    {
        try
        {
            var (page, next) = store.Query(consult, consult.MaxResultaten ?? ContractLimits.ConsultPage);
            return new CentralStatusResponse(NewId(), consult.Id, now, new CentralStatus(CentralStatus.Success, null, null), [], page, next);
        }
        catch (InvalidContinuationKeyException ex)
        {
            return Refuse(consult.Id, now, CentralStatus.OngeldigBericht, ex.Message);
        }
    }

    private static Fout? ClosingFout(ClosingCalendar calendar, Erkenningsnummer dienst, IEnumerable<PrestatieMonth> months, DateTimeOffset now)
    {
        var states = months.Select(m => calendar.StateOf(dienst, m, now)).ToList();
        if (states.Contains(PeriodState.DefinitivelyClosed))
        {
            return new Fout(Fout.PeriodeDefinitiefAfgesloten, "The year of this prestatie is definitively closed.");
        }

        return states.Contains(PeriodState.ProvisionallyClosed)
            ? new Fout(Fout.PeriodeVoorlopigAfgesloten, "The month of this prestatie is provisionally closed.")
            : null;
    }

    private static CentralStatusResponse Success(string inResponseTo, DateTimeOffset now, IReadOnlyList<PrestatieStatus> statuses) =>
        new(NewId(), inResponseTo, now, new CentralStatus(CentralStatus.Success, null, null), statuses, [], null);

    private static CentralStatusResponse Refuse(string inResponseTo, DateTimeOffset now, string subCode, string message) =>
        new(NewId(), inResponseTo, now, new CentralStatus(CentralStatus.Requester, subCode, message), [], [], null);

    private static string NewId() => "_" + Guid.NewGuid().ToString("N");
}
