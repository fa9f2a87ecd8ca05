using System.Security.Cryptography;

namespace VrijwilligeOppas.Audit.Tests;

/// <summary>What a stored record is made of: every fact of its entry, and a chain hash that never changes for a format.</summary>
public sealed class AuditRecordTests
{
    private static readonly AuditKeys Keys = new("k1", new Dictionary<string, byte[]> { ["k1"] = RandomNumberGenerator.GetBytes(32) }, RandomNumberGenerator.GetBytes(32));

    [Fact]
    public void Create_CarriesEveryFactOfTheEntry_WithTheItemReasonCodesDistinctAndSorted()
    {
        var entry = new AuditEntry
        {
            Stage = AuditStage.Forwarding,
            Received = new DateTimeOffset(2026, 11, 22, 9, 15, 0, TimeSpan.Zero),
            Answered = new DateTimeOffset(2026, 11, 22, 9, 15, 2, TimeSpan.Zero),
            Ticket = "t1",
            Operation = "send",
            Ondernemingsnummer = "0212344876",
            Dienst = 123,
            ReturnCode = 1,
            ReasonCode = "DIENST_ONBEKEND",
            ItemReasonCodes = ["PRESTATIE_OVERLAPT", "DUUR_TE_LANG", "PRESTATIE_OVERLAPT"],
            Details = "command=search",
            ItemsAccepted = 3,
            ItemsRefused = 2,
            CallerCertificate = "AB12 CN=ocmw",
            CallerAddress = "10.0.0.7",
            Reference = "REF-1",
            User = "85073003328",
            Subjects = ["48010145644"],
        };

        var record = AuditRecord.Create(entry, "gw-1", 1, AuditRecord.Genesis, Keys);

        // Every fact, including one added later: a fact the record lost would be a fact the audit log never kept.
        foreach (var fact in typeof(AuditFacts).GetProperties().Where(p => p.DeclaringType == typeof(AuditFacts) && p.Name != nameof(AuditFacts.ItemReasonCodes)))
        {
            Assert.Equal(fact.GetValue(entry), fact.GetValue(record));
        }

        Assert.Equal(["DUUR_TE_LANG", "PRESTATIE_OVERLAPT"], record.ItemReasonCodes);
        Assert.Null(record.Reference);
        Assert.Equal(Keys.ReferenceIndex("REF-1"), record.ReferenceIndex);
        Assert.Equal(record.ComputeHash(), record.Hash);
    }

    /// <summary>
    /// Chains already written must verify for ever: these hashes were computed before the facts were shared by the
    /// entry and the record, and may change only with a new format.
    /// </summary>
    [Theory]
    [InlineData(1, AuditStage.Outcome, "2D90C71751E74985DAFD154E312F83874A90E562DD54CFF707E219479BD09E20")]
    [InlineData(1, AuditStage.Forwarding, "5461AB10687DB70B069E28D2BE9CA366D82734BE1F8A673705DAA821590859BC")]
    [InlineData(2, AuditStage.Outcome, "5200DD4D2CD7D3B0CB1767A42B47C620FF2497FEC20CAF4B1ED657D416A2E9CD")]
    [InlineData(2, AuditStage.Forwarding, "FC1B38F9EE850C4F0D95B7E090DC233002B1CB34C0559D9601421FEBF9D36DC8")]
    public void ComputeHash_IsTheSameForEveryFormat_AsWhenItWasWritten(int format, AuditStage stage, string expected)
    {
        var record = new AuditRecord
        {
            Format = format,
            Instance = "gw-1",
            Sequence = 42,
            Stage = stage,
            Received = DateTimeOffset.FromUnixTimeMilliseconds(1_790_000_000_123),
            Answered = DateTimeOffset.FromUnixTimeMilliseconds(1_790_000_002_456),
            Ticket = "0193a1b2c3d47e8f9a0b1c2d3e4f5a6b",
            Reference = format == 1 ? "REF-2025-0001" : null,
            ReferenceIndex = format == 1 ? null : "ab".PadRight(64, 'c'),
            ItemReasonCodes = format == 1 ? [] : ["DUUR_TE_LANG", "PRESTATIE_OVERLAPT"],
            Details = format == 1 ? null : "{\"command\":\"search\"}",
            Operation = "send",
            Ondernemingsnummer = "0212344876",
            Dienst = 123,
            ReturnCode = stage == AuditStage.Forwarding ? AuditEntry.NoReturnCode : 1,
            ReasonCode = "DIENST_ONBEKEND",
            ItemsAccepted = 3,
            ItemsRefused = 2,
            CallerCertificate = "AB12 CN=ocmw",
            CallerAddress = "10.0.0.7",
            KeyId = "k1",
            Personal = [1, 2, 3, 4, 5],
            SubjectIndexes = ["idx-a", "idx-b"],
            PreviousHash = [.. Enumerable.Range(0, 32).Select(i => (byte)i)],
        };

        Assert.Equal(expected, Convert.ToHexString(record.ComputeHash()));
    }
}
