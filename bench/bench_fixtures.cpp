#include "bench_fixtures.h"

#include <sys/resource.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <stdexcept>
#include <string>

#include "uccert/pki/load.h"

namespace uccert::bench {

namespace {

// Key pool indexes far from the ones the tests use, so a shared on-disk key cache never hands
// a benchmark the same key as a test CA (harmless, but confusing when reading certificates).
constexpr int kRootKey = 900;
constexpr int kIntermediateKey = 901;
constexpr int kLeafKey = 902;

lab::CertSpec leaf_spec(const std::string& host) {
  auto spec = lab::server_spec(host, {host, "pool01.corp.contoso.com", "lyncdiscover.contoso.com",
                                      "meet.contoso.com", "dialin.contoso.com"});
  spec.crl_urls = {std::string(lab::kLabCrlUrl)};
  spec.ca_issuers_urls = {std::string(lab::kLabAiaUrl)};
  return spec;
}

Pki make_pki() {
  auto rsa = lab::KeySpec::rsa(2048);
  auto root = lab::mint(lab::root_ca_spec("Bench Root CA", "Contoso"), lab::KeyPair::cached(rsa, kRootKey));
  auto int_spec = lab::intermediate_ca_spec("Bench Issuing CA", "Contoso");
  int_spec.crl_urls = {std::string(lab::kLabCrlUrl)};
  int_spec.ca_issuers_urls = {std::string(lab::kLabAiaUrl)};
  auto inter = lab::mint(int_spec, lab::KeyPair::cached(rsa, kIntermediateKey), &root);
  auto leaf_rsa = lab::mint(leaf_spec(kDialledName), lab::KeyPair::cached(rsa, kLeafKey), &inter);
  auto leaf_ec = lab::mint(leaf_spec(kDialledName), lab::KeyPair::cached(lab::KeySpec::ec("P-256"), 0), &inter);
  return Pki{std::move(root), std::move(inter), std::move(leaf_rsa), std::move(leaf_ec), lab::now()};
}

}  // namespace

const Pki& pki_fixture() {
  static const Pki pki = make_pki();
  return pki;
}

std::string pem_bundle(const std::vector<const lab::Minted*>& certs) {
  std::string out;
  for (const auto* c : certs) out += c->pem();
  return out;
}

std::vector<const profiles::ClientProfile*> all_profiles() {
  std::vector<const profiles::ClientProfile*> out;
  for (const auto& p : profiles::builtin_profiles().profiles) out.push_back(&p);
  return out;
}

evidence::Evidence evidence_of(const std::vector<pki::CertificatePtr>& chain, const std::string& dialled) {
  evidence::Evidence ev;
  ev.target = "bench.pem";
  ev.dialled_name = dialled;
  ev.chain = chain;
  ev.observed_at = pki_fixture().at;
  ev.container = "PEM";
  return ev;
}

const std::vector<pki::CertificatePtr>& system_roots() {
  static const std::vector<pki::CertificatePtr> roots = [] {
    std::vector<pki::CertificatePtr> out;
    const char* path = "/etc/ssl/certs/ca-certificates.crt";
    std::error_code ec;
    if (!std::filesystem::exists(path, ec)) return out;
    auto loaded = pki::load_file(path);
    if (loaded) out = loaded->certificates;
    return out;
  }();
  return roots;
}

std::size_t bulk_leaf_count() {
  const char* v = std::getenv("UCCERT_BENCH_LEAVES");
  if (v == nullptr || *v == '\0') return 1000;
  char* end = nullptr;
  unsigned long n = std::strtoul(v, &end, 10);
  if (end == nullptr || *end != '\0' || n == 0 || n > 1000000)
    throw std::runtime_error(std::string("UCCERT_BENCH_LEAVES=") + v + ": not a count between 1 and 1000000");
  return n;
}

const BulkLeaves& bulk_leaves() {
  static const BulkLeaves leaves = [] {
    const auto& p = pki_fixture();
    const std::size_t n = bulk_leaf_count();
    BulkLeaves out;
    out.chain_pem.reserve(n);
    out.leaf_pem.reserve(n);
    out.names.reserve(n);
    const auto key = lab::KeyPair::cached(lab::KeySpec::rsa(2048), kLeafKey);
    const std::string int_pem = p.intermediate.pem();
    for (std::size_t i = 0; i < n; ++i) {
      std::string host = "host-" + std::to_string(i) + ".bench.contoso.com";
      auto leaf = lab::mint(leaf_spec(host), key, &p.intermediate);
      out.leaf_pem.push_back(leaf.pem());
      out.chain_pem.push_back(out.leaf_pem.back() + int_pem);
      out.names.push_back(std::move(host));
    }
    return out;
  }();
  return leaves;
}

long current_rss_kib() {
  std::ifstream statm("/proc/self/statm");
  long size = 0;
  long resident = 0;
  if (!(statm >> size >> resident)) return 0;
  return resident * (sysconf(_SC_PAGESIZE) / 1024);
}

long peak_rss_kib() {
  rusage ru{};
  if (getrusage(RUSAGE_SELF, &ru) != 0) return 0;
  return ru.ru_maxrss;  // KiB on Linux
}

}  // namespace uccert::bench
