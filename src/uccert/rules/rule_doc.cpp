// The hand-written part of each rule's documentation: who it concerns and how badly (in words),
// the rationale, and the fix in practice. docs/findings.md is generated from these and the
// descriptors (`uccert rules --format markdown`), so this is where that text is edited.
#include "uccert/rules/rule_doc.h"

#include <iterator>
#include <vector>

namespace uccert::rules {

namespace {

// Certificate rules, in the order of docs/findings.md.
const RuleDoc kDocs[] = {
    {"name.mismatch",
     R"doc(- **Severity:** fail.
- **Clients:** every client whose name policy finds no entry matching the dialled name (the
  Exchange UM peer gets `name.cn-only-mismatch` instead; a name covered only by a wildcard a client
  refuses gets `name.wildcard-only`).
- **Rationale:** a certificate is valid for a client only if the client trusts its issuer *and*
  the dialled name is on it (G-11). iOS shows "Can't verify the certificate from the server" when
  sip, webconf, the external web FQDN or lyncdiscover is missing (S-11). The message lists the
  certificate's names and the nearest entries with the reason each one failed (e.g. "wildcard
  covers one label only").)doc",
     R"doc(- **In practice:** re-issue with the dialled FQDN in the SAN (and the CN repeated there):
  `Request-CsCertificate -New -Type Default,WebServicesInternal,WebServicesExternal -CA "<CA server)doc"
     R"doc( FQDN>\<CA>" -DomainName "sip.contoso.com,pool.contoso.com,..."`,
  then `Set-CsCertificate -Type Default,WebServicesInternal,WebServicesExternal -Thumbprint <thumbprint of)doc"
     R"doc( the new certificate>`
  and `Restart-Service RTCSRV`.)doc"},
    {"name.wildcard-only",
     R"doc(- **Severity:** fail for clients that accept no wildcard (`phone-edition-legacy`: Lync Phone
  Edition before 4.0.7577.4100; `ocs-interop`: OCS 2007 R2 / LCS 2005, W-14); warn for clients whose profile)doc"
     R"doc( says `wildcard_match = "warn"`
  (`phone-edition`, 4.0.7577.4100 and later); nothing for the desktop client, which accepts a
  one-label wildcard.
- **Rationale:** Lync Phone Edition needs the exact host it dialled (the `_sipinternaltls._tcp`
  SRV target) as an explicit entry; before 4.0.7577.4100 no wildcard counts, and the phone shows
  "Cannot connect to the server. Retrying." while Windows signs in fine (W-12, LPE-05, S-01). The
  June 2012 update accepts wildcards, but a multi-tenant deployment on 4100 still failed until a SAN
  certificate returned (C-09, S-03), and phones shipped with older firmware cannot sign in to get
  the update (S-04): hence warn, not pass (W-13).)doc",
     R"doc(- **In practice:** add the dialled host as an explicit SAN entry, explicit names before wildcards:
  `Request-CsCertificate -New -Type Default,WebServicesInternal,WebServicesExternal -DomainName)doc"
     R"doc( "sip.contoso.com,pool.contoso.com,*.contoso.com"`,
  `Set-CsCertificate -Type Default,... -Thumbprint <thumbprint of the new certificate>`, `Restart-Service RTCSRV`.
  For `ocs-interop` the suggested names leave the wildcard entries out: OCS 2007 R2 and LCS 2005
  must find none (W-14, OCS-03).)doc"},
    {"name.wildcard-cn",
     R"doc(- **Severity (profile knob `wildcard_cn`):** fail for `reject` (built in: `ocs-interop`); warn
  for `warn` (`lync-desktop`, `phone-edition-legacy`, `phone-edition`); clients with `accept`, the
  default, are not concerned (`teams-direct-routing` accepts a wildcard CN, W-15; browsers and
  mobiles ignore the CN). The Exchange UM peer gets `name.cn-only-mismatch`.
- **Rationale:** there is no support for a wildcard as the Subject CN of any Lync or Skype for
  Business role (W-01). It may work in a pure Lync 2010 deployment, but it breaks interop with OCS
  2007 / 2007 R2 and LCS 2005 (W-14, OCS-03), and Lync reads the CN to name MTLS peers (S-05).)doc",
     R"doc(- **In practice:** re-issue with the server FQDN as Subject CN (repeated in the SAN); keep wildcards only
  as SAN entries where the wildcard matrix allows them (simple URLs, lyncdiscover: W-02..W-04).)doc"},
    {"name.cn-not-dialled",
     R"doc(- **Severity (profile knob `cn_must_be_dialled`):** fail, for clients with
  `cn_must_be_dialled = true` (built in: `ocs-interop`, OCS 2007 R2 / LCS 2005 servers and partner
  Edges).
- **Rationale:** these servers identify a peer by its Subject CN: on an Edge it must be the
  Access Edge FQDN (OCS-01), on other roles the computer's FQDN (OCS-02). The dialled name in the
  SAN alone does not do; Lync 2010 and later alone do not need it. A wildcard CN is
  `name.wildcard-cn` instead.)doc",
     R"doc(- **In practice:** re-issue with Subject CN = the dialled FQDN (also in the SAN). `Request-CsCertificate`
  takes the subject from the topology, so check there that the name is this role's FQDN (the
  Access Edge FQDN on an Edge), then `Request-CsCertificate` / `Set-CsCertificate`.)doc"},
    {"name.wildcard-before-fqdn",
     R"doc(- **Severity (profile knob `explicit_names_first`):** warn for clients with
  `explicit_names_first = true` (built in: `phone-edition-legacy` and `phone-edition`); other
  clients not concerned.
- **Rationale:** UC devices need every explicit FQDN listed before any wildcard in the SAN;
  strict devices fail on a leading wildcard entry (W-11).)doc",
     R"doc(- **In practice:** re-issue with the explicit names first (the fix lists the SAN in the right order).)doc"},
    {"name.cn-not-in-san",
     R"doc(- **Severity:** warn, for clients that do not read the CN when a SAN is present (name policy
  `common_name = "ignore"`, or `"fallback"` when the certificate has DNS SAN entries).
