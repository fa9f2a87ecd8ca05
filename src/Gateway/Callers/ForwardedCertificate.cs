using System.Security.Cryptography.X509Certificates;

namespace VrijwilligeOppas.Gateway.Callers;

/// <summary>Reads the client certificate a TLS-terminating proxy puts in a header.</summary>
internal static class ForwardedCertificate
{
    private const string PemHeader = "-----BEGIN CERTIFICATE-----";

    /// <summary>Base64 DER (ASP.NET Core's convention), PEM, or URL-encoded PEM (nginx <c>$ssl_client_escaped_cert</c>).</summary>
    public static X509Certificate2 Parse(string value)
    {
        var text = value.Contains(PemHeader, StringComparison.Ordinal) ? value : Uri.UnescapeDataString(value);
        return text.Contains(PemHeader, StringComparison.Ordinal)
            ? X509Certificate2.CreateFromPem(text)
            : X509CertificateLoader.LoadCertificate(Convert.FromBase64String(text));
    }
}
