using System.Text;
using System.Text.RegularExpressions;

namespace VrijwilligeOppas.Security.Tests;

/// <summary>
/// xmlsec1's exclusive C14N of one element of a document, as the SHA-256 it digests: a signature template is put
/// in as the root's last child (outside the element, so it changes nothing the element's canonical form sees) with
/// one reference <c>#xpointer(apex)</c>, transforms enveloped-signature (which takes the template out again where
/// the apex is the root) and exclusive C14N with the PrefixList, and xmlsec1 signs it showing what it digested.
/// </summary>
internal static partial class XmlsecCanonicalForm
{
    /// <summary>What xmlsec1 made of the element: refused (with its log), or the digest and the bytes digested.</summary>
    public sealed record Result(bool Refused, byte[] Digest, string PreDigest, string Log);

    public static Result Of(byte[] document, string apex, string? prefixList, string folder)
    {
        Xmlsec.Require();
        Assert.DoesNotContain('"', apex);
        var inclusive = prefixList is null ? string.Empty : $"""<ec:InclusiveNamespaces xmlns:ec="{WsSecurityNames.ExcC14N}" PrefixList="{prefixList}"/>""";
        var template = Encoding.UTF8.GetBytes(
            $"""<dsig:Signature xmlns:dsig="{WsSecurityNames.Ds}"><dsig:SignedInfo><dsig:CanonicalizationMethod Algorithm="{WsSecurityNames.ExcC14N}"/><dsig:SignatureMethod Algorithm="{WsSecurityNames.RsaSha256}"/><dsig:Reference URI="#xpointer({apex})"><dsig:Transforms><dsig:Transform Algorithm="http://www.w3.org/2000/09/xmldsig#enveloped-signature"/><dsig:Transform Algorithm="{WsSecurityNames.ExcC14N}">{inclusive}</dsig:Transform></dsig:Transforms><dsig:DigestMethod Algorithm="{WsSecurityNames.Sha256}"/><dsig:DigestValue/></dsig:Reference></dsig:SignedInfo><dsig:SignatureValue/></dsig:Signature>""");
        var rootEnd = document.AsSpan().LastIndexOf("</"u8);
        Assert.True(rootEnd > 0, "the document has no end tag to put the template before");
        var path = Path.Combine(folder, Guid.NewGuid().ToString("N") + ".xml");
        File.WriteAllBytes(path, [.. document.AsSpan(0, rootEnd), .. template, .. document.AsSpan(rootEnd)]);

        var (exitCode, output) = Xmlsec.SignShowingReferences(path, TestCertificates.KeyPath("central"));
        var shown = Shown().Match(output);
        return exitCode == 0 && shown.Success
            ? new Result(false, Convert.FromBase64String(shown.Groups["digest"].Value), shown.Groups["bytes"].Value, output)
            : new Result(true, [], string.Empty, output);
    }

    [GeneratedRegex(@"== PreDigest data - start buffer:\n(?<bytes>.*?)\n== PreDigest data - end buffer\n== Result - start buffer:\n(?<digest>[A-Za-z0-9+/=]+)\n", RegexOptions.Singleline)]
    private static partial Regex Shown();
}
