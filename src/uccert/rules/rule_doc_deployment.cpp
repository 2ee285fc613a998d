// The words about the rules that look past one certificate's names and trust: revocation (what
// was fetched), the server role a certificate serves (check --role, audit), and the rules audit
// applies across a topology's certificates. rule_doc.cpp holds the certificate rules'.
#include "uccert/rules/rule_doc.h"

namespace uccert::rules {

namespace {

const RuleDoc kDeploymentDocs[] = {
    {"autodiscover.hop-certificate",
     R"doc(- **Severity:** the hop's own verdict for the client (fail or warn), for clients whose profile
  says `walks_autodiscover = true` (built in: `mobile-ios`, `mobile-android`); others are not
  concerned.
- **Rationale:** a mobile client signs in through lyncdiscover: it follows each redirect the
  service sends and then goes to the web services URLs the autodiscover document links to (the
  `user`, `xframe` and `self` links), validating each certificate on the way as it validates the
  first one (RP-04, MOB-04, FE-07, DNS-01). A redirect target or linked host whose certificate
  comes from the internal CA, lacks the host's name or has expired breaks sign-in although the
  certificate dialled is fine. `discover` and `check --proto https` judge each such certificate
  for its URL's host exactly as they judge a target (with the CRLs fetched for it); the finding
  names the hop's URL (`details.url`, `details.hop`: `redirect N` or `link NAME`), the hop's
  verdict (`details.hop_verdict`) and the hop's own findings (`details.hop_findings`, comma
  separated). A hop that could not be reached is only noted, and each hop's chain is in the
  endpoint's `hops` (JSON).)doc",
     R"doc(- **In practice:** run `uccert check --proto https HOST:443` on the hop's host for its own findings
  and fixes (usually: the reverse proxy's public certificate must carry the external web services
  FQDN and `lyncdiscover.<sipdomain>` (RP-01), and the external web services URL published in the
  topology must be the reverse proxy's name, not the pool's internal one); or change the publishing
  rule so that lyncdiscover redirects and links only to hosts with such a certificate.)doc"},
    {"revocation.revoked",
     R"doc(- **Severity:** fail for every client.
- **Rationale:** a certificate its CA revoked is refused by every client that checks revocation,
  and every UC client checks it (G-02, G-03). The message gives the date, the reason when the CRL
  entry or OCSP response gives one, and whether a CRL or an OCSP responder said so.)doc",
     R"doc(- **In practice:** request and assign a new certificate (`Request-CsCertificate`, `Import-CsCertificate`,
  `Set-CsCertificate`, as for any re-issue); for a revoked intermediate, install the CA's current
  one on every server and re-issue under it.)doc"},
    {"revocation.unknown",
     R"doc(- **Severity (profile knob `revocation_unknown`):** when a fetch or the data failed (the CDP does
  not answer or answers with an error, its host does not resolve, the response is larger than
  uccert accepts, the CRL is past its nextUpdate ("CRL expired") or its signature does not verify
  with the issuer's key ("CRL signature invalid"), the OCSP responder answers an error, or says
  "unknown", or signs with a key that is not the issuer's): fail for `revocation_unknown = "fail"`
  (built in: `lync-desktop`, `phone-edition-legacy`, `phone-edition`, `exchange-um-peer`,
  `ocs-interop`, all "(?)": the clients check the CDP, G-03, K-07, but what they do without an
  answer is not documented; the conservative reading fails), warn for `"warn"` (`mobile-ios`,
  `mobile-android`, `teams-direct-routing`), info for `"ignore"` (`browser`: soft-fail). When
  nothing could be tried (a certificate naming no CDP and no OCSP responder; `--offline` with
  nothing cached; a URL on a private address without `--allow-private-fetch`) there is no
  finding: the report's list of fetches says "not fetched: unverified", and a leaf with no CDP at
  all is `ext.no-crl-distribution-point`.
- **Rationale:** a client that cannot establish revocation for a UC server's certificate (G-02)
  because the CDP is unreachable from where it is (G-03: Edge needs outbound TCP 80) refuses the
  server or stalls at sign-in.)doc",
     R"doc(- **In practice:** publish a current CRL, signed by the issuing CA, at every http CDP, reachable by
  clients and Edge, renewed before its nextUpdate; `certutil -URL <certificate>` on a client
  shows what Windows reaches.)doc"},
    {"revocation.cdp-ldap-only",
     R"doc(- **Severity (profile knob `cdp_expected`):** warn for clients with `cdp_expected = true`; info
  for the others.
- **Rationale:** an `ldap://` CDP (the Active Directory default of an enterprise CA) is reachable
  only inside the domain; remote clients, phones and the Edge server cannot check revocation
  through it (K-07). uccert does not fetch LDAP.)doc",
     R"doc(- **In practice:** add an http CDP to the CA (before the LDAP one), publish the CRL there, re-issue.)doc"},
    {"revocation.cdp-unresolvable",
     R"doc(- **Severity (profile knob `cdp_expected`):** warn for clients with `cdp_expected = true`; info
  for the others.
- **Rationale:** uccert resolves the CDP and OCSP hosts with the resolver clients use
  (`--dns-server`, else the system's); a name it cannot resolve (an internal-only name, a typo)
  is one the clients cannot reach either (G-03).)doc",
     R"doc(- **In practice:** publish the host in the DNS zone clients use (external DNS for remote users and Edge),
  or add a CDP on a name they resolve and re-issue.)doc"},
    {"revocation.cdp-redirects-to-https",
     R"doc(- **Severity (profile knob `cdp_expected`):** warn for clients with `cdp_expected = true`; info
  for the others.
- **Rationale:** revocation data is signed and served over plain http on purpose; Windows
  (CryptoAPI) and phones do not follow an http CDP that redirects to https, which a site-wide
  "always https" rule on the CRL host does.)doc",
     R"doc(- **In practice:** exempt the CRL and OCSP paths from the web server's http-to-https redirect.)doc"},
    {"revocation.crl-too-large",
     R"doc(- **Severity (profile knob `max_crl_kib`):** warn for clients with a `max_crl_kib` (built in:
  `phone-edition-legacy`, `phone-edition`: 1024 KiB) when a CRL fetched for a certificate of their
  path is larger. This is a conservative reading, and says so: no source gives the limit of Lync
  Phone Edition; large CRLs are known to time out on small devices.
