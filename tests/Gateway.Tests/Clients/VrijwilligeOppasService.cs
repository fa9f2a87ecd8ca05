// The .NET client contract of the gateway's WSDL, written as `dotnet-svcutil --serializer XmlSerializer` maps
// xsd/ksz (svcutil itself is not installable here): one message contract per operation around the ssdn:SSDNRequest /
// SSDNReply elements, anonymous types as XmlRoot classes, the typed payload choice as an object `Item` with one
// XmlElementAttribute per alternative, xs:date as DateTime with DataType "date", xs:integer as string, minOccurs="0"
// value types with a *Specified flag, enumerations as enums. Nothing here is hand-tuned to the gateway.
#pragma warning disable CA1002, CA1028, CA1715, CA1034, CA1051, CA1707, CA1708, CA1711, CA1716, CA1724, CA1819, CA2227, IDE1006, SA1300, SA1402, SA1649
using System.ServiceModel;
using System.Xml.Serialization;

namespace VrijwilligeOppas.Gateway.Tests.Clients;

internal static class WsdlNamespaces
{
    public const string Ssdn = "http://www.ksz-bcss.fgov.be/XSD/SSDN/Service";
    public const string Common = "http://www.ksz-bcss.fgov.be/XSD/SSDN/Common";
    public const string Vo = "http://www.ksz-bcss.fgov.be/XSD/SSDN/OCMW_CPAS/VrijwilligeOppas";
    public const string Bcss = "http://ksz-bcss.fgov.be/connectors/WebServiceConnector";
    public const string Tns = "http://www.ksz-bcss.fgov.be/WSDL/SSDN/OCMW_CPAS/VrijwilligeOppas";
}

[ServiceContract(Namespace = WsdlNamespaces.Tns, ConfigurationName = "VrijwilligeOppasPortType")]
public interface VrijwilligeOppasPortType
{
    [OperationContract(Action = "OCMWCPASVrijwilligeOppasSend", ReplyAction = "*")]
    [XmlSerializerFormat(SupportFaults = true)]
    Task<OCMWCPASVrijwilligeOppasSendResponse> OCMWCPASVrijwilligeOppasSendAsync(OCMWCPASVrijwilligeOppasSendRequest request);

    [OperationContract(Action = "OCMWCPASVrijwilligeOppasDelete", ReplyAction = "*")]
    [XmlSerializerFormat(SupportFaults = true)]
    Task<OCMWCPASVrijwilligeOppasDeleteResponse> OCMWCPASVrijwilligeOppasDeleteAsync(OCMWCPASVrijwilligeOppasDeleteRequest request);

    [OperationContract(Action = "OCMWCPASVrijwilligeOppasConsult", ReplyAction = "*")]
    [XmlSerializerFormat(SupportFaults = true)]
    Task<OCMWCPASVrijwilligeOppasConsultResponse> OCMWCPASVrijwilligeOppasConsultAsync(OCMWCPASVrijwilligeOppasConsultRequest request);

    [OperationContract(Action = "http://ksz-bcss.fgov.be/connectors/WebServiceConnector/sendXML", ReplyAction = "*")]
    [XmlSerializerFormat(SupportFaults = true)]
    Task<sendXMLResponse> sendXMLAsync(sendXMLRequest request);
}

[MessageContract(IsWrapped = false)]
public partial class OCMWCPASVrijwilligeOppasSendRequest
{
    [MessageBodyMember(Namespace = WsdlNamespaces.Ssdn, Order = 0)]
    public SSDNRequest SSDNRequest = null!;
}

[MessageContract(IsWrapped = false)]
public partial class OCMWCPASVrijwilligeOppasSendResponse
{
    [MessageBodyMember(Namespace = WsdlNamespaces.Ssdn, Order = 0)]
    public SSDNReply SSDNReply = null!;
}

