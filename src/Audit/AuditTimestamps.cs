using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Security.Cryptography.Pkcs;
using System.Security.Cryptography.X509Certificates;

namespace VrijwilligeOppas.Audit;

/// <summary>
/// RFC 3161 timestamps from a time-stamping authority: a token proves that the checkpoint (or export) existed at
/// the TSA's time, independently of the gateway's key and clock. Stored as the DER <c>TimeStampToken</c> (a CMS
/// SignedData), which <c>openssl ts -verify -token_in</c> reads.
/// </summary>
public static class AuditTimestamps
{
    public const string QueryMediaType = "application/timestamp-query";

    /// <summary>Asks the TSA for a token over SHA-256 of <paramref name="data"/>; the answer is checked against the request (imprint, nonce).</summary>
    public static async Task<byte[]> RequestAsync(HttpClient http, Uri authority, byte[] data, CancellationToken cancellationToken)
    {
        var request = Rfc3161TimestampRequest.CreateFromData(data, HashAlgorithmName.SHA256, requestSignerCertificates: true, nonce: RandomNumberGenerator.GetBytes(8));
        using var content = new ByteArrayContent(request.Encode());
        content.Headers.ContentType = new MediaTypeHeaderValue(QueryMediaType);
        using var response = await http.PostAsync(authority, content, cancellationToken);
        response.EnsureSuccessStatusCode();
        var token = request.ProcessResponse(await response.Content.ReadAsByteArrayAsync(cancellationToken), out _);
        return token.AsSignedCms().Encode();
    }

    /// <summary>Null when the token is a valid timestamp over <paramref name="data"/> by a TSA that chains to <paramref name="authorities"/>; else why not.</summary>
    public static string? Check(byte[] token, byte[] data, X509Certificate2Collection authorities)
    {
        if (!Rfc3161TimestampToken.TryDecode(token, out var decoded, out _))
        {
            return "is not an RFC 3161 timestamp token";
        }

        if (!decoded.VerifySignatureForData(data, out var signer, authorities) || signer is null)
        {
            return "does not cover this data or its signature is invalid";
        }

        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(authorities);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.VerificationTime = decoded.TokenInfo.Timestamp.UtcDateTime;
        chain.ChainPolicy.ApplicationPolicy.Add(new Oid("1.3.6.1.5.5.7.3.8")); // id-kp-timeStamping
        var isTrusted = chain.Build(signer) || authorities.Any(a => a.RawData.AsSpan().SequenceEqual(signer.RawData));
        return isTrusted ? null : $"is signed by {signer.Subject}, which is not a configured time-stamping authority";
    }

    /// <summary>The time the TSA put in the token, for reports.</summary>
    public static DateTimeOffset? TimeOf(byte[] token) => Rfc3161TimestampToken.TryDecode(token, out var decoded, out _) ? decoded.TokenInfo.Timestamp : null;
}