- **Rationale:** TLS name checks read the SAN, not the subject: repeat the CN in the SAN (G-12,
  RP-02). A client dialling the CN name fails otherwise.)doc",
     R"doc(- **In practice:** re-issue with the CN also listed in the SAN.)doc"},
    {"name.cn-fallback",
     R"doc(- **Severity:** warn, for clients whose profile says `cn_match = "warn"` (the desktop client and
  phones: uc-rules marks their CN-only matching "(?)").
- **Rationale:** the dialled name matched only through the Subject CN because the certificate has
  no DNS SAN for it; whether the client reads the CN is not documented (G-12, G-11).)doc",
     R"doc(- **In practice:** re-issue with the name in the SAN as well.)doc"},
    {"name.invalid-fqdn",
     R"doc(- **Severity:** warn, for every client.
- **Rationale:** Lync and Skype for Business server FQDNs use only letters, digits and hyphens,
  in at least two labels: no underscore, no IDN (an `xn--` label), no single label (G-14). The
  dialled name (`--name`) is what is checked; an address is not.)doc",
     R"doc(- **In practice:** give the server an FQDN of letters, digits and hyphens in a DNS domain
  (`pool01.contoso.com`), publish it in the topology and in DNS, and re-issue its certificate.)doc"},
    {"name.forbidden-domain",
     R"doc(- **Severity:** fail, for clients whose profile lists `forbidden_domains` (built in: Teams Direct
  Routing, `onmicrosoft.com`).
- **Rationale:** Direct Routing pairs an SBC only by an FQDN in a domain verified in the tenant,
  never `*.onmicrosoft.com` (DR-02). The dialled name (`--name`, the SBC's FQDN) is compared,
  label by label: the domain itself and every name below it.)doc",
     R"doc(- **In practice:** give the SBC an FQDN in a verified custom domain, put it in the certificate's SAN and
  pair that name: `New-CsOnlinePSTNGateway -Fqdn sbc1.<your domain> -SipSignalingPort 5061 -Enabled $true`.)doc"},
    {"name.cn-only-mismatch",
     R"doc(- **Severity:** fail, for clients that read only the Subject CN (`common_name = "only"`:
  `exchange-um-peer`, Lync validating a stand-alone Exchange UM server).
- **Rationale:** Lync names an Exchange UM peer by the Subject CN of its certificate and never
  reads the SAN (UM-02, W-08). A wildcard CN is not a server FQDN: Lync drops the UM server's SIP
  OPTIONS with "The peer is not a configured server on this network interface", so MWI and
  play-on-phone fail while Lync → UM still works (S-05, UM-06). A CN that is another name (the
  FQDN only in the SAN) gives SIP 504 `ms-diagnostics: 1010` with
  `msexchHRESULT="0x800B010F(CERT_E_CN_NO_MATCH)"` and, on Exchange, "Certificate subject name is
  not valid. UM local monitoring sip options probe will fail" (S-06, UM-07).)doc",
     R"doc(- **In practice:** bind a UM-only certificate whose Subject CN is exactly the UM server's FQDN (no SAN
  needed): `New-ExchangeCertificate -GenerateRequest -SubjectName "CN=exch01.contoso.com" ...`; then,
  in this order because a certificate can be enabled for UM only once UMStartupMode is TLS or Dual
  (UM-05): `Set-UMService -Identity exch01.contoso.com -UMStartupMode TLS` and
  `Set-UMCallRouterSettings -Server exch01.contoso.com -UMStartupMode TLS` (Exchange 2010:
  `Set-UMServer`), `Enable-ExchangeCertificate -Thumbprint <thumbprint of the new certificate>
  -Services UM,UMCallRouter` (Exchange 2010: `-Services UM`), and restart MSExchangeUM /
  MSExchangeUMCR.)doc"},
    {"trust.phone-ca-not-trusted",
     R"doc(- **Severity:** fail, for clients that trust the pool issuer (Lync Phone Edition).
- **Rationale:** Lync Phone Edition trusts only the CA that issued the pool's Default certificate,
  the CAs in the web services `TrustedCACerts`, and its (stale) built-in store (LPE-01). An
  Exchange EWS/Autodiscover certificate from another CA, typically a public one, breaks the
  tethered phone's calendar with "Connection to Microsoft Exchange is unavailable. Please contact
  your support team" until that CA is added (LPE-02, S-14).)doc",
     R"doc(- **In practice (PS-07):** with the root's thumbprint filled in:
  `$ca = New-CsWebTrustedCACertificate -Thumbprint <root thumbprint> -CAStore TrustedRootCA`,
  `Set-CsWebServiceConfiguration -TrustedCACerts @{Add=$ca}`, check with
  `Get-CsWebServiceConfiguration`, reboot the phones. Re-check with `--trusted-ca-cert <root file>`.)doc"},
    {"trust.mobile-root-missing",
     R"doc(- **Severity:** fail, for clients that trust roots installed on the device (`mobile-ios`, and
  `mobile-android` through its warned store).
