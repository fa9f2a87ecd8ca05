using System.Globalization;
using VrijwilligeOppas.LoadDriver;

// The same executable is the driver and, started by it, the stub central service and the bare passthrough.
return args switch
{
    ["stub", var port, var certificate, var key] => await CentralStub.RunAsync(int.Parse(port, CultureInfo.InvariantCulture), certificate, key),
    ["passthrough", var port, var stub] => await Passthrough.RunAsync(int.Parse(port, CultureInfo.InvariantCulture), new Uri(stub)),
    _ => await Driver.RunAsync(DriverOptions.Parse(args), Console.Out, CancellationToken.None),
};
