using System.Text;
using System.Text.RegularExpressions;
using CsCheck;

namespace VrijwilligeOppas.Gateway.Tests.Hostile;

/// <summary>
/// Hostile and careless variations of valid KSZ messages, in both body forms: cut off, with text or elements where
/// none belong, values with line feeds, control characters, far dates, generator-style times and foreign digits,
/// elements removed, doubled or moved to another namespace, headers for this node and others, whitespace floods,
/// and byte-level damage (a wrong byte-order mark, bytes invalid in UTF-8).
/// </summary>
internal static partial class MessageMutations
{
    private static readonly string[] Bases =
    [
        KszMessages.Send(new KszMessages.P("a")),
        KszMessages.Send(new KszMessages.P("a"), new KszMessages.P("b", Datum: "2026-10-25", Begin: "02:30:00", Eind: "02:15:00"), new KszMessages.P("c", Gebruiker: "48010145645")),
        KszMessages.Delete(["a", "b"]),
        KszMessages.Consult(gebruiker: KszMessages.GebruikerInsz, max: 5, sleutel: "abc"),
        KszMessages.AsConnector(KszMessages.Send(new KszMessages.P("a"))),
        KszMessages.AsConnector(KszMessages.Delete(["a"])),
        KszMessages.AsConnector(KszMessages.Consult()),
    ];

    private static readonly string[] Values =
    [
        "", " ", "\n", "\r", "&#13;", "&#x1;", "&#xFFFE;", "\u0085", "\u200B", "٠١٢٣٤٥٦٧٨٩٠", "𝟘𝟙𝟚", "😀", "é", "<", "&amp;", "]]>", "x\ny",
        "9999-12-31", "0001-01-01", "2026-02-30", "2026-10-24+01:00", "24:00:00", "22:00:00.0000000+01:00", "22:00:00Z", "23:59:60",
        "0212344876", "0212344877", "BE0212344876", "0212.344.876", "4801014564", "480101456444", "-1", "+17", "00017", "2147483648",
        "OCMWCPASVrijwilligeOppasSend", "OCMWCPASVrijwilligeOppasDelete", "OCMWCPASVrijwilligeOppasConsult", "20261122", "20050930",
        "nl", "es", new string('r', 257), new string('x', 4000),
    ];

    private static readonly string[] Snippets =
    [
        "x", "<", "&", "&foo;", "<!-- c -->", "<?pi x?>", "<![CDATA[x]]>", "<x:e xmlns:x=\"urn:x\"/>", "<vo:Extra/>", "<ssdn:ServiceId>OCMWCPASVrijwilligeOppasSend</ssdn:ServiceId>",
        "<soap:Body/>", "<soap:Header/>", "\u0001", "&#0;", "\t", " xmlns=\"urn:other\"", "</x>", "<!DOCTYPE x>",
    ];

    private static readonly string[] Headers =
    [
        "<soap:Header/>",
        "<soap:Header><x:h xmlns:x=\"urn:x\">v</x:h></soap:Header>",
        "<soap:Header><x:h xmlns:x=\"urn:x\" soap:mustUnderstand=\"1\"/></soap:Header>",
        "<soap:Header><x:h xmlns:x=\"urn:x\" soap:mustUnderstand=\"0\"/></soap:Header>",
        "<soap:Header><x:h xmlns:x=\"urn:x\" soap:mustUnderstand=\"false\"/></soap:Header>",
        "<soap:Header><x:h xmlns:x=\"urn:x\" soap:actor=\"urn:elsewhere\" soap:mustUnderstand=\"1\"/></soap:Header>",
        "<soap:Header><x:h xmlns:x=\"urn:x\" soap:actor=\"http://schemas.xmlsoap.org/soap/actor/next\" soap:mustUnderstand=\"1\"/></soap:Header>",
        "<soap:Header/><soap:Header/>",
        "<soap:Header>" + string.Concat(Enumerable.Repeat("<x:a xmlns:x=\"urn:x\">", 70)) + string.Concat(Enumerable.Repeat("</x:a>", 70)) + "</soap:Header>",
    ];

    private static Gen<Mutation> AnyMutation { get; } = Gen.OneOf(
        from at in Gen.Double[0, 1] select new Mutation("cut", at, 0, ""),
        from at in Gen.Double[0, 1] from text in Gen.OneOf(Snippets) select new Mutation("insert", at, 0, text),
        from which in Gen.Int[0, 40] from value in Gen.OneOf(Values) select new Mutation("value", 0, which, value),
        from which in Gen.Int[0, 40] from suffix in Gen.OneOf("\n", " ", "\r\n", "\t", "&#10;", "&#13;") select new Mutation("suffix", 0, which, suffix),
        from which in Gen.Int[0, 40] select new Mutation("remove", 0, which, ""),
        from which in Gen.Int[0, 40] select new Mutation("double", 0, which, ""),
        from which in Gen.Int[0, 40] from prefix in Gen.OneOf("", "ssdn:", "vo:", "common:", "bcss:") select new Mutation("namespace", 0, which, prefix),
        from header in Gen.OneOf(Headers) select new Mutation("header", 0, 0, header),
        from tail in Gen.OneOf("trailing", "<again/>", "<!-- after -->", "\n\n", "</soap:Envelope>") select new Mutation("after", 0, 0, tail),
        from at in Gen.Double[0, 1] from size in Gen.Int[1, 300_000] select new Mutation("whitespace", at, size, ""),
        from kind in Gen.OneOf("utf32-bom", "utf16-bom", "invalid-byte", "latin1") select new Mutation("bytes", 0, 0, kind),
        from kind in Gen.OneOf("soap12", "lowercase", "other-ns", "no-envelope") select new Mutation("envelope", 0, 0, kind));