- **Rationale:** iOS trusts only Apple's roots and roots installed by a configuration profile with
  full trust; an internal enterprise CA trusted by every domain-joined Windows machine is unknown
  to an iPhone, and the app offers no way to accept anyway ("Can't verify the certificate from the
  server. Please contact your support team.") (MOB-01, MOB-02, MOB-06, S-09).)doc",
     R"doc(- **In practice:** install the root (thumbprint given) with full trust:
  `uccert mobileconfig root.pem --out roots.mobileconfig` writes the configuration profile (a
  `com.apple.security.root` payload per root; see [remediation.md](remediation.md)); push it by
  MDM, or open it on each device and then enable the root under Settings > General > About >
  Certificate Trust Settings (iOS 10.3+); re-check with `--mobile-root`. Or use a public CA for
  the names mobile clients reach (Edge, reverse proxy).)doc"},
    {"trust.not-public-root",
     R"doc(- **Severity:** fail, for clients that trust public roots only (`teams-direct-routing`).
- **Rationale:** since 1 February 2022 the SBC certificate must chain to a CA in the Microsoft
  Trusted Root Program (DR-01); public-facing certificates come from a public CA (G-18, FED-01).)doc",
     R"doc(- **In practice:** re-issue from a public CA in the Microsoft Trusted Root Program and install it with its
  intermediates.)doc"},
    {"trust.untrusted-root",
     R"doc(- **Severity:** fail, for Windows clients and servers (public and enterprise roots).
- **Rationale:** the chain leads to a root the client does not trust (G-11; CERT_E_UNTRUSTEDROOT,
  E-14; internal-CA certificates need their root on the clients, MOB-01).)doc",
     R"doc(- **In practice:** publish the root to domain members (`certutil -dspublish -f "<root>.cer" RootCA` or a
  GPO under Public Key Policies > Trusted Root Certification Authorities); re-check with
  `--enterprise-root`. Clients outside the domain need a public CA.)doc"},
    {"trust.self-signed",
     R"doc(- **Severity:** fail, for every client that has not been given the certificate itself as a root.
  Lync Phone Edition included: without `--pool-cert` a self-signed target is never taken to be the
  pool's own certificate (no Lync pool runs on one), so it is not the phones' pool issuer either.
- **Rationale:** a self-signed server certificate (Exchange's default) fails for UM and for every
  Lync client (UM-01, G-11).)doc",
     R"doc(- **In practice:** replace it with a CA-issued certificate, with the commands of each role it could have
  (`Request-CsCertificate` then `Set-CsCertificate` on the Front End or Edge;
  `New-ExchangeCertificate` then `Enable-ExchangeCertificate -Services IIS` on Exchange); for the
  UM peer UMStartupMode TLS, then `Enable-ExchangeCertificate -Services UM,UMCallRouter`.)doc"},
    {"trust.uncertain-store",
     R"doc(- **Severity:** warn, for clients whose profile lists the store under `trust_warn`.
- **Rationale:** the chain is trusted only through a store the client may not use: Android apps
  ignore user-installed CAs unless they opt in, and the Skype for Business app's behaviour is not
  documented (MOB-03, MOB-01).)doc",
     R"doc(- **In practice:** use a public CA for the names mobile clients reach.)doc"},
    {"trust.pool-issuer-assumed",
     R"doc(- **Severity:** info, for clients that trust the pool issuer, when no `--pool-cert` was given.
- **Rationale:** phones trust the CA that issued the pool certificate (LPE-01). Without
  `--pool-cert` the target is taken to be the pool certificate, so its own issuer (and that
  issuer's chain to its root) is trusted; to judge an Exchange or Edge certificate for phones, give
  the pool certificate. A self-signed target is the exception: no Lync pool runs on a self-signed
  certificate, so the assumption trusts nothing and the message says so (phones then fail it with
  `trust.self-signed`, like every other client). A self-signed certificate given explicitly with
  `--pool-cert` is trusted as the pool's issuer.)doc",
     R"doc(- **In practice:** give `--pool-cert FILE` (and `--trusted-ca-cert FILE` for CAs already added).)doc"},
    {"trust.non-root-in-root-store",
     R"doc(- **Severity:** warn, for every client that trusts the store holding it: `--enterprise-root`
  (Windows clients and servers, the UM peer, OCS interop, the browser), `--public-roots`, and
  `--mobile-root` (iOS; Android through its warned store). Never for `--trusted-ca-cert`.
- **Rationale:** a root store holds self-signed root certificates. An intermediate CA (or a server
  certificate) placed in the Windows Trusted Root Certification Authorities store breaks Lync /
  Skype for Business servers: on Windows Server 2012 and later their MTLS connections and sign-in
  fail while such a certificate is there (G-15); `Get-ChildItem Cert:\LocalMachine\Root | Where-Object
  { $_.Issuer -ne $_.Subject }` lists them (PS-12). A configuration profile installs roots with
  full trust, not intermediates (MOB-02, MOB-06).
- **How it is judged:** the certificate stays a trust anchor for the clients that trust its store.
  Windows CryptoAPI takes any certificate in Trusted Root as trusted, self-signed or not, so a
  Windows client given it as a root does build a path that ends there; judging otherwise would
  fail a chain that Windows accepts and hide the real fault, which is where the certificate is
  kept. The finding names that fault; once the certificate is moved, give its self-signed root
  instead and check again. In the machine's own bundle (the public roots when `--public-roots` is
  not given: the distribution's store, not the deployment's) a certificate that is not even
  self-issued is always reported, and a self-issued one's self-signature is checked only when a
  client's path reaches it.
- **TrustedCACerts:** a certificate given with `--trusted-ca-cert` may be an intermediate.
  Microsoft documents `New-CsWebTrustedCACertificate -CAStore TrustedRootCA | IntermediateCA |
  ThirdPartyRootCA` (PS-07): the web services `TrustedCACerts` is a list of CAs that Lync Phone
  Edition trusts, taken from either store, so an intermediate there is configuration as designed,
  not this finding, and phones trust it.)doc",
     R"doc(- **In practice (G-15, PS-12):** with the thumbprint filled in, on every server (and computer))doc"
     R"doc( that holds it:
  `Move-Item -Path Cert:\LocalMachine\Root\<thumbprint> -Destination Cert:\LocalMachine\CA`, or
  `certutil -addstore -f CA "<file>.cer"` then `certutil -delstore Root <thumbprint>`; published to
  the domain as a root: `certutil -dspublish -f "<file>.cer" SubCA` and `certutil -viewdelstore` of
  its entry in the Certification Authorities container; by GPO: move it from Trusted Root
  Certification Authorities to Intermediate Certification Authorities. A certificate that is no CA
  at all is only removed (`certutil -delstore Root <thumbprint>`). A mobile root: deploy the
  self-signed root that issued it (`com.apple.security.root`) and have the server send the
  intermediate.)doc"},
    {"chain.empty",
     R"doc(- **Severity:** fail, every client.
- **Rationale:** a server presents at least its own certificate (G-11).)doc",
     R"doc(- **In practice:** assign a certificate to the service.)doc"},
    {"chain.incomplete",
     R"doc(- **Severity:** fail for clients that do not fetch missing intermediates (profile `aia = "none"`:
  iOS, Android, Lync Phone Edition, the UM peer, OCS, Direct Routing). For clients that fetch them
  (`aia = "fetch"`: the Windows desktop client, browsers) uccert fetches the AIA caIssuers URL
  itself ([revocation.md](revocation.md)): warn when the intermediate was fetched there (the
  message shows the URL: "fetches it from http://... (fetched)"); fail when the URL is dead or
  serves no certificate that issued the top of the chain (the message says why: "cannot fetch it:
  http://...: the server answered HTTP/1.1 404 Not Found"), or when there is no URL at all; warn
  when the URL was not fetched (`--offline` with nothing cached, or a private
  address without `--allow-private-fetch`): "(not fetched: unverified)".
- **Rationale:** every TLS terminator (Edge, reverse proxy, load balancer, Exchange CAS) must send
  the leaf and its intermediates; iOS and Lync Phone Edition do not fetch a missing intermediate
  and fail (K-08, S-10, S-15). Windows does, which hides the mistake from the administrator. The
  message names the missing issuer and, when known, its AIA caIssuers URL; a missing *root* is not
  this finding (servers need not send roots) but a `trust.*` one.)doc",
     R"doc(- **In practice:** install the intermediate on the server (and every load balancer / reverse proxy / CAS),
  or re-import the full-chain PFX and re-assign it with the role's own cmdlets (see above): on the
  Front End
  `Import-CsCertificate -Path "C:\certs\full-chain.pfx" -Password (ConvertTo-SecureString "<pfx password>")doc"
     R"doc( -AsPlainText -Force)`,
  `Set-CsCertificate -Type Default,WebServicesInternal,WebServicesExternal -Thumbprint <leaf thumbprint>`,
  `Restart-Service RTCSRV`; on an Edge the same import with its own `-Type`; on Exchange
  `Import-ExchangeCertificate -FileData ... -Password ...` and `Enable-ExchangeCertificate
  -Thumbprint <leaf thumbprint> -Services IIS` (UM: `-Services UM,UMCallRouter`, then restart
  UM); check with `openssl s_client -connect <host>:443 -showcerts` (PS-16).)doc"},
    {"chain.root-sent",
     R"doc(- **Severity:** info, every client.
- **Rationale:** the root need not be sent; clients use their own copy (seed:IOS, "usually not
  sent by the server"). Harmless, a few hundred bytes per handshake.)doc",
     R"doc(- **In practice:** nothing required; optionally send only the leaf and intermediates.)doc"},
    {"chain.order",
     R"doc(- **Severity (profile knob `chain_order`):** info for clients with `chain_order = "any"` (built
  in: `lync-desktop`, `exchange-um-peer` and `browser`: path builders put up with any order); warn
  for `"as-sent"`, the default: every other client, including user-defined ones that do not say.
- **Rationale:** a server sends the leaf first, each certificate followed by its issuer (RFC 5246
  7.4.2, RFC 8446 4.4.2); devices that read the list as sent may fail (K-08).)doc",
     R"doc(- **In practice:** re-import the certificate with its chain so it is sent in order.)doc"},
    {"chain.file-order",
     R"doc(- **Severity:** warn, every client (the finding is about a file, whichever server will use it).
- **Rationale:** a PEM or DER file that does not start with its leaf (root or intermediates first,
  as many tools write when converting a `.p7b`) is judged leaf first, as Windows sends the chain
  after `Import-CsCertificate` or an import in the certificate MMC: the leaf is the certificate
  no other in the file was issued by. A server that sends the file as it is (nginx, Kamailio,
  many SBCs) would present the file's first certificate, a CA, as its own, and every client would
  fail. `inspect` shows the same order ("root first (reversed)").)doc",
     R"doc(- **In practice:** save the file leaf first, each certificate followed by its issuer.)doc"},
    {"chain.extra-certificate",
     R"doc(- **Severity:** info, for every client that does not build through the certificate.
- **Rationale:** a certificate sent twice, or one the client's best path does not use, is never
  looked at by that client; it often shows a stale intermediate left in the server's store, or a
  cross-signed copy of a root the client holds itself (K-08). This is the one place such a
  certificate is reported: the findings about a certificate's own properties (`time.*`, `key.*`,
  `sig.*`) judge only the certificates on each client's path. So an expired cross-signed root or an
  expired old copy of the intermediate sent next to a valid path (the Let's Encrypt situation of
  2021: leaf, R3, ISRG Root X1 cross-signed by the expired DST Root CA X3) is a note, "which this
  client's path does not use ... : remove it", naming why when the path shows it (it expired; the
  path uses another certificate for the same CA and key). A client that does build through it (one
  whose only root is the old one) has it on its path, and for that client its expiry is
  `time.expired`. A root sent on the leaf's line is `chain.root-sent` instead; past 16 such
  certificates the rest are counted in one note.)doc",
     R"doc(- **In practice:** remove it from the chain the server sends.)doc"},
    {"time.not-yet-valid",
     R"doc(- **Severity:** fail, every client (no client overrides validity; iOS offers no accept-anyway).
- **Rationale:** a certificate whose notBefore is in the future fails ("There was a problem
  verifying the certificate from the server", E-01). When it becomes valid within a day the message
  adds the usual cause: the issuing CA or the domain controller it synchronises with has a wrong
  time zone although its clock looks right (G-19, S-07); `details.clock_hint` is `"true"`.)doc",
     R"doc(- **In practice:** correct the time zone and clock of the issuing CA and the domain controllers
  (`tzutil /g`, `w32tm /query /status`), then re-issue and re-assign the certificate.)doc"},
    {"time.expired",
     R"doc(- **Severity:** fail, every client.
- **Rationale:** an expired certificate anywhere on the client's path fails (G-19, S-13); one
  sent but not on that client's path is `chain.extra-certificate` for it.)doc",
     R"doc(- **In practice:** renew (`Request-CsCertificate`) and assign (`Set-CsCertificate`); check with
  `Get-CsCertificate | Select-Object Use, Thumbprint, NotBefore, NotAfter | Format-Table -AutoSize`.)doc"},
    {"time.expiring-soon",
     R"doc(- **Severity:** warn when a certificate on the path expires within `--warn-days` (30), fail within
  `--fail-days` (14), as monitoring plugins' `-C 30,14`.
- **Rationale:** renew before expiry; public CAs take time (G-19, S-13).)doc",
     R"doc(- **In practice:** renew and assign the new certificate before the old one expires.)doc"},
    {"time.validity-too-long",
     R"doc(- **Severity:** fail, for clients with `max_validity_days` in their profile (iOS 13+: 825 days for
  certificates issued on or after 2019-07-01).
