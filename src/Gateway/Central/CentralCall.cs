namespace VrijwilligeOppas.Gateway.Central;

/// <summary>
/// The one contract between <see cref="CentralForwarder"/> and YARP's pipeline, set as a request feature for one
/// attempt: the signed eHealth message is the request body, <see cref="SoapAction"/> its action; the response
/// transform fills in the central service's raw answer here instead of copying it to the OCMW.
/// </summary>
internal sealed class CentralCall(string soapAction, long maxResponseBytes)
{
    public string SoapAction { get; } = soapAction;

    public long MaxResponseBytes { get; } = maxResponseBytes;

    public int? StatusCode { get; set; }

    public byte[]? ResponseBody { get; set; }

    public Exception? ResponseReadError { get; set; }
}
