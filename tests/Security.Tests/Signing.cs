using System.Text;
using System.Xml;
using Microsoft.Extensions.Time.Testing;

namespace VrijwilligeOppas.Security.Tests;

/// <summary>Signs the project's eHealth samples the way the gateway and the emulator do.</summary>
internal static class Signing
{
    public static readonly DateTimeOffset Now = new(2026, 11, 22, 9, 15, 0, TimeSpan.Zero);

    public static FakeTimeProvider Clock(DateTimeOffset? at = null) => new(at ?? Now);

    public static string Sample(string name) => File.ReadAllText(RepoPaths.Combine("samples", "ehealth", name));

    public static string Sign(string envelope, System.Security.Cryptography.X509Certificates.X509Certificate2? signer = null, TimeProvider? clock = null)
    {
        var output = new MemoryStream();
        new WsSecuritySigner(signer ?? TestCertificates.Central, clock ?? Clock()).Sign(new MemoryStream(Encoding.UTF8.GetBytes(envelope)), output);
        return Encoding.UTF8.GetString(output.ToArray());
    }

    public static SignatureCheck Verify(string message, TimeProvider? clock = null, System.Security.Cryptography.X509Certificates.X509Certificate2? pinned = null) =>
        new WsSecurityVerifier(TestCertificates.PublicOnly(pinned ?? TestCertificates.Central), TimeSpan.FromMinutes(5), clock ?? Clock())
            .Verify(new MemoryStream(Encoding.UTF8.GetBytes(message)), 64L << 20);

    public static XmlDocument Dom(string xml)
    {
        var document = new XmlDocument { PreserveWhitespace = true };
        document.LoadXml(xml);
        return document;
    }

    public static XmlNamespaceManager Names(XmlDocument document)
    {
        var names = new XmlNamespaceManager(document.NameTable);
        names.AddNamespace("soap", Mapping.Contracts.Ns.Soap);
        names.AddNamespace("wsse", WsSecurityNames.Wsse);
        names.AddNamespace("wsu", WsSecurityNames.Wsu);
        names.AddNamespace("ds", WsSecurityNames.Ds);
        names.AddNamespace("voc", Mapping.Contracts.Ns.Voc);
        return names;
    }
}