- **Rationale:** a CA that has issued and revoked many certificates publishes a CRL of megabytes;
  a phone fetches it at every sign-in.)doc",
     R"doc(- **In practice:** delta CRLs, removing expired certificates from the CRL, or a separate issuing CA for
  UC servers.)doc"},
    {"revocation.staple",
     R"doc(- **Severity:** warn for every client.
- **Rationale:** live probes ask for OCSP stapling (status_request). A stapled response must be
  about the leaf, signed by its issuer (or a responder the issuer authorised with
  id-kp-OCSPSigning) and current; clients ignore one that is not. A leaf with the TLS feature
  extension status_request ("must-staple", RFC 7633) from a server that staples nothing is refused
  by clients that honour it (Firefox).)doc",
     R"doc(- **In practice:** let the server fetch a fresh response from the CA's responder (outbound http to the
  OCSP URL), or re-issue without must-staple.)doc"},
    {"role.missing-name",
     R"doc(- **Severity:** fail, for each client of the role that dials the missing name (the name's
  clients in roles.md, narrowed to the clients judged).
- **Rationale:** a client validates the name it dialled (G-11): a web services certificate
  without a meet or dial-in Simple URL, the external web FQDN or lyncdiscover (FE-03, FE-04,
  FE-05, FE-07, S-08), an Edge certificate without the Web Conferencing FQDN or `sip.<sipdomain>`
  of a second SIP domain (EDGE-03, S-11), a Default certificate without a pool member or
  `sip.<sipdomain>` (FE-01, FE-02), a Director without the pool's names (DIR-01), a reverse proxy
  without a published name (RP-01, RP-02): each breaks the clients that dial that name. A name
  covered only by a wildcard the client does not take (Lync Phone Edition before 4.0.7577.4100)
  is missing for that client. The name the client dialled (`--name`, the first name) is judged by
  `name.mismatch` and its siblings instead.)doc",
     R"doc(- **In practice:** re-issue with every name the role needs, explicit FQDNs first (W-11), followed by the
  certificate's other explicit names, and assign it with the role's own commands.)doc"},
    {"role.optional-name",
     R"doc(- **Severity:** info, for every client of the role.
- **Rationale:** some names belong on a role's certificate by habit or by one document only: the
  A/V Edge FQDN is never name-checked (EDGE-04; the planning pages list it, C-02), the admin
  Simple URL on external certificates is excluded by the 2010 documentation and listed by the
  2013 tables (C-08), a second UM FQDN is read by nobody (UM-04, C-06). Its absence breaks
  nothing. A dialled name that no client checks (the A/V Edge FQDN given with `--av-edge` and
  dialled) is not name-checked at all.)doc",
     R"doc(- **In practice:** nothing; add the name at the next renewal if your documentation asks for it.)doc"},
    {"role.wildcard-not-allowed",
     R"doc(- **Severity:** fail, for every client of the role.
- **Rationale:** the Edge Server's external interface takes no wildcard, in the CN or the SAN
  (W-06, EDGE-02); a Mediation pool neither (W-07). Only Skype for Business 2015 XMPP federation
  asks for one on the Edge, against the rest of the documentation (C-01).)doc",
     R"doc(- **In practice:** re-issue with explicit FQDNs only (for the Edge, `Request-CsCertificate -New -Type
  AccessEdgeExternal,DataEdgeExternal,AudioVideoAuthentication -Output ...
  -PrivateKeyExportable $true`, then `Import-CsCertificate` and `Set-CsCertificate`).)doc"},
    {"role.subject-cn",
     R"doc(- **Severity:** warn, for every client of the role.
- **Rationale:** the Subject CN of an Edge external certificate is the Access Edge FQDN (EDGE-02;
  OCS 2007 R2 partners need it, OCS-01); on the other Lync roles it is one of the role's own
  FQDNs: the pool (FE-01, DIR-01, MED-01; FE-06 accepts pool or server on web certificates), the
  external web FQDN on a reverse proxy (RP-01). CN-only roles (Exchange UM) are judged by
  `name.cn-only-mismatch`; the internal Edge's documented CN-only certificate (EDGE-07) and an
  SBC's name in CN or SAN (DR-02) by the name rules.)doc",
     R"doc(- **In practice:** re-issue with Subject CN = the role's FQDN, repeated in the SAN.)doc"},
    {"audit.av-certificate-differs",
     R"doc(- **Severity:** fail.
- **Rationale:** every Edge Server of a pool presents the same A/V authentication certificate and
  key: the token one Edge issues is checked by another (EDGE-05; pools may differ, C-03; renewal
  with `-Roll`, EDGE-12).)doc",
     R"doc(- **In practice:** export the certificate with its private key from one Edge (it was requested with
  `-PrivateKeyExportable $true`), `Import-CsCertificate` it on every other and `Set-CsCertificate
  -Type AccessEdgeExternal,DataEdgeExternal,AudioVideoAuthentication -Thumbprint <t>`.)doc"},
    {"audit.exchange-ca-differs",
     R"doc(- **Severity:** warn, for the phone profiles whose verdict on Exchange's web certificate is not
  pass.
- **Rationale:** Lync Phone Edition trusts only the CA that issued the pool's Default certificate
  and the web services TrustedCACerts (LPE-01); an Exchange certificate from another CA breaks the
  phone's calendar and voice mail (LPE-02, S-14).)doc",
     R"doc(- **In practice:** `New-CsWebTrustedCACertificate` with the Exchange CA's root and
  `Set-CsWebServiceConfiguration -TrustedCACerts @{Add=$ca}`, then reboot the phones.)doc"},
    {"audit.name-on-several-certificates",
     R"doc(- **Severity:** info.
- **Rationale:** a name served by different certificates inside and outside (split DNS): a client
  that roams meets each one, so each must carry the name and chain to a CA that client trusts
  (MOB-05, G-11).)doc",
     R"doc(- **In practice:** nothing when every client that dials the name trusts each certificate (the verdicts say
  so); otherwise issue the inside one from a CA the roaming clients trust as well.)doc"},
    {"audit.not-assigned",
     R"doc(- **Severity:** info.
- **Rationale:** the topology needs a certificate no `[[assignment]]` names, so it was not audited
  (PS-04: `Get-CsCertificate` lists what is assigned).)doc",
     R"doc(- **In practice:** add an `[[assignment]]` with the server, usages and file or endpoint.)doc"},
};

}  // namespace

std::span<const RuleDoc> deployment_rule_docs() { return kDeploymentDocs; }

}  // namespace uccert::rules
