<?php
// PHP's SoapClient as a CPAS's PHP module uses it: KSZ's own connector WSDL with only the endpoint changed, a
// sendTestMessage ping first (KSZ's TestConnectionService WSDL), sendXML(new SoapParam($xml, 'xmlString')), and every
// reply read with simplexml by element name: $reply->ServiceReply->children(COMMON)->ResultSummary->ReturnCode.
// Usage: php client.php <gateway base URL> <folder with KSZ's WSDLs>. Prints one JSON object.
const COMMON = 'http://www.ksz-bcss.fgov.be/XSD/SSDN/Common';
const VO = 'http://www.ksz-bcss.fgov.be/XSD/SSDN/OCMW_CPAS/VrijwilligeOppas';

[$self, $base, $wsdlFolder] = $argv;
$options = ['trace' => true, 'exceptions' => true, 'cache_wsdl' => WSDL_CACHE_NONE, 'soap_version' => SOAP_1_1];

$ping = new SoapClient("$wsdlFolder/TestConnectionService.wsdl", $options + ['location' => "$base/ksz/TestConnectionService"]);
$pong = $ping->sendTestMessage(['echo' => 'ping from CPAS']);
$result = ['ping' => ['echo' => $pong->echo, 'sslCertificate' => $pong->sslCertificate]];

$connector = new SoapClient("$wsdlFolder/WebServiceConnector.wsdl", $options + ['location' => "$base/ksz/VrijwilligeOppas"]);

function request(string $serviceId, string $payload, string $reference): string
{
    return <<<XML
<ssdn:SSDNRequest xmlns:ssdn="http://www.ksz-bcss.fgov.be/XSD/SSDN/Service" xmlns:common="http://www.ksz-bcss.fgov.be/XSD/SSDN/Common" xmlns:vo="http://www.ksz-bcss.fgov.be/XSD/SSDN/OCMW_CPAS/VrijwilligeOppas">
  <ssdn:RequestContext>
    <ssdn:AuthorizedUser><ssdn:UserID>85073003328</ssdn:UserID><ssdn:Email>an.peeters@ocmw-gent.be</ssdn:Email><ssdn:OrgUnit>0212344876</ssdn:OrgUnit><ssdn:MatrixID>17</ssdn:MatrixID><ssdn:MatrixSubID>1</ssdn:MatrixSubID></ssdn:AuthorizedUser>
    <ssdn:Message><ssdn:Reference>$reference</ssdn:Reference><ssdn:TimeRequest>20261122T101500</ssdn:TimeRequest><ssdn:Language>fr</ssdn:Language></ssdn:Message>
  </ssdn:RequestContext>
  <ssdn:ServiceRequest><ssdn:ServiceId>$serviceId</ssdn:ServiceId><ssdn:Version>20261122</ssdn:Version>$payload</ssdn:ServiceRequest>
</ssdn:SSDNRequest>
XML;
}

function prestatie(string $id, string $datum, string $begin, string $eind): string
{
    return "<vo:Prestatie><vo:PrestatieId>$id</vo:PrestatieId><vo:GebruikerINSZ>48010145644</vo:GebruikerINSZ><vo:VrijwilligerINSZ>79021512333</vo:VrijwilligerINSZ>"
        . "<vo:Datum>$datum</vo:Datum><vo:Begintijd>$begin</vo:Begintijd><vo:Eindtijd>$eind</vo:Eindtijd><vo:GemeenteNISCode>44021</vo:GemeenteNISCode></vo:Prestatie>";
}

function call(SoapClient $connector, string $xml): SimpleXMLElement
{
    $text = $connector->sendXML(new SoapParam($xml, 'xmlString'));
    if (!is_string($text)) {
        throw new RuntimeException('sendXML did not answer a string');
    }
    return simplexml_load_string($text);
}