[MessageContract(IsWrapped = false)]
public partial class OCMWCPASVrijwilligeOppasDeleteRequest
{
    [MessageBodyMember(Namespace = WsdlNamespaces.Ssdn, Order = 0)]
    public SSDNRequest SSDNRequest = null!;
}

[MessageContract(IsWrapped = false)]
public partial class OCMWCPASVrijwilligeOppasDeleteResponse
{
    [MessageBodyMember(Namespace = WsdlNamespaces.Ssdn, Order = 0)]
    public SSDNReply SSDNReply = null!;
}

[MessageContract(IsWrapped = false)]
public partial class OCMWCPASVrijwilligeOppasConsultRequest
{
    [MessageBodyMember(Namespace = WsdlNamespaces.Ssdn, Order = 0)]
    public SSDNRequest SSDNRequest = null!;
}

[MessageContract(IsWrapped = false)]
public partial class OCMWCPASVrijwilligeOppasConsultResponse
{
    [MessageBodyMember(Namespace = WsdlNamespaces.Ssdn, Order = 0)]
    public SSDNReply SSDNReply = null!;
}

[MessageContract(IsWrapped = false)]
public partial class sendXMLRequest
{
    [MessageBodyMember(Namespace = WsdlNamespaces.Bcss, Order = 0)]
    public string xmlString = null!;
}

[MessageContract(IsWrapped = false)]
public partial class sendXMLResponse
{
    [MessageBodyMember(Namespace = WsdlNamespaces.Bcss, Order = 0)]
    public string xmlString = null!;
}

[XmlType(AnonymousType = true, Namespace = WsdlNamespaces.Ssdn)]
[XmlRoot(Namespace = WsdlNamespaces.Ssdn, IsNullable = false)]
public partial class SSDNRequest
{
    [XmlElement(Order = 0)]
    public RequestContextType RequestContext { get; set; } = null!;

    [XmlElement(Order = 1)]
    public ServiceRequestType ServiceRequest { get; set; } = null!;
}

[XmlType(Namespace = WsdlNamespaces.Ssdn)]
public partial class RequestContextType
{
    [XmlElement(Order = 0)]
    public AuthorizedUserType AuthorizedUser { get; set; } = null!;

    [XmlElement(Order = 1)]
    public RequestMessageType? Message { get; set; }
}

[XmlType(Namespace = WsdlNamespaces.Ssdn)]
public partial class AuthorizedUserType
{
    [XmlElement(Order = 0)]
    public string UserID { get; set; } = null!;

    [XmlElement(Order = 1)]
    public string Email { get; set; } = null!;

    [XmlElement(Order = 2)]
    public string OrgUnit { get; set; } = null!;

    [XmlElement(DataType = "integer", Order = 3)]
    public string MatrixID { get; set; } = null!;

    [XmlElement(DataType = "integer", Order = 4)]
    public string? MatrixSubID { get; set; }
}

[XmlType(Namespace = WsdlNamespaces.Ssdn)]
public partial class RequestMessageType
{
    [XmlElement(Order = 0)]
    public string? Reference { get; set; }

    [XmlElement(Order = 1)]
    public string? TimeRequest { get; set; }

    [XmlElement(Order = 2)]
    public t_Language Language { get; set; }

    [XmlIgnore]
    public bool LanguageSpecified { get; set; }
}

[XmlType(Namespace = WsdlNamespaces.Common)]
public enum t_Language
{
    nl,
    fr,
    de,
    en,
}

[XmlType(Namespace = WsdlNamespaces.Ssdn)]
public partial class ServiceRequestType
{
    [XmlElement(Order = 0)]
    public ServiceIdType ServiceId { get; set; }

    [XmlElement(Order = 1)]
    public VersionType Version { get; set; }

