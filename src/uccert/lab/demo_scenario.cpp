#include "uccert/lab/demo_scenario.h"

#include <fmt/format.h>

#include <algorithm>
#include <stdexcept>

#include "uccert/lab/mint.h"

namespace uccert::lab {

namespace {

namespace fs = std::filesystem;

// Cached demo keys come from their own slice of the pool, apart from the low indices tests use.
constexpr int kKeyBase = 100;

KeyPair make_key(DemoKeys keys, int i) {
  if (keys == DemoKeys::kCached) return KeyPair::cached(KeySpec::rsa(2048), kKeyBase + i);
  auto k = KeyPair::generate(KeySpec::rsa(2048));
  if (!k) throw std::runtime_error(k.error().message);
  return std::move(*k);
}

std::string str(std::string_view s) {
  return std::string(s);
}

// A leaf the way a Windows CA's "Web Server" template issues it: CN + SAN, server and client
// authentication (Lync servers use both, for MTLS between servers).
CertSpec leaf(std::string_view cn, std::vector<std::string> dns, pki::UnixTime at) {
  CertSpec s = server_spec(cn, std::move(dns));
  s.subject = make_name(cn, "Contoso", "", "US");
  s.not_before = at - kDay;
  s.not_after = at + 365 * kDay;
  return s;
}

class Writer {
 public:
  explicit Writer(fs::path dir) : dir_(std::move(dir)) {}

  Result<std::string> chain(std::string_view file, const std::vector<Minted>& certs) {
    const fs::path p = dir_ / file;
    if (auto s = write_pem_chain(p, certs); !s) return s.error();
    files_.push_back(p);
    return p.string();
  }
  std::string path(std::string_view file) const { return (dir_ / file).string(); }
  std::vector<fs::path> take_files() { return std::move(files_); }

