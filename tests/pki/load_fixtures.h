// Test inputs for loading and inspecting: a three-certificate chain whose leaf fills every field
// `uccert inspect` shows, written by lab/ into a temporary folder in each container format.
// Header-only so the pki and cli test executables both use it.
#pragma once

#include <stdlib.h>

#include <filesystem>
#include <fstream>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "uccert/lab/mint.h"

namespace uccert::testing {

namespace fs = std::filesystem;

class TempDir {
 public:
  TempDir() {
    std::string tmpl = (fs::temp_directory_path() / "uccert-load-XXXXXX").string();
    if (::mkdtemp(tmpl.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
    path_ = tmpl;
  }
  ~TempDir() {
    std::error_code ec;
    fs::permissions(path_, fs::perms::owner_all, fs::perm_options::add, ec);
    fs::remove_all(path_, ec);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  const fs::path& path() const { return path_; }
  std::string file(std::string_view name) const { return (path_ / name).string(); }

  std::string write(std::string_view name, std::string_view data) const {
    const std::string p = file(name);
    std::ofstream out(p, std::ios::binary);
    out.write(data.data(), static_cast<std::streamsize>(data.size()));
    if (!out) throw std::runtime_error("cannot write " + p);
    return p;
  }
  std::string write(std::string_view name, const pki::Bytes& data) const {
    return write(name, std::string_view(reinterpret_cast<const char*>(data.data()), data.size()));
  }

 private:
  fs::path path_;
};

inline constexpr std::string_view kSctListOid = "1.3.6.1.4.1.11129.2.4.2";
inline constexpr std::string_view kPolicyOid = "1.3.6.1.4.1.311.21.8.1";  // an enterprise CA's policy
inline constexpr std::string_view kLeafCn = "pool01.contoso.com";
// 2026-06-01T00:00:00Z .. 2027-06-01T00:00:00Z for the leaf: fixed, so days remaining at a given
// --at are known without the code under test.
inline constexpr pki::UnixTime kLeafNotBefore = 1780272000;
inline constexpr pki::UnixTime kLeafNotAfter = 1811808000;

struct TestChain {
  lab::Minted root;
  lab::Minted intermediate;
  lab::Minted leaf;
  std::vector<lab::Minted> leaf_first() const { return {leaf, intermediate, root}; }
};

// Root (RSA) -> intermediate (EC P-384, path length 0) -> leaf (RSA 2048) with DNS, IP, email
// and URI names, key usage, EKU, AIA, CRL, a policy and an SCT list extension.
inline const TestChain& test_chain() {
  static const TestChain chain = [] {
    lab::CertSpec root_spec = lab::root_ca_spec("Contoso Root CA", "Contoso");
    lab::Minted root = lab::mint(root_spec, lab::KeyPair::cached(lab::KeySpec::rsa(), 0));
    lab::CertSpec inter_spec = lab::intermediate_ca_spec("Contoso Issuing CA", "Contoso", 0);
    inter_spec.crl_urls = {std::string(lab::kLabCrlUrl)};
    lab::Minted inter = lab::mint(inter_spec, lab::KeyPair::cached(lab::KeySpec::ec("P-384"), 0), &root);
    lab::CertSpec leaf_spec = lab::server_spec(kLeafCn, {std::string(kLeafCn), "sip.contoso.com",
                                                         "lyncdiscover.contoso.com"});
    leaf_spec.subject = lab::make_name(kLeafCn, "Contoso", "UC", "US");
    leaf_spec.san_ip = {"192.0.2.10", "2001:db8::10"};
    leaf_spec.san_email = {"admin@contoso.com"};
    leaf_spec.san_uri = {"sip:pool01@contoso.com"};
    leaf_spec.not_before = kLeafNotBefore;
    leaf_spec.not_after = kLeafNotAfter;
    leaf_spec.serial = pki::Bytes{0x01, 0x23, 0x45, 0x67, 0x89, 0xAB};
    leaf_spec.ocsp_urls = {std::string(lab::kLabOcspUrl)};
    leaf_spec.ca_issuers_urls = {std::string(lab::kLabAiaUrl)};
    leaf_spec.crl_urls = {std::string(lab::kLabCrlUrl)};
    leaf_spec.policy_oids = {std::string(kPolicyOid)};
    // An SCT list: OCTET STRING { empty TLS list }; its presence is what inspect reports.
    leaf_spec.extra_extensions.push_back(lab::RawExtension{std::string(kSctListOid), false, pki::Bytes{0x04, 0x02, 0x00, 0x00}});
    lab::Minted leaf = lab::mint(leaf_spec, lab::KeyPair::cached(lab::KeySpec::rsa(), 1), &inter);
    return TestChain{std::move(root), std::move(inter), std::move(leaf)};
  }();
  return chain;
}

inline std::string der_text(const pki::Bytes& b) { return std::string(b.begin(), b.end()); }

// Each writer returns the file's path.
inline std::string write_pem_chain(const TempDir& dir, std::string_view name, const std::vector<lab::Minted>& chain) {
  return dir.write(name, lab::pem_chain(chain));
}
inline std::string write_der(const TempDir& dir, std::string_view name, const lab::Minted& cert) {
  return dir.write(name, cert.der);
}
inline std::string write_p7(const TempDir& dir, std::string_view name, const std::vector<lab::Minted>& chain,
                            lab::Encoding encoding) {
  auto bytes = lab::encode_pkcs7(chain, encoding);
  if (!bytes) throw std::runtime_error(bytes.error().message);
  return dir.write(name, *bytes);
}
inline std::string write_p12(const TempDir& dir, std::string_view name, const std::vector<lab::Minted>& chain,
                             const lab::Pkcs12Options& options) {
  auto bytes = lab::encode_pkcs12(chain, options);
  if (!bytes) throw std::runtime_error(bytes.error().message);
  return dir.write(name, *bytes);
}
inline lab::CertSpec test_csr_spec() {
  lab::CertSpec spec = lab::server_spec(kLeafCn, {std::string(kLeafCn), "sip.contoso.com"});
  spec.subject = lab::make_name(kLeafCn, "Contoso");
  spec.san_ip = {"192.0.2.10"};
  return spec;
}
inline std::string write_csr(const TempDir& dir, std::string_view name, lab::Encoding encoding) {
  auto req = lab::make_csr(test_csr_spec(), lab::KeyPair::cached(lab::KeySpec::rsa(), 2));
  if (!req) throw std::runtime_error(req.error().message);
  auto bytes = lab::encode_csr(req->get(), encoding);
  if (!bytes) throw std::runtime_error(bytes.error().message);
  return dir.write(name, *bytes);
}

}  // namespace uccert::testing
