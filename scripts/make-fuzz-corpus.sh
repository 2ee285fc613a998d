#!/usr/bin/env bash
# Writes the seed corpora of the libFuzzer targets into fuzz/corpus/<target>/ from certificates
# minted here with openssl (small keys keep the seeds small and the fuzzers fast). Re-running it
# replaces the generated seeds (gen-*) and keeps every other file: regression inputs for crashes
# that were found and fixed are named crash-* / timeout-* / regress-* and must stay.
#
#   scripts/make-fuzz-corpus.sh [LIMBO_JSON]
#
# LIMBO_JSON (default ../shared/testdata/x509-limbo/limbo.json when present) supplies a few
# testcases for fuzz_limbo_case.
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
corpus="$root/fuzz/corpus"
limbo="${1:-$root/../shared/testdata/x509-limbo/limbo.json}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cd "$work"

password="uccert-fuzz"   # the fixed password of fuzz_load and fuzz_pkcs12
ossl() { openssl "$@" 2>/dev/null; }

for t in certificate load pem csr pkcs12 thumbprint profiles sip_response smtp_reply ms_diagnostics dns_answer limbo_case \
    topology_xml topology_overlay; do
  mkdir -p "$corpus/$t"
  rm -f "$corpus/$t"/gen-*
done

# --- certificates: a root, an intermediate with name constraints, leaves of each key type -----
cat > ext.cnf <<'CNF'
[root]
basicConstraints = critical, CA:TRUE
keyUsage = critical, keyCertSign, cRLSign, digitalSignature
subjectKeyIdentifier = hash
[inter]
basicConstraints = critical, CA:TRUE, pathlen:0
keyUsage = critical, keyCertSign, cRLSign
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid:always
nameConstraints = critical, permitted;DNS:contoso.com, permitted;IP:192.0.2.0/255.255.255.0, excluded;email:.example, permitted;dirName:nc_dir
authorityInfoAccess = caIssuers;URI:http://127.0.0.1:1/root.crt, OCSP;URI:http://127.0.0.1:1/ocsp
crlDistributionPoints = URI:http://127.0.0.1:1/root.crl
certificatePolicies = 2.5.29.32.0, 1.3.6.1.4.1.311.21.10
policyConstraints = requireExplicitPolicy:0
inhibitAnyPolicy = 0
[nc_dir]
O = Contoso
[leaf]
basicConstraints = critical, CA:FALSE
keyUsage = critical, digitalSignature, keyEncipherment
extendedKeyUsage = serverAuth, clientAuth
subjectAltName = DNS:sip.contoso.com, DNS:*.contoso.com, DNS:lyncdiscover.contoso.com, IP:192.0.2.10, IP:2001:db8::1, email:admin@contoso.com, URI:sip:pool@contoso.com, otherName:1.3.6.1.4.1.311.20.2.3;UTF8:user@contoso.com
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid, issuer
authorityInfoAccess = caIssuers;URI:http://127.0.0.1:1/inter.crt
crlDistributionPoints = URI:http://127.0.0.1:1/inter.crl
1.3.6.1.4.1.11129.2.4.2 = ASN1:NULL
[wild]
basicConstraints = CA:FALSE
extendedKeyUsage = serverAuth
subjectAltName = DNS:*.contoso.com
[req]
distinguished_name = dn
[dn]
CNF

ossl req -x509 -newkey rsa:1024 -nodes -keyout root.key -subj "/C=US/O=Contoso/CN=Contoso Root" \
  -days 3650 -config ext.cnf -extensions root -out root.pem
ossl req -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout inter.key \
  -subj "/O=Contoso/OU=PKI/CN=Contoso Issuing" -config ext.cnf -out inter.csr
ossl x509 -req -in inter.csr -CA root.pem -CAkey root.key -set_serial 2 -days 1825 \
  -extfile ext.cnf -extensions inter -out inter.pem
ossl req -newkey rsa:1024 -nodes -keyout leaf.key -subj "/C=US/O=Contoso/CN=sip.contoso.com/emailAddress=admin@contoso.com" \
  -addext "subjectAltName=DNS:sip.contoso.com,DNS:pool.contoso.com" -config ext.cnf -out leaf.csr
ossl x509 -req -in leaf.csr -CA inter.pem -CAkey inter.key -set_serial 0x0102030405060708 -days 365 \
  -extfile ext.cnf -extensions leaf -sha384 -out leaf.pem
