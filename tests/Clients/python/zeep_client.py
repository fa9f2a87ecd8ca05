"""Python zeep as an OCMW vendor uses it: types generated from the gateway's WSDL, no namespace written by hand.

Usage: python3 zeep_client.py <gateway base URL>. Prints what it read from each reply as one JSON object.
"""
import datetime
import json
import sys

import zeep
from lxml import etree

BASE = sys.argv[1]
client = zeep.Client(f"{BASE}/ksz/VrijwilligeOppas?wsdl")
ssdn = client.type_factory("http://www.ksz-bcss.fgov.be/XSD/SSDN/Service")
vo = client.type_factory("http://www.ksz-bcss.fgov.be/XSD/SSDN/OCMW_CPAS/VrijwilligeOppas")
SendRequest = client.get_element("{http://www.ksz-bcss.fgov.be/XSD/SSDN/OCMW_CPAS/VrijwilligeOppas}SendPrestatiesRequest")
DeleteRequest = client.get_element("{http://www.ksz-bcss.fgov.be/XSD/SSDN/OCMW_CPAS/VrijwilligeOppas}DeletePrestatiesRequest")
ConsultRequest = client.get_element("{http://www.ksz-bcss.fgov.be/XSD/SSDN/OCMW_CPAS/VrijwilligeOppas}ConsultPrestatiesRequest")


def context(reference):
    user = ssdn.AuthorizedUserType(UserID="85073003328", Email="an.peeters@ocmw-gent.be", OrgUnit="0212344876", MatrixID=17, MatrixSubID=1)
    return ssdn.RequestContextType(AuthorizedUser=user, Message=ssdn.RequestMessageType(Reference=reference, TimeRequest="20261122T101500", Language="nl"))


def prestatie(pid, day, begin, end):
    return vo.PrestatieType(PrestatieId=pid, GebruikerINSZ="48010145644", VrijwilligerINSZ="79021512333", Datum=day, Begintijd=begin, Eindtijd=end, GemeenteNISCode="44021")


def summary(reply):
    return {"returnCode": int(reply.ReplyContext.ResultSummary.ReturnCode), "serviceReturnCode": int(reply.ServiceReply.ResultSummary.ReturnCode)}


def send(reference, prestaties):
    request = ssdn.ServiceRequestType(ServiceId="OCMWCPASVrijwilligeOppasSend", Version="20261122",
                                      SendPrestatiesRequest=SendRequest(Ondernemingsnummer="0212344876", Erkenningsnummer=123, Prestatie=prestaties))
    reply = client.service.OCMWCPASVrijwilligeOppasSend(RequestContext=context(reference), ServiceRequest=request)
    results = reply.ServiceReply.SendPrestatiesReply.Resultaat
    return {**summary(reply), "statuses": [r.Status for r in results], "durations": [int(r.DuurMinuten) for r in results]}


def consult(maximum, sleutel=None):
    periode = vo.PeriodeType(StartDate=datetime.date(2026, 10, 1), EndDate=datetime.date(2026, 11, 30))
    request = ssdn.ServiceRequestType(ServiceId="OCMWCPASVrijwilligeOppasConsult", Version="20261122",
                                      ConsultPrestatiesRequest=ConsultRequest(Ondernemingsnummer="0212344876", Erkenningsnummer=123, Periode=periode, MaxResultaten=maximum, VolgendeSleutel=sleutel))
    reply = client.service.OCMWCPASVrijwilligeOppasConsult(RequestContext=context("zeep consult"), ServiceRequest=request)
    found = reply.ServiceReply.ConsultPrestatiesReply.Prestatie
    return {**summary(reply), "ids": [p.PrestatieId for p in found], "durations": [int(p.DuurMinuten) for p in found],
            "next": reply.ServiceReply.ConsultPrestatiesReply.VolgendeSleutel}


result = {
    "send": send("zeep # 1", [prestatie("Z-1", datetime.date(2026, 10, 24), "22:00:00", "07:00:00"), prestatie("Z-2", datetime.date(2026, 11, 3), "14:00:00", "17:30:00")]),
    "correction": send("zeep # 2", [prestatie("Z-2", datetime.date(2026, 11, 3), "14:00:00", "18:00:00")]),
}
result["page1"] = consult(1)
result["page2"] = consult(1, result["page1"]["next"])

request = ssdn.ServiceRequestType(ServiceId="OCMWCPASVrijwilligeOppasDelete", Version="20261122",
                                  DeletePrestatiesRequest=DeleteRequest(Ondernemingsnummer="0212344876", Erkenningsnummer=123, PrestatieId=["Z-1", "Z-UNKNOWN"]))
deleted = client.service.OCMWCPASVrijwilligeOppasDelete(RequestContext=context("zeep # 3"), ServiceRequest=request)
result["delete"] = {**summary(deleted), "statuses": [r.Status for r in deleted.ServiceReply.DeletePrestatiesReply.Resultaat]}

# The connector form: the SSDN request serialised by zeep itself, sent as text through sendXML, the reply read by name.
inner = client.get_element("{http://www.ksz-bcss.fgov.be/XSD/SSDN/Service}SSDNRequest")
consult_request = ssdn.ServiceRequestType(ServiceId="OCMWCPASVrijwilligeOppasConsult", Version="20261122",
                                          ConsultPrestatiesRequest=ConsultRequest(Ondernemingsnummer="0212344876", Erkenningsnummer=123,
                                                                                  Periode=vo.PeriodeType(StartDate=datetime.date(2026, 10, 1), EndDate=datetime.date(2026, 11, 30))))
node = etree.Element("root")
inner.render(node, inner(RequestContext=context("zeep connector"), ServiceRequest=consult_request))
text = client.service.sendXML(etree.tostring(node[0], encoding="unicode"))
reply = etree.fromstring(text.encode("utf-8"))
COMMON = "{http://www.ksz-bcss.fgov.be/XSD/SSDN/Common}"
result["connector"] = {"returnCodes": [int(e.text) for e in reply.iter(COMMON + "ReturnCode")],
                       "ids": [e.text for e in reply.iter("{http://www.ksz-bcss.fgov.be/XSD/SSDN/OCMW_CPAS/VrijwilligeOppas}PrestatieId")]}

print(json.dumps(result))
