using VrijwilligeOppas.Gateway.Health;

namespace VrijwilligeOppas.Gateway.Tests;

public class HealthProbeTests
{
    [Fact]
    public async Task Probe_ReadyGateway_ExitsZeroAndUnknownPathOrDeadPortExitsOne()
    {
        using var gateway = new GatewayFactory();
        gateway.UseKestrel(0);
        gateway.StartServer();
        using var client = gateway.CreateClient(); // a client of the real Kestrel server, so its address is a real one

        Assert.Equal(0, await HealthProbe.RunAsync(client.BaseAddress + "health/ready"));
        Assert.Equal(1, await HealthProbe.RunAsync(client.BaseAddress + "nothing-here"));
        Assert.Equal(1, await HealthProbe.RunAsync("http://127.0.0.1:1/health/ready"));
        Assert.Equal(1, await HealthProbe.RunAsync("not a url"));
    }
}
