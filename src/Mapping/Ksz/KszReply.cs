using VrijwilligeOppas.Mapping.Diagnostics;
using VrijwilligeOppas.Mapping.Exchange;

namespace VrijwilligeOppas.Mapping.Ksz;

/// <summary>
/// Everything an <c>ssdn:SSDNReply</c> says. Whole-message refusals carry <see cref="Refusals"/> and no
/// <see cref="Service"/> (their ServiceReply repeats the refusal for <see cref="Operation"/>); processed messages carry
/// a <see cref="ServiceReply"/>.
/// </summary>
public sealed record KszReply(
    IReadOnlyList<Detail> Refusals,
    RequestContext? RequestContext,
    string Ticket,
    DateTimeOffset Received,
    DateTimeOffset Answered,
    ServiceReply? Service)
{
    /// <summary>The worst level of the whole reply: 10000 for a refusal, else that of the service reply.</summary>
    public int ReturnCode => Refusals.Count > 0 ? ReturnCodes.Error : Service?.ReturnCode ?? ReturnCodes.Ok;

    /// <summary>The operation the request named, where it could be read; a refusal's ServiceReply names it.</summary>
    public KszService? Operation { get; init; }
}

public static class ReturnCodes
{
    public const int Ok = 0;
    public const int Warning = 1;
    public const int Error = 10000;
}

public sealed record ServiceReply(KszService Service, string Version, KszReplyPayload Payload)
{
    /// <summary>0 when every item was applied as asked; 1 when at least one item was refused or not found.</summary>
    public int ReturnCode => Payload.AllApplied ? ReturnCodes.Ok : ReturnCodes.Warning;
}

public abstract record KszReplyPayload(string Ondernemingsnummer, int Erkenningsnummer)
{
    public abstract bool AllApplied { get; }
}

public sealed record SendReplyPayload(string Ondernemingsnummer, int Erkenningsnummer, IReadOnlyList<SendResult> Resultaten)
    : KszReplyPayload(Ondernemingsnummer, Erkenningsnummer)
{
    public override bool AllApplied => Resultaten.All(r => r.DuurMinuten is not null);
}

/// <summary>AANVAARD carries the accepted duration; GEWEIGERD carries the details saying why.</summary>
public sealed record SendResult(string PrestatieId, int? DuurMinuten, IReadOnlyList<Detail> Details)
{
    public string Status => DuurMinuten is null ? "GEWEIGERD" : "AANVAARD";
}

public sealed record DeleteReplyPayload(string Ondernemingsnummer, int Erkenningsnummer, IReadOnlyList<DeleteResult> Resultaten)
    : KszReplyPayload(Ondernemingsnummer, Erkenningsnummer)
{
    public override bool AllApplied => Resultaten.All(r => r.Status == DeleteStatus.Verwijderd);
}

public sealed record DeleteResult(string PrestatieId, DeleteStatus Status, IReadOnlyList<Detail> Details);

public enum DeleteStatus
{
    Verwijderd,
    NietGevonden,
    Geweigerd,
}

public sealed record ConsultReplyPayload(string Ondernemingsnummer, int Erkenningsnummer, IReadOnlyList<GeregistreerdePrestatie> Prestaties, string? VolgendeSleutel)
    : KszReplyPayload(Ondernemingsnummer, Erkenningsnummer)
{
    public override bool AllApplied => true;
}
