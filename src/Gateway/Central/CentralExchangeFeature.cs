namespace VrijwilligeOppas.Gateway.Central;

/// <summary>
/// What the KSZ pipeline hands to the YARP forwarder and what it gets back: the eHealth message to send, and the
/// central service's raw answer captured by the response transform instead of being copied to the OCMW.
/// </summary>
internal sealed class CentralExchangeFeature(string soapAction, long maxResponseBytes)
{
    public string SoapAction { get; } = soapAction;

    public long MaxResponseBytes { get; } = maxResponseBytes;

    public int? StatusCode { get; set; }

    public byte[]? ResponseBody { get; set; }

    public Exception? ResponseReadError { get; set; }
}
