namespace VrijwilligeOppas.Mapping.Ksz;

/// <summary>
/// What the SOAPAction header may say. Document/literal clients name the operation, which must be the ServiceId.
/// Software written against KSZ's web-service connector sends the connector's own action, which says nothing about
/// the operation: for a connector body it is accepted and the ServiceId inside the SSDN message decides.
/// </summary>
public static class SoapActions
{
    /// <summary>The SOAPAction of KSZ's connector operation <c>sendXML</c> (its <c>WebServiceConnector.wsdl</c>).</summary>
    public const string Connector = "http://ksz-bcss.fgov.be/connectors/WebServiceConnector/sendXML";

    /// <summary>The action as sent, without the quotes SOAP 1.1 puts around it; null or empty when none was sent.</summary>
    public static string? Unquoted(string? header) => header?.Trim().Trim('"');

    public static bool Agrees(string? header, BodyForm form, string serviceId)
    {
        var action = Unquoted(header);
        return string.IsNullOrEmpty(action) || action == serviceId || (form == BodyForm.Connector && action == Connector);
    }
}