    [XmlElement("ConsultPrestatiesRequest", typeof(ConsultPrestatiesRequest), Namespace = WsdlNamespaces.Vo, Order = 2)]
    [XmlElement("DeletePrestatiesRequest", typeof(DeletePrestatiesRequest), Namespace = WsdlNamespaces.Vo, Order = 2)]
    [XmlElement("SendPrestatiesRequest", typeof(SendPrestatiesRequest), Namespace = WsdlNamespaces.Vo, Order = 2)]
    public object Item { get; set; } = null!;
}

[XmlType(Namespace = WsdlNamespaces.Ssdn)]
public enum ServiceIdType
{
    OCMWCPASVrijwilligeOppasSend,
    OCMWCPASVrijwilligeOppasDelete,
    OCMWCPASVrijwilligeOppasConsult,
}

[XmlType(Namespace = WsdlNamespaces.Ssdn)]
public enum VersionType
{
    [XmlEnum("20261122")]
    Item20261122,
}

[XmlType(AnonymousType = true, Namespace = WsdlNamespaces.Vo)]
[XmlRoot(Namespace = WsdlNamespaces.Vo, IsNullable = false)]
public partial class SendPrestatiesRequest
{
    [XmlElement(Order = 0)]
    public string Ondernemingsnummer { get; set; } = null!;

    [XmlElement(Order = 1)]
    public int Erkenningsnummer { get; set; }

    [XmlElement("Prestatie", Order = 2)]
    public PrestatieType[] Prestatie { get; set; } = [];
}

[XmlType(AnonymousType = true, Namespace = WsdlNamespaces.Vo)]
[XmlRoot(Namespace = WsdlNamespaces.Vo, IsNullable = false)]
public partial class DeletePrestatiesRequest
{
    [XmlElement(Order = 0)]
    public string Ondernemingsnummer { get; set; } = null!;

    [XmlElement(Order = 1)]
    public int Erkenningsnummer { get; set; }

    [XmlElement("PrestatieId", Order = 2)]
    public string[] PrestatieId { get; set; } = [];
}

[XmlType(AnonymousType = true, Namespace = WsdlNamespaces.Vo)]
[XmlRoot(Namespace = WsdlNamespaces.Vo, IsNullable = false)]
public partial class ConsultPrestatiesRequest
{
    [XmlElement(Order = 0)]
    public string Ondernemingsnummer { get; set; } = null!;

    [XmlElement(Order = 1)]
    public int Erkenningsnummer { get; set; }

    [XmlElement(Order = 2)]
    public PeriodeType Periode { get; set; } = null!;

    [XmlElement(Order = 3)]
    public string? GebruikerINSZ { get; set; }

    [XmlElement(Order = 4)]
    public string? VrijwilligerINSZ { get; set; }

    [XmlElement(Order = 5)]
    public int MaxResultaten { get; set; }

    [XmlIgnore]
    public bool MaxResultatenSpecified { get; set; }

    [XmlElement(Order = 6)]
    public string? VolgendeSleutel { get; set; }
}

[XmlType(Namespace = WsdlNamespaces.Vo)]
public partial class PeriodeType
{
    [XmlElement(Namespace = WsdlNamespaces.Common, DataType = "date", Order = 0)]
    public DateTime StartDate { get; set; }

    [XmlElement(Namespace = WsdlNamespaces.Common, DataType = "date", Order = 1)]
    public DateTime EndDate { get; set; }
}

[XmlInclude(typeof(GeregistreerdePrestatieType))]
[XmlType(Namespace = WsdlNamespaces.Vo)]
public partial class PrestatieType
{
    [XmlElement(Order = 0)]
    public string PrestatieId { get; set; } = null!;

    [XmlElement(Order = 1)]
    public string GebruikerINSZ { get; set; } = null!;

    [XmlElement(Order = 2)]
    public string VrijwilligerINSZ { get; set; } = null!;

    [XmlElement(DataType = "date", Order = 3)]
    public DateTime Datum { get; set; }

    [XmlElement(Order = 4)]
    public string Begintijd { get; set; } = null!;

