namespace VrijwilligeOppas.Mapping.Ksz;

/// <summary>The three operations, chosen on the KSZ side by <c>ssdn:ServiceId</c>.</summary>
public enum KszService
{
    Send,
    Delete,
    Consult,
}

public static class KszServiceNames
{
    public const string Send = "OCMWCPASVrijwilligeOppasSend";
    public const string Delete = "OCMWCPASVrijwilligeOppasDelete";
    public const string Consult = "OCMWCPASVrijwilligeOppasConsult";

    /// <summary>The one service Version this contract knows (<c>xsd/ksz/SSDNService.xsd</c>, VersionType).</summary>
    public const string Version = "20261122";

    public static string ServiceId(this KszService service) => service switch
    {
        KszService.Send => Send,
        KszService.Delete => Delete,
        KszService.Consult => Consult,
        _ => throw new ArgumentOutOfRangeException(nameof(service)),
    };

    public static KszService? FromServiceId(string serviceId) => serviceId switch
    {
        Send => KszService.Send,
        Delete => KszService.Delete,
        Consult => KszService.Consult,
        _ => null,
    };
}
