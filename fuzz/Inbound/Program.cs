using SharpFuzz;
using VrijwilligeOppas.Fuzz.Inbound;

// afl-fuzz starts this once and feeds it inputs in persistent mode; an exception that leaves Run is a crash.
// With file arguments it replays them instead, one line each, for looking at a finding outside afl.
if (args.Length > 0)
{
    foreach (var file in args)
    {
        var outcome = InboundHarness.Run(File.ReadAllBytes(file));
        Console.WriteLine($"{file}: {outcome.Kind} {outcome.Code}");
    }

    return;
}

Fuzzer.OutOfProcess.Run(stream =>
{
    using var body = new MemoryStream();
    stream.CopyTo(body);
    InboundHarness.Run(body.ToArray());
});
