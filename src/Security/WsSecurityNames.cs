namespace VrijwilligeOppas.Security;

/// <summary>The namespaces and algorithm identifiers of the X.509 WS-Security profile in the eHealth contract.</summary>
public static class WsSecurityNames
{
    public const string Soap = "http://schemas.xmlsoap.org/soap/envelope/";
    public const string Wsse = "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd";
    public const string Wsu = "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-utility-1.0.xsd";
    public const string Ds = "http://www.w3.org/2000/09/xmldsig#";
    public const string Xmlns = "http://www.w3.org/2000/xmlns/";

    public const string X509v3 = "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-x509-token-profile-1.0#X509v3";
    public const string Base64Binary = "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-soap-message-security-1.0#Base64Binary";

    public const string ExcC14N = "http://www.w3.org/2001/10/xml-exc-c14n#";
    public const string RsaSha256 = "http://www.w3.org/2001/04/xmldsig-more#rsa-sha256";
    public const string Sha256 = "http://www.w3.org/2001/04/xmlenc#sha256";
}