    /// <summary>A valid message with one to three mutations; the bytes as they go on the wire.</summary>
    public static Gen<byte[]> Messages { get; } =
        from index in Gen.Int[0, Bases.Length - 1]
        from mutations in AnyMutation.Array[1, 3]
        select Encode(mutations.Aggregate(Bases[index], (xml, mutate) => mutate.Apply(xml)), mutations);

    private static byte[] Encode(string xml, Mutation[] mutations)
    {
        var bytes = Encoding.UTF8.GetBytes(xml);
        foreach (var damage in mutations.Where(m => m.Kind == "bytes"))
        {
            bytes = damage.Text switch
            {
                "utf32-bom" => [0xFF, 0xFE, 0x00, 0x00, .. bytes],
                "utf16-bom" => [0xFE, 0xFF, .. bytes],
                "invalid-byte" => [.. bytes[..(bytes.Length / 2)], 0xC3, 0x28, .. bytes[(bytes.Length / 2)..]],
                _ => Encoding.Latin1.GetBytes(xml.Replace("REF-1", "RÉF-1", StringComparison.Ordinal)),
            };
        }

        return bytes;
    }

    private sealed record Mutation(string Kind, double At, int Which, string Text)
    {
        public string Apply(string xml) => Kind switch
        {
            "cut" => xml[..(int)(xml.Length * At)],
            "insert" => xml.Insert(TagBoundary(xml, At), Text),
            "value" => WithLeaf(xml, Which, leaf => $"<{leaf.Groups[1].Value}>{Text}</{leaf.Groups[1].Value}>"),
            "suffix" => WithLeaf(xml, Which, leaf => $"<{leaf.Groups[1].Value}>{leaf.Groups[2].Value}{Text}</{leaf.Groups[1].Value}>"),
            "remove" => WithLeaf(xml, Which, _ => ""),
            "double" => WithLeaf(xml, Which, leaf => leaf.Value + leaf.Value),
            "namespace" => WithLeaf(xml, Which, leaf => Renamed(leaf, Text)),
            "header" => xml.Replace("<soap:Body>", Text + "<soap:Body>", StringComparison.Ordinal),
            "after" => xml + Text,
            "whitespace" => xml.Insert(TagBoundary(xml, At), new string(' ', Which)),
            "envelope" => Text switch
            {
                "soap12" => xml.Replace("http://schemas.xmlsoap.org/soap/envelope/", "http://www.w3.org/2003/05/soap-envelope", StringComparison.Ordinal),
                "lowercase" => xml.Replace("soap:Envelope", "soap:envelope", StringComparison.Ordinal),
                "other-ns" => xml.Replace("http://schemas.xmlsoap.org/soap/envelope/", "urn:not-soap", StringComparison.Ordinal),
                _ => BodyContent(xml),
            },
            _ => xml,
        };

        private static string BodyContent(string xml)
        {
            var (start, end) = (xml.IndexOf("<soap:Body>", StringComparison.Ordinal), xml.LastIndexOf("</soap:Body>", StringComparison.Ordinal));
            return start < 0 || end < start ? xml : xml[(start + "<soap:Body>".Length)..end];
        }

        /// <summary>A position just before a '&lt;', so that an insertion lands between markup, where XML allows most.</summary>
        private static int TagBoundary(string xml, double at)
        {
            if (xml.Length == 0)
            {
                return 0;
            }

            var position = (int)(xml.Length * at);
            var tag = xml.IndexOf('<', Math.Min(position, xml.Length - 1));
            return tag < 0 ? xml.Length : tag;
        }

        private static string WithLeaf(string xml, int which, Func<Match, string> replace)
        {
            var leaves = Leaf().Matches(xml);
            if (leaves.Count == 0)
            {
                return xml;
            }

            var leaf = leaves[which % leaves.Count];
            return string.Concat(xml.AsSpan(0, leaf.Index), replace(leaf), xml.AsSpan(leaf.Index + leaf.Length));
        }

        private static string Renamed(Match leaf, string prefix)
        {
            var local = leaf.Groups[1].Value.Split(':')[^1];
            var declaration = prefix.Length == 0 ? " xmlns=\"\"" : "";
            return $"<{prefix}{local}{declaration}>{leaf.Groups[2].Value}</{prefix}{local}>";
        }
    }

    [GeneratedRegex(@"<((?:vo|ssdn|common):\w+)>([^<]*)</\1>")]
    private static partial Regex Leaf();
}