    [XmlElement(Order = 5)]
    public string Eindtijd { get; set; } = null!;

    [XmlElement(Order = 6)]
    public string GemeenteNISCode { get; set; } = null!;
}

[XmlType(Namespace = WsdlNamespaces.Vo)]
public partial class GeregistreerdePrestatieType : PrestatieType
{
    [XmlElement(Order = 0)]
    public int DuurMinuten { get; set; }

    [XmlElement(Order = 1)]
    public DateTime Ontvangen { get; set; }
}

[XmlType(AnonymousType = true, Namespace = WsdlNamespaces.Ssdn)]
[XmlRoot(Namespace = WsdlNamespaces.Ssdn, IsNullable = false)]
public partial class SSDNReply
{
    [XmlElement(Order = 0)]
    public ReplyContextType ReplyContext { get; set; } = null!;

    [XmlElement(Order = 1)]
    public ServiceReplyType ServiceReply { get; set; } = null!;
}

[XmlType(Namespace = WsdlNamespaces.Ssdn)]
public partial class ReplyContextType
{
    [XmlElement(Namespace = WsdlNamespaces.Common, Order = 0)]
    public ResultSummary ResultSummary { get; set; } = null!;

    [XmlElement(Order = 1)]
    public AuthorizedUserType? AuthorizedUser { get; set; }

    [XmlElement(Order = 2)]
    public ReplyMessageType Message { get; set; } = null!;
}

[XmlType(Namespace = WsdlNamespaces.Ssdn)]
public partial class ReplyMessageType
{
    [XmlElement(Order = 0)]
    public string? Reference { get; set; }

    [XmlElement(Order = 1)]
    public string Ticket { get; set; } = null!;

    [XmlElement(Order = 2)]
    public string? TimeRequest { get; set; }

    [XmlElement(Order = 3)]
    public string TimeReceive { get; set; } = null!;

    [XmlElement(Order = 4)]
    public string TimeResponse { get; set; } = null!;
}

[XmlType(AnonymousType = true, Namespace = WsdlNamespaces.Common)]
[XmlRoot(Namespace = WsdlNamespaces.Common, IsNullable = false)]
public partial class ResultSummary
{
    [XmlElement(DataType = "integer", Order = 0)]
    public string ReturnCode { get; set; } = null!;

    [XmlElement("Detail", Order = 1)]
    public DetailMessageType[] Detail { get; set; } = [];

    [XmlAttribute]
    public ResultSummaryOk ok { get; set; }
}

[XmlType(AnonymousType = true, Namespace = WsdlNamespaces.Common)]
public enum ResultSummaryOk
{
    YES,
    NO,
}

[XmlType(Namespace = WsdlNamespaces.Common)]
public partial class DetailMessageType
{
    [XmlElement(Order = 0)]
    public SeverityType Severity { get; set; }

    [XmlElement(Order = 1)]
    public string ReasonCode { get; set; } = null!;

    [XmlElement(Order = 2)]
    public string Diagnostic { get; set; } = null!;

    [XmlElement(Order = 3)]
    public string AuthorCodeList { get; set; } = null!;

    [XmlElement("Information", Order = 4)]
    public InformationType[] Information { get; set; } = [];
}

[XmlType(Namespace = WsdlNamespaces.Common)]
public enum SeverityType
{
    INFORMATION,
    WARNING,
    ERROR,
}

[XmlType(Namespace = WsdlNamespaces.Common)]
public partial class InformationType
{
    [XmlElement(Order = 0)]
    public string FieldName { get; set; } = null!;

    [XmlElement(Order = 1)]
    public string FieldValue { get; set; } = null!;
}

[XmlType(Namespace = WsdlNamespaces.Ssdn)]
public partial class ServiceReplyType
{
    [XmlElement(Namespace = WsdlNamespaces.Common, Order = 0)]
    public ResultSummary ResultSummary { get; set; } = null!;