- **Rationale:** iOS 13 and macOS 10.15 refuse TLS server certificates valid for longer (APPLE13;
  iOS trust, MOB-02).)doc",
     R"doc(- **In practice:** re-issue with a validity of at most 825 days.)doc"},
    {"eku.no-server-auth",
     R"doc(- **Severity:** fail when the leaf's extended key usage lists other purposes but not Server
  Authentication (for clients that require it: every built-in profile). When the extension is
  absent: fail for a client whose profile sets `eku_required_from` and a leaf issued (notBefore)
  on or after that date (built in: iOS, 2019-07-01), warn otherwise.
- **Rationale:** every UC server certificate carries Server Authentication (1.3.6.1.5.5.7.3.1)
  (G-01, K-01); iOS 13+ rejects a TLS server certificate issued from 1 July 2019 without an EKU
  extension holding it (APPLE13); UCMA reports RemoteCertificateInvalidUsage.)doc",
     R"doc(- **In practice:** re-issue from the Web Server template (Request-CsCertificate uses it).)doc"},
    {"key.algorithm-not-accepted",
     R"doc(- **Severity (profile knob `key_algorithms`):** fail, for a client whose profile's)doc"
     R"doc( `key_algorithms` lacks the key's kind, on any
  certificate of its path (a root's key verifies the next signature). Built in: browsers, Windows
  and iOS take RSA and ECDSA P-256/384/521; Android (read strictly) RSA and ECDSA P-256/384; OCS
  2007 R2 RSA only (G-07); phones, the Exchange UM peer and Direct Routing RSA only, read strictly.
  No built-in client takes Ed25519 or Ed448 (Chrome refuses an Ed25519 certificate).
- **Uncertain:** where Microsoft does not document what the client accepts
  (`key_algorithms_uncertain = true`: phones, iOS and Android apps, the UM peer, Direct Routing),
  the finding has `uncertain` set and its message adds "Microsoft does not document which key
  algorithms this client accepts; the stricter reading was taken".
- **Rationale:** Lync / SfB servers request RSA by default and can use ECDH_P256/P384/P521 keys
  (`Request-CsCertificate -KeyAlg`, G-06); OCS 2007 R2 takes RSA keys only (G-07, OCS-04); Direct
  Routing negotiates ECDHE-RSA suites only, so an ECDSA key is likely refused (DR-06).)doc",
     R"doc(- **In practice:** re-issue with an RSA key (`-KeySize 2048`), which every UC client accepts.)doc"},
    {"key.rsa-too-small",
     R"doc(- **Severity:** warn below the profile's `warn_rsa_bits` (2048), fail below `min_rsa_bits`
  (1024 for Lync clients, 2048 for iOS, Android, Direct Routing and browsers), on every
  certificate on the client's path, roots included: path validation refuses the same keys
  (the client's `min_rsa_bits` is fatal on the anchor too), so a weak root fails the clients with a
  2048-bit minimum and warns the rest.
- **Rationale:** Lync/SfB accept RSA 1024, 2048 and 4096 but warn below 2048 (G-05); Direct
  Routing needs at least 2048 bits (K-06); OAuth certificates need 2048 on SfB (OAUTH-01).)doc",
     R"doc(- **In practice:** re-issue with `-KeySize 2048`.)doc"},
    {"key.rsa-too-large",
     R"doc(- **Severity:** fail, for clients with `max_rsa_bits` (`ocs-interop`: 4096).
- **Rationale:** OCS 2007 R2 takes RSA keys only up to 4096 bits (G-07, OCS-04).)doc",
     R"doc(- **In practice:** re-issue with `-KeySize 2048`.)doc"},
    {"sig.rsassa-pss",
     R"doc(- **Severity:** fail, for clients whose profile rejects RSASSA-PSS (`pss = "reject"`: Lync and
  Skype for Business clients and servers).
