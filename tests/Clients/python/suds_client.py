"""suds as the Lino framework's CBSS module uses it: KSZ's own connector WSDL, only the endpoint address changed,
the SSDN request built with suds' sax elements and sent with sendXML, every reply read with suds' parser and
childAtPath('/ServiceReply/ResultSummary') — where Lino reads every outcome, refusals included.

Usage: python3 suds_client.py <gateway base URL> <KSZ's WebServiceConnector.wsdl>. Prints one JSON object.
"""
import json
import pathlib
import sys

from suds.client import Client
from suds.sax.element import Element as E
from suds.sax.parser import Parser

BASE, WSDL = sys.argv[1], sys.argv[2]
SSDN = ("ssdn", "http://www.ksz-bcss.fgov.be/XSD/SSDN/Service")
VO = ("vo", "http://www.ksz-bcss.fgov.be/XSD/SSDN/OCMW_CPAS/VrijwilligeOppas")
COMMON = ("common", "http://www.ksz-bcss.fgov.be/XSD/SSDN/Common")

client = Client(pathlib.Path(WSDL).resolve().as_uri(), location=f"{BASE}/ksz/VrijwilligeOppas", timeout=30)
PARSER = Parser()


def nodetext(node):
    return None if node is None else node.getText()


def wrap_ssdn_request(service_id, srvreq, reference):
    """Lino's wrap_ssdn_request, with the Vrijwillige Oppas ServiceId and Version."""
    au = E("ssdn:AuthorizedUser")
    au.append(E("ssdn:UserID").setText("85073003328"))
    au.append(E("ssdn:Email").setText("an.peeters@ocmw-gent.be"))
    au.append(E("ssdn:OrgUnit").setText("0212344876"))
    au.append(E("ssdn:MatrixID").setText("17"))
    au.append(E("ssdn:MatrixSubID").setText("1"))
    msg = E("ssdn:Message")
    msg.append(E("ssdn:Reference").setText(reference))
    msg.append(E("ssdn:TimeRequest").setText("20261122T101500"))
    context = E("ssdn:RequestContext")
    context.append(au)
    context.append(msg)
    sr = E("ssdn:ServiceRequest")
    sr.append(E("ssdn:ServiceId").setText(service_id))
    sr.append(E("ssdn:Version").setText("20261122"))
    sr.append(srvreq)
    e = E("ssdn:SSDNRequest", ns=SSDN)
    e.append(context)
    e.append(sr)
    return e


def payload(name, erkenningsnummer="123"):
    req = E(f"vo:{name}", ns=VO)
    req.append(E("vo:Ondernemingsnummer").setText("0212344876"))
    req.append(E("vo:Erkenningsnummer").setText(erkenningsnummer))
    return req


def prestatie(pid, day, begin, end):
    p = E("vo:Prestatie")
    for name, value in (("PrestatieId", pid), ("GebruikerINSZ", "48010145644"), ("VrijwilligerINSZ", "79021512333"),
                        ("Datum", day), ("Begintijd", begin), ("Eindtijd", end), ("GemeenteNISCode", "44021")):
        p.append(E(f"vo:{name}").setText(value))
    return p


def execute(service_id, srvreq, reference):
    """Lino's execute_request_ and fill_from_string: sendXML, then read the answer by element name."""
    res = client.service.sendXML(str(wrap_ssdn_request(service_id, srvreq, reference)))
    reply = PARSER.parse(string=res.encode("utf-8")).root()
    ticket = nodetext(reply.childAtPath("/ReplyContext/Message/Ticket"))
    rs = reply.childAtPath("/ServiceReply/ResultSummary")
    if rs is None:
        raise Warning("Missing ResultSummary in :\n%s" % reply)
    details = [nodetext(d.childAtPath("/Severity")) + " " + nodetext(d.childAtPath("/ReasonCode")) + " (" + nodetext(d.childAtPath("/AuthorCodeList")) + ")"
               for d in rs.getChildren("Detail")]
    return reply, {"ticket": ticket, "returnCode": int(nodetext(rs.childAtPath("/ReturnCode"))), "details": details}


def send(reference, *prestaties):
    req = payload("SendPrestatiesRequest")
    for p in prestaties:
        req.append(p)
    reply, outcome = execute("OCMWCPASVrijwilligeOppasSend", req, reference)
    results = reply.childAtPath("/ServiceReply/SendPrestatiesReply").getChildren("Resultaat")
    return {**outcome, "statuses": [nodetext(r.getChild("Status")) for r in results], "durations": [int(nodetext(r.getChild("DuurMinuten"))) for r in results]}


def consult(maximum, sleutel=None):
    req = payload("ConsultPrestatiesRequest")
    periode = E("vo:Periode")
    periode.append(E("common:StartDate", ns=COMMON).setText("2026-10-01"))
    periode.append(E("common:EndDate", ns=COMMON).setText("2026-11-30"))
    req.append(periode)
    req.append(E("vo:MaxResultaten").setText(str(maximum)))
    if sleutel:
        req.append(E("vo:VolgendeSleutel").setText(sleutel))
    reply, outcome = execute("OCMWCPASVrijwilligeOppasConsult", req, "suds consult")
    answer = reply.childAtPath("/ServiceReply/ConsultPrestatiesReply")
    found = answer.getChildren("Prestatie")
    return {**outcome, "ids": [nodetext(p.getChild("PrestatieId")) for p in found], "durations": [int(nodetext(p.getChild("DuurMinuten"))) for p in found],
            "next": nodetext(answer.getChild("VolgendeSleutel"))}


result = {
    "send": send("VrijwilligeOppasRequest # 1", prestatie("S-1", "2026-10-24", "22:00:00", "07:00:00"), prestatie("S-2", "2026-11-03", "14:00:00", "17:30:00")),
    "correction": send("VrijwilligeOppasRequest # 2", prestatie("S-2", "2026-11-03", "14:00:00", "18:00:00")),
}
result["page1"] = consult(1)
result["page2"] = consult(1, result["page1"]["next"])
delete = payload("DeletePrestatiesRequest")
delete.append(E("vo:PrestatieId").setText("S-1"))
delete.append(E("vo:PrestatieId").setText("S-UNKNOWN"))
reply, outcome = execute("OCMWCPASVrijwilligeOppasDelete", delete, "VrijwilligeOppasRequest # 3")
result["delete"] = {**outcome, "statuses": [nodetext(r.getChild("Status")) for r in reply.childAtPath("/ServiceReply/DeletePrestatiesReply").getChildren("Resultaat")]}
# A message refused as a whole (a dienst the gateway does not know): Lino finds the outcome where it reads every outcome.
unknown = payload("SendPrestatiesRequest", erkenningsnummer="321")
unknown.append(prestatie("S-3", "2026-11-03", "14:00:00", "18:00:00"))
_, result["refused"] = execute("OCMWCPASVrijwilligeOppasSend", unknown, "VrijwilligeOppasRequest # 4")

print(json.dumps(result))
