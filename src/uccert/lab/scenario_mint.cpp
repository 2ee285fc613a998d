#include "uccert/lab/scenario_mint.h"

#include <fmt/format.h>
#include <openssl/x509.h>

#include <stdexcept>

namespace uccert::lab {

namespace {

namespace fs = std::filesystem;

// The lab's keys come from their own slice of the test key pool, apart from the indices tests use.
constexpr int kKeyBase = 200;

KeySpec key_spec(const std::string& key) {
  if (key == "ec-p256") return KeySpec::ec("P-256");
  if (key == "ec-p384") return KeySpec::ec("P-384");
  return KeySpec::rsa(std::stoi(key.substr(4)));  // "rsa-BITS", checked by the parser
}

Result<KeyPair> make_key(const std::string& key, LabKeys keys, int index) {
  const KeySpec spec = key_spec(key);
  if (spec.kind == KeySpec::kRsa && (spec.rsa_bits < 512 || spec.rsa_bits > 8192))
    return Error{fmt::format("key \"{}\": RSA keys from 512 to 8192 bits", key)};
  if (keys == LabKeys::kCached) {
    try {
      return KeyPair::cached(spec, kKeyBase + index);
    } catch (const std::runtime_error& e) {
      return Error{e.what()};
    }
  }
  return KeyPair::generate(spec);
}

CertSpec spec_for(const ScenarioCertFields& f, bool is_ca, pki::UnixTime at, std::uint16_t http_port) {
  CertSpec s = is_ca ? (f.issuer.empty() ? root_ca_spec(f.cn, f.organization)
                                         : intermediate_ca_spec(f.cn, f.organization, std::nullopt))
                     : server_spec(f.cn, f.san);
  s.subject = make_name(f.cn, f.organization);
  if (is_ca) s.san_dns = f.san;
  if (f.eku) s.eku = *f.eku;
  s.digest = f.digest;
  s.not_before = at + f.valid_from_days * kDay;
  s.not_after = *s.not_before + f.valid_days * kDay;
  if (!f.issuer.empty()) {
    if (f.crl) s.crl_urls = {lab_http_url(http_port, f.issuer + ".crl")};
    if (f.aia) s.ca_issuers_urls = {lab_http_url(http_port, f.issuer + ".crt")};
  }
  return s;
}

Status make_folders(const fs::path& dir) {
  for (const char* sub : {"ca", "certs", "keys", "http", "sent"}) {
    std::error_code ec;
    fs::create_directories(dir / sub, ec);
    if (ec) return Error{fmt::format("{}: cannot create: {}", (dir / sub).string(), ec.message())};
  }
  std::error_code ec;
  fs::permissions(dir / "keys", fs::perms::owner_all, ec);
  if (ec) return Error{fmt::format("{}: {}", (dir / "keys").string(), ec.message())};
  return Ok{};
}

}  // namespace

std::string lab_http_url(std::uint16_t http_port, const std::string& file) {
  return fmt::format("http://127.0.0.1:{}/{}", http_port, file);
}

std::vector<Minted> MintedScenario::chain(const std::string& id) const {
  std::vector<Minted> out;
  std::string at = id;
  // Up the issuers until the self-signed root, which servers do not send.
  for (int depth = 0; depth < 16; ++depth) {
    auto it = certs.find(at);
    if (it == certs.end()) break;
    std::string issuer;
    if (scenario != nullptr) {
      if (const auto* c = scenario->find_certificate(at)) issuer = c->issuer;
      else if (const auto* ca = scenario->find_ca(at)) issuer = ca->issuer;
    }
    if (issuer.empty() && !out.empty()) break;  // the root
    out.push_back(it->second);
    if (issuer.empty()) break;
    at = issuer;
  }
  return out;
}

Result<pki::Bytes> mint_empty_crl(const Minted& issuer, pki::UnixTime this_update, pki::UnixTime next_update) {
  pki::X509CrlPtr crl(X509_CRL_new());
  pki::Asn1TimePtr last(ASN1_TIME_set(nullptr, static_cast<time_t>(this_update)));
  pki::Asn1TimePtr next(ASN1_TIME_set(nullptr, static_cast<time_t>(next_update)));
  if (!crl || !last || !next || X509_CRL_set_version(crl.get(), 1) != 1 ||
      X509_CRL_set_issuer_name(crl.get(), X509_get_subject_name(issuer.x509.get())) != 1 ||
      X509_CRL_set1_lastUpdate(crl.get(), last.get()) != 1 || X509_CRL_set1_nextUpdate(crl.get(), next.get()) != 1 ||
      X509_CRL_sign(crl.get(), issuer.key.get(), EVP_sha256()) <= 0)
    return Error{"cannot sign the lab's CRL"};
  const int len = i2d_X509_CRL(crl.get(), nullptr);
  if (len <= 0) return Error{"cannot encode the lab's CRL"};
  pki::Bytes der(static_cast<std::size_t>(len));
  unsigned char* p = der.data();
  i2d_X509_CRL(crl.get(), &p);
  return der;
}

Result<MintedScenario> mint_scenario(const Scenario& scenario, const fs::path& dir, pki::UnixTime at,
                                     std::uint16_t http_port, LabKeys keys) {
  if (auto s = make_folders(dir); !s) return s.error();
  MintedScenario out;
  out.dir = dir;
  out.scenario = &scenario;
  int index = 0;
  auto mint_one = [&](const ScenarioCertFields& f, bool is_ca) -> Status {
    auto key = make_key(f.key, keys, index++);
    if (!key) return Error{fmt::format("\"{}\": {}", f.id, key.error().message)};
    const Minted* issuer = nullptr;
    if (!f.issuer.empty()) issuer = &out.certs.at(f.issuer);
    auto m = try_mint(spec_for(f, is_ca, at, http_port), *key, issuer);
    if (!m) return Error{fmt::format("\"{}\": {}", f.id, m.error().message)};
    out.certs.emplace(f.id, std::move(*m));
    return Ok{};
  };
  for (const auto& ca : scenario.cas) {
    if (auto s = mint_one(ca, true); !s) return s.error();
    const Minted& m = out.certs.at(ca.id);
    if (auto s = write_pem_chain(out.ca_file(ca.id), {m}); !s) return s.error();
    if (auto s = write_der(dir / "http" / (ca.id + ".crt"), m); !s) return s.error();
    auto crl = mint_empty_crl(m, at - kHour, at + 7 * kDay);
    if (!crl) return crl.error();
    if (auto s = write_file_atomic(dir / "http" / (ca.id + ".crl"), *crl); !s) return s.error();
  }
  for (const auto& c : scenario.certificates) {
    if (auto s = mint_one(c, false); !s) return s.error();
    if (auto s = write_pem_chain(out.cert_file(c.id), out.chain(c.id)); !s) return s.error();
    if (auto s = write_private_key(out.key_file(c.id), out.certs.at(c.id).key); !s) return s.error();
  }
  for (const auto& e : scenario.endpoints) {
    std::vector<Minted> sent = out.chain(e.certificate);
    if (!e.send_intermediates && sent.size() > 1) sent.erase(sent.begin() + 1, sent.end());
    if (auto s = write_pem_chain(out.sent_file(e.id), sent); !s) return s.error();
  }
  return out;
}

}  // namespace uccert::lab
