// node-soap (npm soap) as an OCMW vendor uses it: a client generated from the gateway's WSDL, called with plain
// objects (no namespaces, no wrappers written by hand), then KSZ's connector operation sendXML from the same WSDL.
// Usage: node client.mjs <gateway base URL>. Prints what it read from each reply as one JSON object.
import soap from 'soap';

const base = process.argv[2];
const client = await soap.createClientAsync(`${base}/ksz/VrijwilligeOppas?wsdl`);

const context = (reference) => ({
  AuthorizedUser: { UserID: '85073003328', Email: 'an.peeters@ocmw-gent.be', OrgUnit: '0212344876', MatrixID: 17, MatrixSubID: 1 },
  Message: { Reference: reference, TimeRequest: '20261122T101500' },
});
const dienst = { Ondernemingsnummer: '0212344876', Erkenningsnummer: 123 };
const prestatie = (id, datum, begin, eind) => ({
  PrestatieId: id, GebruikerINSZ: '48010145644', VrijwilligerINSZ: '79021512333', Datum: datum, Begintijd: begin, Eindtijd: eind, GemeenteNISCode: '44021',
});
const list = (value) => (value === undefined ? [] : Array.isArray(value) ? value : [value]);
const summary = (reply) => ({
  returnCode: Number(reply.ReplyContext.ResultSummary.ReturnCode),
  serviceReturnCode: Number(reply.ServiceReply.ResultSummary.ReturnCode),
});

async function send(reference, prestaties) {
  const [reply] = await client.OCMWCPASVrijwilligeOppasSendAsync({
    RequestContext: context(reference),
    ServiceRequest: { ServiceId: 'OCMWCPASVrijwilligeOppasSend', Version: '20261122', SendPrestatiesRequest: { ...dienst, Prestatie: prestaties } },
  });
  const results = list(reply.ServiceReply.SendPrestatiesReply.Resultaat);
  return { ...summary(reply), statuses: results.map((r) => r.Status), durations: results.map((r) => Number(r.DuurMinuten)) };
}

async function consult(max, sleutel) {
  const [reply] = await client.OCMWCPASVrijwilligeOppasConsultAsync({
    RequestContext: context('node-soap consult'),
    ServiceRequest: {
      ServiceId: 'OCMWCPASVrijwilligeOppasConsult', Version: '20261122',
      ConsultPrestatiesRequest: { ...dienst, Periode: { StartDate: '2026-10-01', EndDate: '2026-11-30' }, MaxResultaten: max, ...(sleutel ? { VolgendeSleutel: sleutel } : {}) },
    },
  });
  const found = list(reply.ServiceReply.ConsultPrestatiesReply.Prestatie);
  return { ...summary(reply), ids: found.map((p) => p.PrestatieId), durations: found.map((p) => Number(p.DuurMinuten)), next: reply.ServiceReply.ConsultPrestatiesReply.VolgendeSleutel ?? null };
}

const result = {};
result.send = await send('node-soap # 1', [prestatie('N-1', '2026-10-24', '22:00:00', '07:00:00'), prestatie('N-2', '2026-11-03', '14:00:00', '17:30:00')]);
result.correction = await send('node-soap # 2', [prestatie('N-2', '2026-11-03', '14:00:00', '18:00:00')]);
result.page1 = await consult(1);
result.page2 = await consult(1, result.page1.next);

const [deleted] = await client.OCMWCPASVrijwilligeOppasDeleteAsync({
  RequestContext: context('node-soap # 3'),
  ServiceRequest: { ServiceId: 'OCMWCPASVrijwilligeOppasDelete', Version: '20261122', DeletePrestatiesRequest: { ...dienst, PrestatieId: ['N-1', 'N-UNKNOWN'] } },
});
result.delete = { ...summary(deleted), statuses: list(deleted.ServiceReply.DeletePrestatiesReply.Resultaat).map((r) => r.Status) };

// The connector form: the SSDN request as text in bcss:xmlString, the reply as text too.
const ssdn = `<ssdn:SSDNRequest xmlns:ssdn="http://www.ksz-bcss.fgov.be/XSD/SSDN/Service" xmlns:common="http://www.ksz-bcss.fgov.be/XSD/SSDN/Common" xmlns:vo="http://www.ksz-bcss.fgov.be/XSD/SSDN/OCMW_CPAS/VrijwilligeOppas"><ssdn:RequestContext><ssdn:AuthorizedUser><ssdn:UserID>85073003328</ssdn:UserID><ssdn:Email>an.peeters@ocmw-gent.be</ssdn:Email><ssdn:OrgUnit>0212344876</ssdn:OrgUnit><ssdn:MatrixID>17</ssdn:MatrixID></ssdn:AuthorizedUser><ssdn:Message><ssdn:Reference>node-soap connector</ssdn:Reference></ssdn:Message></ssdn:RequestContext><ssdn:ServiceRequest><ssdn:ServiceId>OCMWCPASVrijwilligeOppasConsult</ssdn:ServiceId><ssdn:Version>20261122</ssdn:Version><vo:ConsultPrestatiesRequest><vo:Ondernemingsnummer>0212344876</vo:Ondernemingsnummer><vo:Erkenningsnummer>123</vo:Erkenningsnummer><vo:Periode><common:StartDate>2026-10-01</common:StartDate><common:EndDate>2026-11-30</common:EndDate></vo:Periode></vo:ConsultPrestatiesRequest></ssdn:ServiceRequest></ssdn:SSDNRequest>`;
const [text] = await client.sendXMLAsync(ssdn);
if (typeof text !== 'string') {
  throw new Error(`sendXML answered ${typeof text}, not the xs:string its WSDL promises`);
}
const code = (name) => text.match(new RegExp(`<common:${name}>([^<]*)</common:${name}>`, 'g')).map((m) => m.replace(/<[^>]+>/g, ''));
result.connector = { returnCodes: code('ReturnCode').map(Number), ids: [...text.matchAll(/<vo:PrestatieId>([^<]*)<\/vo:PrestatieId>/g)].map((m) => m[1]) };

console.log(JSON.stringify(result));