- **Rationale:** RSASSA-PSS signatures are not supported by Lync 2013 and Skype for Business:
  sign-in and call forwarding fail (G-04). AD CS signs with PSS when AlternateSignatureAlgorithm is
  set.)doc",
     R"doc(- **In practice:** `certutil -setreg ca\csp\AlternateSignatureAlgorithm 0`, restart certsvc, re-issue.)doc"},
    {"sig.md5",
     R"doc(- **Severity:** fail, every client (warn for a root's own self-signature).
- **Rationale:** MD5 in the chain stopped Skype for Business 2015 Front End services (Schannel
  fatal alert 40, events 36888/36874) (G-17, E-21).)doc",
     R"doc(- **In practice:** re-issue signed with SHA-256.)doc"},
    {"sig.sha1",
     R"doc(- **Severity:** fail for clients with `algorithms = "modern"` (iOS, Android, Direct Routing,
  browsers); warn for the rest (Lync accepts SHA-1, G-04, but it is deprecated); info for a
  root's own self-signature.
- **Rationale:** SHA-1 signatures are rejected by modern clients; external use needs a public CA
  signing with SHA-256 (G-08). Before moving a pool that old Lync Phone Edition firmware signs in
  to onto SHA-2, read `sig.sha2-legacy-phone`.)doc",
     R"doc(- **In practice:** re-issue signed with SHA-256 (AD CS: `certutil -setreg ca\csp\CNGHashAlgorithm)doc"
     R"doc( SHA256`).)doc"},
    {"sig.sha2-legacy-phone",
     R"doc(- **Severity (profile knob `sha2_uncertain`):** info, for clients with `sha2_uncertain = true`
  (built in: `phone-edition-legacy`, Lync Phone Edition before 4.0.7577.4100), about
  the first certificate on the path (not a root's self-signature) signed with SHA-224/256/384/512.
  uc-rules asks for a warning (K-03), but the build that added SHA-2 support is not documented
  and every CA has signed with SHA-2 for a decade: a warning would be on every certificate,
  make every run with all clients exit 1, and hide the warnings that matter.
- **Rationale:** current Lync Phone Edition firmware handles SHA-256, but older builds loop at
  sign-in on a SHA-2 pool certificate ("Cannot connect to the server. Retrying."). A phone that
  cannot sign in cannot take the update either.)doc",
     R"doc(- **In practice:** bring the phones to current firmware first: `Import-CsDeviceUpdate -Identity
  service:WebServer:<pool FQDN> -FileName UCUpdates.cab`, then `Get-CsDeviceUpdateRule -Filter
  service:WebServer:<pool FQDN>* | Approve-CsDeviceUpdateRule`; each phone updates at its next
  sign-in, so do it while the pool certificate is still SHA-1 signed.)doc"},
    {"ext.no-crl-distribution-point",
     R"doc(- **Severity (profile knob `cdp_expected`):** warn for clients with `cdp_expected = true` (built
  in: `lync-desktop`, `phone-edition-legacy`, `phone-edition`, `exchange-um-peer` and
  `ocs-interop`); info for every other client.
- **Rationale:** every Lync/SfB server certificate has at least one CRL distribution point (G-02),
  normally an HTTP URL that Edge (outbound TCP 80) and clients can fetch (K-07, G-03).)doc",
     R"doc(- **In practice:** add an HTTP CDP to the CA's extensions, publish the CRL, re-issue the certificate.)doc"},
    {"ext.key-usage-no-digital-signature",
     R"doc(- **Severity (profile knob `tls_key_usage`):** fail or warn, when the leaf has a keyUsage
  extension without digitalSignature:
  - `signature` (built in: `mobile-ios`, `mobile-android`, `teams-direct-routing`, `browser`): fail. TLS 1.3)doc"
     R"doc( and every ECDHE suite
    sign the handshake with the server's key; Chrome refuses such an RSA certificate; Direct Routing
    negotiates ECDHE-RSA only (DR-06); iOS App Transport Security demands forward secrecy.
  - `rsa-key-exchange` (built in: `lync-desktop`, `phone-edition-legacy`, `phone-edition`,
    `exchange-um-peer`, `ocs-interop`): warn for an RSA leaf that has keyEncipherment. These TLS 1.0–1.2)doc"
     R"doc( stacks may still
    negotiate RSA key exchange (TLS_RSA_* suites), which encrypts to the key and needs only
    keyEncipherment, so they connect while the server chooses such a suite; everything newer fails.
    Fail when keyEncipherment is missing too, or the key is not RSA (no TLS version can use it).
- **Rationale:** the reverse-proxy certificate recipe asks for Digital Signature and Key
  Encipherment (RP-06); the Web Server template every Lync certificate comes from has both.)doc",
     R"doc(- **In practice:** re-issue from a Web Server template with key usage Digital Signature + Key
  Encipherment.)doc"},
    {"ext.key-usage-cert-sign-on-leaf",
     R"doc(- **Severity (profile knob `tls_key_usage`):** fail for clients with `tls_key_usage = "signature"`
  (built in: `mobile-ios`, `mobile-android`, `teams-direct-routing`, `browser`; Chrome's verifier
  refuses a target that "looks like a CA but does not set all CA properties", and the other signing
  clients are read the same way); warn for `rsa-key-exchange` clients (the Windows chain engine
  accepts it).
- **Rationale:** a server certificate that is not a CA never has keyCertSign (RFC 5280 4.2.1.9;
  CA/Browser Forum baseline requirements 7.1.2.7.11); it usually comes from a CA template used for
  a server.)doc",
     R"doc(- **In practice:** re-issue from a Web Server template with key usage Digital Signature + Key
  Encipherment.)doc"},
    {"path.<problem id>",
     R"doc(- **Severity:** fail when the problem invalidates the client's path (`fatal` in verify/), info
  otherwise. A fatal problem that a specific rule would explain but did not, for that client, with
  a warning or failure (e.g. a future check, or one a rule does not read) is reported here too, so
  the client fails.
- **Clients:** the client on whose best path the problem was found.
- **Rationale:** path validation collects every problem on every certificate (RFC 5280: basic
  constraints, path length, key usage of issuers, name constraints, unknown critical extensions,
  signatures...); the rules above explain the ones UC clients meet most. Everything else keeps its
  problem id, e.g. `path.chain.issuer-not-ca`, `path.ext.unknown-critical`,
  `path.verify.budget-exhausted`; see [problems.md](problems.md). `details` carries the problem's
  parameters.)doc",
     R"doc(- **In practice:** depends on the problem: send the right intermediates, or re-issue the certificate at
  fault (the fix text names it).)doc"},
    // DNS rules (`discover`): "about" says when the finding is made.
    {"dns.srv-target-outside-domain",
     R"doc(the target of `_sipinternaltls._tcp` or `_sip._tls` is not in the SIP domain (e.g.)doc"
     R"doc( `_sipinternaltls._tcp.fabrikam.com` → `pool01.contoso.com`): with strict DNS naming, the default,)doc"
     R"doc( clients refuse it)doc",
     {}},
    {"dns.federation-target-not-in-domain",
     R"doc(the `_sipfederationtls._tcp` target is not directly in the domain (a subdomain or another domain):)doc"
     R"doc( partners answer `ms-diagnostics: 1009`)doc",
     {}},
    {"dns.lyncdiscoverinternal-missing",
     R"doc(`lyncdiscover` is published but `lyncdiscoverinternal` is not)doc",
     {}},
    {"dns.autodiscover-cname-cross-domain",
     R"doc(`lyncdiscover(internal)` is a CNAME into another domain, an HTTPS redirection mobile clients reject)doc",
     {}},
    {"dns.no-sip-records",
     R"doc(none of the SIP SRV or A records exists)doc",
     {}},
    {"dns.lookup-failed",
     R"doc(a lookup timed out or the server failed (not NXDOMAIN: a missing record is normal))doc",
     {}},
    {"net.target-unreachable",
     R"doc(a target could not be probed (refused, timed out, not TLS, its name has no address); for an A)doc"
     R"doc( record tried on 5061 and 443, only when neither port answers; never for a target left out by a)doc"
     R"doc( cap or by `--deadline`)doc",
     {}},
};

struct FamilyIntro {
  std::string_view family;
  std::string_view text;
};

const FamilyIntro kIntros[] = {
    {"Revocation",
     R"doc(What uccert fetches to decide these, and how to run without a network, is in
[revocation.md](revocation.md). Each certificate of a client's path below its trust anchor gets a
status (JSON `profiles[].path.revocation`): `good`, `revoked`, `unknown` (data at hand, none
usable) or `not-checked` (none at hand).)doc"},
    {"Roles",
     R"doc(Reported only when the role is known (`check --role`, `audit`); the names each role must carry,
and the clients that dial each, are listed in [roles.md](roles.md).)doc"},
    {"Across a topology (`uccert audit`)",
     R"doc(Findings `uccert audit` makes across the certificates of a topology (each certificate's own
findings are those above, judged for its role).)doc"},
    {"Certificate requests (`uccert csr --check`)",
     R"doc(`uccert csr --check REQUEST.csr [--name NAME...]` judges a PKCS#10 request made elsewhere (the
Certificate Wizard, IIS, `certreq`) before a CA signs it: the same questions the certificate
rules ask of a chain, asked of what the request asks for. A request whose signature does not
verify, or a file that holds no request, is refused (exit 3) rather than judged. `uccert csr`
applies them to the request it makes as well. See [remediation.md](remediation.md).)doc"},
    {"DNS and endpoints (`uccert discover`)",
     R"doc(`uccert discover SIPDOMAIN` adds findings about the records a client looks up and the endpoints
behind them; the certificate served by each endpoint is judged with the findings above. The
table in [discover.md](discover.md) gives the same ids with a worked example.)doc"},
    {"Trust",
     R"doc(Which roots a client trusts is profile data (`trust`): `public-roots` (`--public-roots`, default
the system bundle), `enterprise-roots` (`--enterprise-root`), `pool-issuer` (the CA that issued the
pool certificate, `--pool-cert`; without it the target itself is taken to be the pool
certificate), `trusted-ca-certs` (`--trusted-ca-cert`), `mobile-roots` (`--mobile-root`). The
finding follows from where the client's roots come from.)doc"},
};

}  // namespace

std::span<const RuleDoc> rule_docs() {
  static const std::vector<RuleDoc> all = [] {
    std::vector<RuleDoc> v(std::begin(kDocs), std::end(kDocs));
    const auto more = deployment_rule_docs();
    v.insert(v.end(), more.begin(), more.end());
    return v;
  }();
  return all;
}

const RuleDoc* find_rule_doc(std::string_view id) {
  for (const auto& d : rule_docs())
    if (d.id == id) return &d;
  return nullptr;
}

std::string_view family_intro(std::string_view family) {
  for (const auto& i : kIntros)
    if (i.family == family) return i.text;
  return {};
}

}  // namespace uccert::rules