    [XmlElement(Order = 1)]
    public ServiceIdType ServiceId { get; set; }

    [XmlElement(Order = 2)]
    public VersionType Version { get; set; }

    [XmlElement("ConsultPrestatiesReply", typeof(ConsultPrestatiesReply), Namespace = WsdlNamespaces.Vo, Order = 3)]
    [XmlElement("DeletePrestatiesReply", typeof(DeletePrestatiesReply), Namespace = WsdlNamespaces.Vo, Order = 3)]
    [XmlElement("SendPrestatiesReply", typeof(SendPrestatiesReply), Namespace = WsdlNamespaces.Vo, Order = 3)]
    public object? Item { get; set; }
}

[XmlType(AnonymousType = true, Namespace = WsdlNamespaces.Vo)]
[XmlRoot(Namespace = WsdlNamespaces.Vo, IsNullable = false)]
public partial class SendPrestatiesReply
{
    [XmlElement(Order = 0)]
    public string Ondernemingsnummer { get; set; } = null!;

    [XmlElement(Order = 1)]
    public int Erkenningsnummer { get; set; }

    [XmlElement("Resultaat", Order = 2)]
    public SendResultaatType[] Resultaat { get; set; } = [];
}

[XmlType(Namespace = WsdlNamespaces.Vo)]
public partial class SendResultaatType
{
    [XmlElement(Order = 0)]
    public string PrestatieId { get; set; } = null!;

    [XmlElement(Order = 1)]
    public SendStatusType Status { get; set; }

    [XmlElement(Order = 2)]
    public int DuurMinuten { get; set; }

    [XmlIgnore]
    public bool DuurMinutenSpecified { get; set; }

    [XmlElement("Detail", Namespace = WsdlNamespaces.Common, Order = 3)]
    public DetailMessageType[] Detail { get; set; } = [];
}

[XmlType(Namespace = WsdlNamespaces.Vo)]
public enum SendStatusType
{
    AANVAARD,
    GEWEIGERD,
}

[XmlType(AnonymousType = true, Namespace = WsdlNamespaces.Vo)]
[XmlRoot(Namespace = WsdlNamespaces.Vo, IsNullable = false)]
public partial class DeletePrestatiesReply
{
    [XmlElement(Order = 0)]
    public string Ondernemingsnummer { get; set; } = null!;

    [XmlElement(Order = 1)]
    public int Erkenningsnummer { get; set; }

    [XmlElement("Resultaat", Order = 2)]
    public DeleteResultaatType[] Resultaat { get; set; } = [];
}

[XmlType(Namespace = WsdlNamespaces.Vo)]
public partial class DeleteResultaatType
{
    [XmlElement(Order = 0)]
    public string PrestatieId { get; set; } = null!;

    [XmlElement(Order = 1)]
    public DeleteStatusType Status { get; set; }

    [XmlElement("Detail", Namespace = WsdlNamespaces.Common, Order = 2)]
    public DetailMessageType[] Detail { get; set; } = [];
}

[XmlType(Namespace = WsdlNamespaces.Vo)]
public enum DeleteStatusType
{
    VERWIJDERD,
    NIET_GEVONDEN,
    GEWEIGERD,
}

[XmlType(AnonymousType = true, Namespace = WsdlNamespaces.Vo)]
[XmlRoot(Namespace = WsdlNamespaces.Vo, IsNullable = false)]
public partial class ConsultPrestatiesReply
{
    [XmlElement(Order = 0)]
    public string Ondernemingsnummer { get; set; } = null!;

    [XmlElement(Order = 1)]
    public int Erkenningsnummer { get; set; }

    [XmlElement("Prestatie", Order = 2)]
    public GeregistreerdePrestatieType[] Prestatie { get; set; } = [];

    [XmlElement(Order = 3)]
    public string? VolgendeSleutel { get; set; }
}