ossl req -x509 -newkey ed25519 -nodes -keyout ed.key -subj "/CN=*.contoso.com" -days 30 \
  -config ext.cnf -extensions wild -out ed.pem
ossl req -newkey rsa:1024 -nodes -keyout v1.key -subj "/CN=um.contoso.com" -config ext.cnf -out v1.csr
ossl x509 -req -in v1.csr -signkey v1.key -days 30 -sha1 -out v1.pem   # no extensions: version 1
ossl req -newkey rsa-pss -pkeyopt rsa_keygen_bits:1024 -nodes -keyout pss.key -subj "/CN=pss.contoso.com" \
  -config ext.cnf -out pss.csr
ossl x509 -req -in pss.csr -CA root.pem -CAkey root.key -set_serial 3 -days 30 -sigopt rsa_padding_mode:pss \
  -extfile ext.cnf -extensions wild -out pss.pem

for c in root inter leaf ed v1 pss; do
  ossl x509 -in $c.pem -outform DER -out $c.der
  cp $c.der "$corpus/certificate/gen-$c.der"
done
# A certificate cut short and one with a flipped byte: the decoder's error paths.
head -c 300 leaf.der > "$corpus/certificate/gen-truncated.der"
python3 - leaf.der "$corpus/certificate/gen-flipped.der" <<'PY'
import sys
d = bytearray(open(sys.argv[1], 'rb').read()); d[len(d)//3] ^= 0x40
open(sys.argv[2], 'wb').write(d)
PY

# --- containers ---------------------------------------------------------------------------
cat leaf.pem inter.pem root.pem > chain.pem
ossl crl2pkcs7 -nocrl -certfile chain.pem -out chain.p7b
ossl crl2pkcs7 -nocrl -certfile chain.pem -outform DER -out chain.p7b.der
ossl pkcs12 -export -in leaf.pem -inkey leaf.key -certfile inter.pem -name "Lync pool" \
  -passout pass:$password -out aes.pfx
ossl pkcs12 -export -in leaf.pem -inkey leaf.key -certfile inter.pem -legacy -descert \
  -passout pass:$password -out legacy.pfx
ossl pkcs12 -export -in ed.pem -inkey ed.key -passout pass: -out empty.pfx
ossl pkcs12 -export -in leaf.pem -nokeys -passout pass:$password -out nokey.pfx
ossl req -in leaf.csr -outform DER -out leaf.csr.der
ossl req -new -key ed.key -subj "/CN=edge.contoso.com" \
  -addext "subjectAltName=DNS:edge.contoso.com,DNS:sip.fabrikam.com" \
  -addext "extendedKeyUsage=serverAuth,clientAuth" -addext "keyUsage=digitalSignature" -config ext.cnf -out ed.csr
ossl req -in ed.csr -outform DER -out ed.csr.der
ossl req -in pss.csr -outform DER -out pss.csr.der

cp chain.pem "$corpus/load/gen-chain.pem"
cp leaf.der "$corpus/load/gen-leaf.der"
grep -v -- '-----' leaf.pem > "$corpus/load/gen-leaf.b64"   # Base-64 without PEM lines (a Windows .cer)
cp chain.p7b "$corpus/load/gen-chain.p7b"
cp chain.p7b.der "$corpus/load/gen-chain.p7b.der"
for p in aes legacy empty nokey; do
  cp $p.pfx "$corpus/load/gen-$p.pfx"
  cp $p.pfx "$corpus/pkcs12/gen-$p.pfx"
done
cp leaf.csr "$corpus/load/gen-leaf.csr"
cp ed.csr.der "$corpus/load/gen-ed.csr.der"
{ echo "Bag Attributes"; echo "    friendlyName: Lync pool"; sed 's/$/\r/' leaf.pem; cat leaf.key; cat inter.pem; } \
  > "$corpus/load/gen-mixed.pem"

cp chain.pem "$corpus/pem/gen-chain.pem"
cp leaf.csr "$corpus/pem/gen-leaf.csr"
cp chain.p7b "$corpus/pem/gen-chain.p7b"
{ echo "text before"; sed 's/$/\r/' ed.pem; echo "between"; echo "-----BEGIN CERTIFICATE-----"; echo "Proc-Type: 4,ENCRYPTED"; echo; head -c 200 leaf.der | base64; echo "-----END CERTIFICATE-----"; } \
  > "$corpus/pem/gen-headers.pem"
printf -- '-----BEGIN CERTIFICATE-----\nMIIB\n' > "$corpus/pem/gen-truncated.pem"

cp leaf.csr.der "$corpus/csr/gen-leaf.der"
cp ed.csr.der "$corpus/csr/gen-ed.der"
cp pss.csr.der "$corpus/csr/gen-pss.der"

# --- thumbprints (PS-02, PS-07, PS-08) ----------------------------------------------------
sha1="$(ossl x509 -in leaf.pem -noout -fingerprint -sha1 | cut -d= -f2)"
sha256="$(ossl x509 -in leaf.pem -noout -fingerprint -sha256 | cut -d= -f2)"
printf '%s' "$sha1" > "$corpus/thumbprint/gen-colons"
printf '%s' "$sha256" | tr -d : > "$corpus/thumbprint/gen-sha256"
printf '\xe2\x80\x8e%s' "$(printf '%s' "$sha1" | tr : ' ' | tr 'A-F' 'a-f')" > "$corpus/thumbprint/gen-lrm-spaced"
printf '?%s' "$(printf '%s' "$sha1" | tr -d :)" > "$corpus/thumbprint/gen-question"
printf '\xef\xbb\xbf%s\xc2\xa0\xe2\x80\x8b' "$(printf '%s' "$sha1" | tr : -)" > "$corpus/thumbprint/gen-bom-nbsp-zwsp"
printf '\xed\xa0\x80\xc0\xaf\xf4\x90\x80\x80ab' > "$corpus/thumbprint/gen-invalid-utf8"

# --- profiles -----------------------------------------------------------------------------
cp "$root/data/profiles.toml" "$corpus/profiles/gen-builtin.toml"
head -c 2000 "$root/data/profiles.toml" > "$corpus/profiles/gen-cut.toml"

# --- topology: the examples, and a DOCTYPE the import must refuse -----------------------------
cp "$root/examples/standard-edition/topology.xml" "$corpus/topology_xml/gen-standard-edition.xml"
cp "$root/examples/enterprise/topology.tbxml" "$corpus/topology_xml/gen-enterprise.tbxml"
printf '<?xml version="1.0"?>\n<!DOCTYPE Topology [<!ENTITY x "y">]>\n<Topology/>\n' > "$corpus/topology_xml/gen-doctype.xml"
cp "$root/examples/standard-edition/overlay.toml" "$corpus/topology_overlay/gen-standard-edition.toml"
cat "$root/examples/enterprise/overlay.toml" "$root/examples/enterprise/assignments.toml" \
  > "$corpus/topology_overlay/gen-enterprise.toml"

# --- SIP, SMTP, ms-diagnostics ------------------------------------------------------------
diag='1010;reason="Certificate trust with another server could not be established";ErrorType="The peer certificate does not contain a matching FQDN";msexchHRESULT="0x800B010F(CERT_E_CN_NO_MATCH)";appName="ExumRouting"'
printf 'SIP/2.0 200 OK\r\nVia: SIP/2.0/TLS 127.0.0.1:5061;branch=z9hG4bK1\r\nFrom: <sip:uccert@contoso.com>;tag=1\r\nTo: <sip:pool.contoso.com>;tag=srv1\r\nCall-ID: abc\r\nCSeq: 1 OPTIONS\r\nServer: RTC/7.0\r\nContent-Length: 0\r\n\r\n' \
  > "$corpus/sip_response/gen-200"
printf 'SIP/2.0 504 Server time-out\r\nms-diagnostics: %s\r\nServer: RTC/5.0\r\nContent-Length: 0\r\n\r\n' "$diag" \
  > "$corpus/sip_response/gen-504-diagnostics"
printf 'SIP/2.0 100 Trying\nVia: a\n  folded continuation\nX:\n\n' > "$corpus/sip_response/gen-folded"
printf '%s' "$diag" > "$corpus/ms_diagnostics/gen-1010"
printf '1009;reason="Certificate revoked";ErrorCode="0x80092010"' > "$corpus/ms_diagnostics/gen-1009"
printf '2;reason="See response code and reason phrase";HRESULT="0xC3E93C0F";source="sip.contoso.com"' > "$corpus/ms_diagnostics/gen-hresult"
printf '1046;reason="Failed to connect to a federated peer server";ms-diag-debug="a\\"b"' > "$corpus/ms_diagnostics/gen-escaped"
printf '220 mail.contoso.com Microsoft ESMTP MAIL Service ready\r\n' > "$corpus/smtp_reply/gen-greeting"
printf '250-mail.contoso.com Hello [127.0.0.1]\r\n250-SIZE 37748736\r\n250-STARTTLS\r\n250-X-ANONYMOUSTLS\r\n250 CHUNKING\r\n' \
  > "$corpus/smtp_reply/gen-ehlo"
printf '454 4.7.0 TLS not available due to temporary reason\n' > "$corpus/smtp_reply/gen-refused"

# --- DNS answers: flags(2) counts(6: AN NS AR) then records (see fuzz/fuzz_dns_answer.cpp) ---
python3 - "$corpus/dns_answer" <<'PY'
import struct, sys, os
out = sys.argv[1]
Q = b'\xc0\x0c'  # pointer to the question name
def name(n):
    return b''.join(bytes([len(l)]) + l.encode() for l in n.split('.')) + b'\0'
def rr(owner, rtype, rdata, ttl=300):
    return owner + struct.pack('>HHIH', rtype, 1, ttl, len(rdata)) + rdata
def srv(prio, weight, port, target):
    return struct.pack('>HHH', prio, weight, port) + name(target)
def msg(flags, an, ns=b'', ar=b'', counts=None):
    c = counts or (len(an), len(ns), len(ar))
    return struct.pack('>HHHH', flags, *c) + b''.join(an) + b''.join(ns) + b''.join(ar)
seeds = {
  'srv': msg(0x8180, [rr(Q, 33, srv(0, 0, 5061, 'sip.contoso.com')), rr(Q, 33, srv(10, 5, 443, 'SIP2.Contoso.com'))]),
  'a': msg(0x8180, [rr(Q, 1, bytes([192, 0, 2, 10])), rr(Q, 28, bytes(16))]),
  'cname': msg(0x8180, [rr(Q, 5, name('pool.contoso.com')), rr(name('pool.contoso.com'), 1, bytes([127, 0, 0, 1]))]),
  'cname-loop': msg(0x8180, [rr(Q, 5, name('a.test')), rr(name('a.test'), 5, b'\xc0\x0c')]),
  'nxdomain': msg(0x8183, []),
  'servfail': msg(0x8182, []),
  'counts-lie': msg(0x8180, [rr(Q, 33, srv(0, 0, 5061, 'x.test'))], counts=(200, 0, 0)),
  'many-srv': msg(0x8180, [rr(Q, 33, srv(i % 3, i, 5061, 's%d.test' % i)) for i in range(60)]),
}
for k, v in seeds.items():
    open(os.path.join(out, 'gen-' + k), 'wb').write(v)
PY

# --- limbo testcases ------------------------------------------------------------------------
if [ -f "$limbo" ]; then
  python3 - "$limbo" "$corpus/limbo_case" <<'PY'
import json, sys, os
doc = json.load(open(sys.argv[1]))
picked, seen = [], set()
for tc in doc['testcases']:
    ns = tc['id'].split('::')[0]
    if ns in seen or len(json.dumps(tc)) > 12000:
        continue
    seen.add(ns)
    picked.append(tc)
for tc in doc['testcases']:
    if len(picked) >= 16: break
    if tc not in picked and len(json.dumps(tc)) < 6000 and tc.get('expected_peer_name'):
        picked.append(tc)
for i, tc in enumerate(picked):
    open(os.path.join(sys.argv[2], 'gen-%02d.json' % i), 'w').write(json.dumps(tc))
PY
fi
# A case built from the certificates above (SERVER, name, EKU).
python3 - "$corpus/limbo_case/gen-minted.json" leaf.pem inter.pem root.pem <<'PY'
import json, sys
leaf, inter, root = (open(p).read() for p in sys.argv[2:5])
json.dump({"id": "uccert::minted", "features": [], "validation_kind": "SERVER",
           "trusted_certs": [root], "untrusted_intermediates": [inter], "peer_certificate": leaf,
           "validation_time": "2027-01-01T00:00:00Z", "expected_peer_name": {"kind": "DNS", "value": "sip.contoso.com"},
           "extended_key_usage": ["serverAuth"], "key_usage": ["digitalSignature"], "max_chain_depth": 3,
           "expected_result": "SUCCESS"}, open(sys.argv[1], 'w'))
PY

for t in "$corpus"/*/; do
  printf '%-16s %3d files %6d bytes\n' "$(basename "$t")" "$(ls "$t" | wc -l)" "$(cat "$t"/* 2>/dev/null | wc -c)"
done