 private:
  fs::path dir_;
  std::vector<fs::path> files_;
};

}  // namespace

std::vector<std::string> DemoScenario::command_args() const {
  std::vector<std::string> args{"--name", name};
  args.insert(args.end(), options.begin(), options.end());
  args.push_back(file);
  return args;
}

int DemoScenario::expected_exit() const {
  int worst = 0;
  for (const auto& [profile, verdict] : expect)
    worst = std::max(worst, verdict == "fail" ? 2 : verdict == "warn" ? 1 : 0);
  return worst;
}

Result<DemoDeployment> mint_demo(const fs::path& dir_in, pki::UnixTime at, DemoKeys keys) {
  std::error_code ec;
  const fs::path dir = fs::absolute(dir_in, ec);
  if (ec) return Error{fmt::format("{}: {}", dir_in.string(), ec.message())};
  fs::create_directories(dir, ec);
  if (ec) return Error{fmt::format("{}: cannot create: {}", dir.string(), ec.message())};

  try {
    auto demo_key = [keys](int i) { return make_key(keys, i); };
    Writer w(dir);
    DemoDeployment out;
    out.dir = dir;
    const std::string pool = str(demo_host::kPool);
    const std::string sip = str(demo_host::kSip);

    // --- the two PKIs --------------------------------------------------------------------------
    CertSpec ent_root_spec = root_ca_spec(kEnterpriseRootCn, "Contoso");
    ent_root_spec.not_before = at - 400 * kDay;
    ent_root_spec.not_after = at + 3250 * kDay;
    const Minted ent_root = mint(ent_root_spec, demo_key(0));
    CertSpec ent_issuing_spec = intermediate_ca_spec(kEnterpriseIssuingCn, "Contoso");
    ent_issuing_spec.not_before = at - 400 * kDay;
    ent_issuing_spec.not_after = at + 1425 * kDay;
    ent_issuing_spec.crl_urls = {"http://127.0.0.1:1/contoso-root.crl"};
    ent_issuing_spec.ca_issuers_urls = {"http://127.0.0.1:1/contoso-root.crt"};
    const Minted ent_issuing = mint(ent_issuing_spec, demo_key(1), &ent_root);

    CertSpec pub_root_spec = root_ca_spec(kPublicRootCn, "Example Trust Services");
    pub_root_spec.not_before = at - 2000 * kDay;
    pub_root_spec.not_after = at + 5000 * kDay;
    const Minted pub_root = mint(pub_root_spec, demo_key(2));
    CertSpec pub_inter_spec = intermediate_ca_spec(kPublicIntermediateCn, "Example Trust Services");
    pub_inter_spec.not_before = at - 700 * kDay;
    pub_inter_spec.not_after = at + 1100 * kDay;
    pub_inter_spec.eku = std::vector<std::string>{"serverAuth", "clientAuth"};
    pub_inter_spec.ca_issuers_urls = {"http://127.0.0.1:1/public-root.crt"};
    const Minted pub_inter = mint(pub_inter_spec, demo_key(3), &pub_root);

    auto enterprise_leaf = [&](CertSpec s) {
      s.crl_urls = {"http://127.0.0.1:1/contoso-issuing.crl"};
      s.ca_issuers_urls = {"http://127.0.0.1:1/contoso-issuing.crt"};
      return s;
    };
    auto public_leaf = [&](CertSpec s) {
      s.subject = make_name(s.subject.empty() ? "" : s.subject.back().value);
      s.crl_urls = {"http://127.0.0.1:1/public-tls-ca.crl"};
      s.ocsp_urls = {"http://127.0.0.1:1/ocsp"};
      s.ca_issuers_urls = {"http://127.0.0.1:1/public-tls-ca.crt"};
      s.policy_oids = {"2.23.140.1.2.1"};  // CA/Browser Forum domain validated
      s.not_after = at + 300 * kDay;       // public CAs issue for less than 398 days
      return s;
    };

    auto r = w.chain(demo_file::kEnterpriseRoot, {ent_root});
    if (!r) return r.error();
    const std::string ent_root_path = *r;
    if (r = w.chain(demo_file::kEnterpriseIssuing, {ent_issuing}); !r) return r.error();
    if (r = w.chain(demo_file::kPublicRoot, {pub_root}); !r) return r.error();
    const std::string pub_root_path = *r;
    if (r = w.chain(demo_file::kPublicIntermediate, {pub_inter}); !r) return r.error();

    const std::vector<std::string> enterprise = {"--enterprise-root", ent_root_path};
    const std::vector<std::string> publics = {"--public-roots", pub_root_path};
    using Expect = std::vector<std::pair<std::string, std::string>>;
    // A scenario: trust options, then one --profile per expected verdict.
    auto add = [&](std::string id, std::string description, std::string file, std::string name,
                   std::initializer_list<std::vector<std::string>> parts, Expect expect) {
      DemoScenario sc{std::move(id), std::move(description), std::move(file), std::move(name), {}, {}};
      for (const auto& p : parts) sc.options.insert(sc.options.end(), p.begin(), p.end());
      for (const auto& [profile, verdict] : expect) {
        sc.options.emplace_back("--profile");
        sc.options.push_back(profile);
      }
      sc.expect = std::move(expect);
      out.scenarios.push_back(std::move(sc));
    };

    // --- (a) S-01: the Default certificate reaches sip.contoso.com only through a wildcard ----
    const Minted fe_wild =
        mint(enterprise_leaf(leaf(pool, {pool, "*.contoso.com"}, at)), demo_key(4), &ent_issuing);
    if (r = w.chain(demo_file::kFrontEndWildcard, {fe_wild, ent_issuing}); !r) return r.error();
    add("s01-fe-wildcard-sip",
        "S-01: the Front End Default certificate covers sip.contoso.com only through *.contoso.com; "
        "Lync Phone Edition dials sip.contoso.com and refuses the wildcard, the desktop client signs in "
        "(W-12, LPE-05, FE-02)",
        *r, sip, {enterprise},
        {{"lync-desktop", "pass"}, {"phone-edition-legacy", "fail"}, {"phone-edition", "warn"}});

    // --- (b) the fix: sip.contoso.com listed explicitly ---------------------------------------
    const Minted fe_good =
        mint(enterprise_leaf(leaf(pool,
                                  {pool, sip, "lyncdiscoverinternal.contoso.com", "meet.contoso.com",
                                   "dialin.contoso.com", "admin.contoso.com"},
                                  at)),
             demo_key(5), &ent_issuing);
    if (r = w.chain(demo_file::kFrontEndGood, {fe_good, ent_issuing}); !r) return r.error();
    const std::string fe_good_path = *r;
    add("s01-fe-fixed",
        "S-01 fixed: the reissued Default certificate lists sip.contoso.com explicitly in its SAN; every "
        "client, phones included, accepts it (Request-CsCertificate, Set-CsCertificate -Type Default)",
        *r, sip, {enterprise},
        {{"lync-desktop", "pass"}, {"phone-edition-legacy", "pass"}, {"phone-edition", "pass"}});

    // --- (c) Exchange UM --------------------------------------------------------------------------
    const std::string exch = str(demo_host::kExchange);
    const std::string mail = str(demo_host::kMail);
    CertSpec um_wild_spec = public_leaf(leaf("*.contoso.com", {"*.contoso.com", "contoso.com"}, at));
    const Minted um_wild = mint(um_wild_spec, demo_key(6), &pub_inter);
    if (r = w.chain(demo_file::kUmWildcardCn, {um_wild, pub_inter}); !r) return r.error();
    add("s05-um-wildcard-cn",
        "S-05: Exchange UM uses the public wildcard certificate (CN *.contoso.com); Lync names the UM "
        "peer by its Subject CN, so message waiting and play-on-phone fail (UM-02, UM-06)",
        *r, exch, {enterprise, publics}, {{"exchange-um-peer", "fail"}});

    const Minted um_san = mint(enterprise_leaf(leaf(mail, {mail, exch, "autodiscover.contoso.com"}, at)),
                               demo_key(7), &ent_issuing);
    if (r = w.chain(demo_file::kUmCnInSan, {um_san, ent_issuing}); !r) return r.error();
    add("s06-um-cn-mail",
        "S-06: the UM certificate's CN is mail.contoso.com and exch01.contoso.com is only in the SAN, "
        "which Lync never reads for UM: 504 with CERT_E_CN_NO_MATCH (UM-07)",
        *r, exch, {enterprise}, {{"exchange-um-peer", "fail"}});

    CertSpec um_good_spec = enterprise_leaf(leaf(exch, {}, at));
    const Minted um_good = mint(um_good_spec, demo_key(8), &ent_issuing);
    if (r = w.chain(demo_file::kUmGood, {um_good, ent_issuing}); !r) return r.error();
    add("s05-um-fixed",
        "S-05/S-06 fixed: a UM-only certificate with CN exch01.contoso.com and no SAN, from the "
        "enterprise CA (Enable-ExchangeCertificate -Services UM)",
        *r, exch, {enterprise}, {{"exchange-um-peer", "pass"}});

    // --- (d) S-09: the Edge external certificate from the internal CA -------------------------
    const std::string webconf = str(demo_host::kWebconf);
    CertSpec edge_int_spec = enterprise_leaf(leaf(sip, {sip, webconf}, at));
    const Minted edge_int = mint(edge_int_spec, demo_key(9), &ent_issuing);
    if (r = w.chain(demo_file::kEdgeInternalCa, {edge_int, ent_issuing}); !r) return r.error();
    const std::string edge_int_path = *r;
    add("s09-edge-internal-ca",
        "S-09: the Edge external certificate comes from the internal Contoso CA; domain-joined Windows "
        "trusts it, iPhones and iPads cannot verify it and offer no bypass (MOB-01, MOB-02)",
        edge_int_path, sip, {enterprise, publics},
        {{"lync-desktop", "pass"}, {"mobile-ios", "fail"}, {"mobile-android", "fail"}});
    add("s09-edge-mobile-root",
        "S-09 fixed on managed devices: the Contoso root installed on the phones by an MDM profile "
        "with full trust (MOB-06)",
        edge_int_path, sip, {enterprise, publics, {"--mobile-root", ent_root_path}},
        {{"mobile-ios", "pass"}});

    // --- (e) S-10: a public Edge certificate without / with its intermediate ------------------
    const Minted edge_pub = mint(public_leaf(leaf(sip, {sip, webconf}, at)), demo_key(10), &pub_inter);
    if (r = w.chain(demo_file::kEdgePublicLeafOnly, {edge_pub}); !r) return r.error();
    add("s10-edge-leaf-only",
        "S-10: the public Edge certificate is sent without its intermediate; iOS does not fetch "
        "missing intermediates, so the chain never reaches a trusted root (K-08)",
        *r, sip, {publics}, {{"mobile-ios", "fail"}, {"mobile-android", "fail"}});
    if (r = w.chain(demo_file::kEdgePublicFullChain, {edge_pub, pub_inter}); !r) return r.error();
    add("s10-edge-full-chain",
        "S-10 fixed: the same certificate imported with its full chain (Import-CsCertificate "
        "full-chain.pfx)",
        *r, sip, {publics}, {{"mobile-ios", "pass"}, {"mobile-android", "pass"}});

    // --- (f) S-07: valid from tomorrow ------------------------------------------------------------
    CertSpec nyv = enterprise_leaf(leaf(pool, {pool, sip}, at));
    nyv.not_before = at + kDay;
    nyv.not_after = at + 366 * kDay;
    const Minted not_yet = mint(nyv, demo_key(11), &ent_issuing);
    if (r = w.chain(demo_file::kNotYetValid, {not_yet, ent_issuing}); !r) return r.error();
    add("s07-not-yet-valid",
        "S-07: the CA's time zone was wrong, so the new certificate is valid only from tomorrow; "
        "\"There was a problem verifying the certificate from the server\" (G-19)",
        *r, sip, {enterprise}, {{"lync-desktop", "fail"}});

    // --- (g) S-14: the Exchange web certificate from a public CA, judged by phones ------------
    const Minted ex_web =
        mint(public_leaf(leaf(mail, {mail, "autodiscover.contoso.com"}, at)), demo_key(12), &pub_inter);
    if (r = w.chain(demo_file::kExchangeWebPublic, {ex_web, pub_inter}); !r) return r.error();
    const std::string ex_web_path = *r;
    add("s14-exchange-web-public",
        "S-14: Exchange web services use a public CA while the pool certificate is from the Contoso "
        "CA; Lync Phone Edition trusts only the pool's CA, so the phone calendar fails (LPE-01)",
        ex_web_path, mail, {enterprise, publics, {"--pool-cert", fe_good_path}},
        {{"lync-desktop", "pass"}, {"phone-edition-legacy", "fail"}, {"phone-edition", "fail"}});
    add("s14-exchange-web-trustedcacerts",
        "S-14 fixed: the public root added to the web services TrustedCACerts "
        "(New-CsWebTrustedCACertificate, Set-CsWebServiceConfiguration)",
        ex_web_path, mail,
        {enterprise, publics, {"--pool-cert", fe_good_path, "--trusted-ca-cert", pub_root_path}},
        {{"lync-desktop", "pass"}, {"phone-edition-legacy", "pass"}, {"phone-edition", "pass"}});

    const fs::path tsv = dir / demo_file::kScenarios;
    if (auto s = write_file_atomic(tsv, format_scenarios_tsv(out.scenarios)); !s) return s.error();
    out.files = w.take_files();
    out.files.push_back(tsv);
    return out;
  } catch (const std::runtime_error& e) {
    // mint() throws only when a fixed spec above cannot be minted: report it as a value.
    return Error{fmt::format("{}: {}", dir.string(), e.what())};
  }
}

std::string format_scenarios_tsv(const std::vector<DemoScenario>& scenarios) {
  std::string out =
      "# id\tdescription\tfile\tname\texpect (profile:verdict,...)\toptions... "
      "(uccert check --name NAME OPTIONS... FILE)\n";
  auto field = [](std::string_view v) {
    // Tabs and line ends would break the format; the demo never writes them.
    std::string s(v);
    for (char& c : s)
      if (c == '\t' || c == '\n' || c == '\r') c = ' ';
    return s;
  };
  for (const auto& sc : scenarios) {
    std::string expect;
    for (const auto& [profile, verdict] : sc.expect)
      expect += (expect.empty() ? "" : ",") + profile + ":" + verdict;
    out += fmt::format("{}\t{}\t{}\t{}\t{}", field(sc.id), field(sc.description), field(sc.file),
                       field(sc.name), field(expect));
    for (const auto& o : sc.options) out += "\t" + field(o);
    out += "\n";
  }
  return out;
}

Result<std::vector<DemoScenario>> parse_scenarios_tsv(std::string_view text) {
  std::vector<DemoScenario> out;
  std::size_t line_no = 0;
  while (!text.empty()) {
    const auto nl = text.find('\n');
    std::string_view line = text.substr(0, nl);
    text = nl == std::string_view::npos ? std::string_view{} : text.substr(nl + 1);
    ++line_no;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.empty() || line.front() == '#') continue;
    std::vector<std::string> fields;
    std::size_t start = 0;
    while (true) {
      const auto tab = line.find('\t', start);
      fields.emplace_back(
          line.substr(start, tab == std::string_view::npos ? std::string_view::npos : tab - start));
      if (tab == std::string_view::npos) break;
      start = tab + 1;
    }
    if (fields.size() < 5)
      return Error{
          fmt::format("scenarios line {}: {} fields, want at least 5 (id, description, file, name, expect)",
                      line_no, fields.size())};
    DemoScenario sc{fields[0], fields[1], fields[2], fields[3], {}, {}};
    std::string_view expect = fields[4];
    while (!expect.empty()) {
      const auto comma = expect.find(',');
      const std::string_view item = expect.substr(0, comma);
      expect = comma == std::string_view::npos ? std::string_view{} : expect.substr(comma + 1);
      const auto colon = item.find(':');
      const std::string_view verdict =
          colon == std::string_view::npos ? std::string_view{} : item.substr(colon + 1);
      if (verdict != "pass" && verdict != "warn" && verdict != "fail")
        return Error{
            fmt::format("scenarios line {}: expectation '{}' is not profile:pass|warn|fail", line_no, item)};
      sc.expect.emplace_back(std::string(item.substr(0, colon)), std::string(verdict));
    }
    sc.options.assign(fields.begin() + 5, fields.end());
    out.push_back(std::move(sc));
  }
  return out;
}

}  // namespace uccert::lab
