using VrijwilligeOppas.Mapping.Central;
using VrijwilligeOppas.Mapping.Exchange;
using VrijwilligeOppas.Mapping.Identifiers;

namespace VrijwilligeOppas.Emulator.Contract;

/// <summary>
/// An eHealth request as the central service receives it. Identifiers that fail their check digits do not make
/// the whole message malformed: the sender is named in <see cref="Refusal"/>, an item in <see cref="InvalidItems"/>,
/// so that the answer can refuse exactly what is wrong.
/// </summary>
public sealed record ReceivedRequest(string Id, string Operation, CentralRequest? Request, string? Refusal, IReadOnlyList<InvalidItem> InvalidItems);

/// <summary>An item of a send that the central service refuses before any rule: which, and with what code.</summary>
public sealed record InvalidItem(int Index, PrestatieId PrestatieId, string FoutCode, string Message);
