namespace VrijwilligeOppas.Mapping.Contracts;

/// <summary>The namespaces of both contracts, as fixed by the XSDs in <c>xsd/</c>.</summary>
public static class Ns
{
    public const string Soap = "http://schemas.xmlsoap.org/soap/envelope/";
    public const string Soap12 = "http://www.w3.org/2003/05/soap-envelope";

    public const string Ssdn = "http://www.ksz-bcss.fgov.be/XSD/SSDN/Service";
    public const string Common = "http://www.ksz-bcss.fgov.be/XSD/SSDN/Common";
    public const string Bcss = "http://ksz-bcss.fgov.be/connectors/WebServiceConnector";
    public const string Vo = "http://www.ksz-bcss.fgov.be/XSD/SSDN/OCMW_CPAS/VrijwilligeOppas";

    public const string Core = "urn:be:fgov:ehealth:commons:core:v2";
    public const string Soa = "urn:be:fgov:ehealth:errors:soa:v1";
    public const string Vop = "urn:be:fgov:ehealth:vrijwilligeoppas:protocol:v1";
    public const string Voc = "urn:be:fgov:ehealth:vrijwilligeoppas:core:v1";

    public const string SsinType = "urn:be:fgov:person:ssin";
    public const string CbeType = "urn:be:fgov:kbo-bce:organization:cbe-number";
}