function outcome(SimpleXMLElement $reply): array
{
    $summary = $reply->ServiceReply->children(COMMON)->ResultSummary;
    $details = [];
    foreach ($summary->Detail as $detail) {
        $details[] = "$detail->Severity $detail->ReasonCode ($detail->AuthorCodeList)";
    }
    return ['ticket' => (string)$reply->ReplyContext->Message->Ticket, 'returnCode' => (int)$summary->ReturnCode, 'details' => $details];
}

const DIENST = '<vo:Ondernemingsnummer>0212344876</vo:Ondernemingsnummer><vo:Erkenningsnummer>123</vo:Erkenningsnummer>';

function send(SoapClient $connector, string $reference, string ...$prestaties): array
{
    $reply = call($connector, request('OCMWCPASVrijwilligeOppasSend', '<vo:SendPrestatiesRequest>' . DIENST . implode('', $prestaties) . '</vo:SendPrestatiesRequest>', $reference));
    $statuses = $durations = [];
    foreach ($reply->ServiceReply->children(VO)->SendPrestatiesReply->Resultaat as $resultaat) {
        $statuses[] = (string)$resultaat->Status;
        $durations[] = (int)$resultaat->DuurMinuten;
    }
    return outcome($reply) + ['statuses' => $statuses, 'durations' => $durations];
}

function consult(SoapClient $connector, int $max, ?string $sleutel): array
{
    $filter = "<vo:MaxResultaten>$max</vo:MaxResultaten>" . ($sleutel === null ? '' : "<vo:VolgendeSleutel>$sleutel</vo:VolgendeSleutel>");
    $reply = call($connector, request('OCMWCPASVrijwilligeOppasConsult', '<vo:ConsultPrestatiesRequest>' . DIENST
        . '<vo:Periode><common:StartDate>2026-10-01</common:StartDate><common:EndDate>2026-11-30</common:EndDate></vo:Periode>' . $filter . '</vo:ConsultPrestatiesRequest>', 'CPAS consult'));
    $answer = $reply->ServiceReply->children(VO)->ConsultPrestatiesReply;
    $ids = $durations = [];
    foreach ($answer->Prestatie as $prestatie) {
        $ids[] = (string)$prestatie->PrestatieId;
        $durations[] = (int)$prestatie->DuurMinuten;
    }
    return outcome($reply) + ['ids' => $ids, 'durations' => $durations, 'next' => isset($answer->VolgendeSleutel) ? (string)$answer->VolgendeSleutel : null];
}

$result['send'] = send($connector, 'CPAS-1', prestatie('C-1', '2026-10-24', '22:00:00', '07:00:00'), prestatie('C-2', '2026-11-03', '14:00:00', '17:30:00'));
$result['correction'] = send($connector, 'CPAS-2', prestatie('C-2', '2026-11-03', '14:00:00', '18:00:00'));
$result['page1'] = consult($connector, 1, null);
$result['page2'] = consult($connector, 1, $result['page1']['next']);
$deleted = call($connector, request('OCMWCPASVrijwilligeOppasDelete', '<vo:DeletePrestatiesRequest>' . DIENST . '<vo:PrestatieId>C-1</vo:PrestatieId><vo:PrestatieId>C-UNKNOWN</vo:PrestatieId></vo:DeletePrestatiesRequest>', 'CPAS-3'));
$statuses = [];
foreach ($deleted->ServiceReply->children(VO)->DeletePrestatiesReply->Resultaat as $resultaat) {
    $statuses[] = (string)$resultaat->Status;
}
$result['delete'] = outcome($deleted) + ['statuses' => $statuses];
$result['refused'] = outcome(call($connector, request('OCMWCPASVrijwilligeOppasSend', '<vo:SendPrestatiesRequest><vo:Erkenningsnummer>123</vo:Erkenningsnummer>' . prestatie('C-3', '2026-11-03', '14:00:00', '18:00:00') . '</vo:SendPrestatiesRequest>', 'CPAS-4')));
$result['soapAction'] = trim(explode("\n", substr($connector->__getLastRequestHeaders(), stripos($connector->__getLastRequestHeaders(), 'SOAPAction:') + 11))[0]);

echo json_encode($result), "\n";
