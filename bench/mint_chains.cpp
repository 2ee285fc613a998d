// uccert_bench_mint DIR N [THREADS]: the certificates the fleet-scale benchmark scripts judge
// (bench/scan_offline.sh, bench/scan_live.sh), minted in process because the `openssl` command
// line takes minutes for 10,000 leaves and hours for 100,000.
//
// Writes into DIR (created if missing):
//   root.pem, int.pem           "Bench Root CA" -> "Bench Issuing CA", RSA-2048
//   leaf/leaf-NNNNNN.pem        N leaves host-NNNNNN.bench.contoso.com, RSA-2048 (one shared key,
//                               so minting is not dominated by key generation; each certificate
//                               still carries its own copy of the key), SAN = the host name,
//                               serverAuth + clientAuth, CRL and AIA URLs on 127.0.0.1
//   chain/chain-NNNNNN.pem      the leaf then the intermediate, as a server's chain file holds it
//   targets.txt                 one `uccert scan` line per chain: "chain/chain-NNNNNN.pem --name HOST"
//   server.pem, server.key      a chain (leaf + intermediate) and key for "bench.contoso.com", for
//                               the TLS servers of the live benchmark
// Exit 0 when everything was written; 2 with one line on stderr otherwise.
#include <fmt/format.h>

#include <algorithm>
#include <atomic>
#include <cstdio>
#include <exception>
#include <cstdlib>
#include <filesystem>
#include <mutex>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "uccert/lab/mint.h"

namespace {

namespace fs = std::filesystem;
using namespace uccert;

lab::CertSpec leaf_spec(const std::string& host) {
  auto spec = lab::server_spec(host, {host});
  spec.crl_urls = {std::string(lab::kLabCrlUrl)};
  spec.ca_issuers_urls = {std::string(lab::kLabAiaUrl)};
  return spec;
}

void write_or_throw(const fs::path& path, std::string_view data, bool private_file = false) {
  if (auto st = lab::write_file_atomic(path, data, private_file); !st)
    throw std::runtime_error(fmt::format("{}: {}", path.string(), st.error().message));
}

int run(const fs::path& dir, long n, unsigned threads) {
  fs::create_directories(dir / "leaf");
  fs::create_directories(dir / "chain");
  const auto rsa = lab::KeySpec::rsa(2048);
  const auto root = lab::mint(lab::root_ca_spec("Bench Root CA", "Contoso"), lab::KeyPair::cached(rsa, 0));
  auto int_spec = lab::intermediate_ca_spec("Bench Issuing CA", "Contoso");
  int_spec.crl_urls = {std::string(lab::kLabCrlUrl)};
  int_spec.ca_issuers_urls = {std::string(lab::kLabAiaUrl)};
  const auto inter = lab::mint(int_spec, lab::KeyPair::cached(rsa, 1), &root);
  const auto leaf_key = lab::KeyPair::cached(rsa, 2);
  const std::string int_pem = inter.pem();
  write_or_throw(dir / "root.pem", root.pem());
  write_or_throw(dir / "int.pem", int_pem);

  const auto server = lab::mint(leaf_spec("bench.contoso.com"), leaf_key, &inter);
  write_or_throw(dir / "server.pem", server.pem() + int_pem);
  write_or_throw(dir / "server.key", leaf_key.pem_private(), true);

  std::atomic<long> next{0};
  std::atomic<bool> failed{false};
  std::string first_error;
  std::mutex error_mutex;
  auto work = [&] {
    try {
      for (long i = next++; i < n && !failed; i = next++) {
        const std::string id = fmt::format("{:06}", i + 1);
        const std::string host = fmt::format("host-{}.bench.contoso.com", id);
        const auto leaf = lab::mint(leaf_spec(host), leaf_key, &inter);
        const std::string leaf_pem = leaf.pem();
        write_or_throw(dir / "leaf" / fmt::format("leaf-{}.pem", id), leaf_pem);
        write_or_throw(dir / "chain" / fmt::format("chain-{}.pem", id), leaf_pem + int_pem);
      }
    } catch (const std::exception& e) {
      std::lock_guard lock(error_mutex);
      if (!failed.exchange(true)) first_error = e.what();
    }
  };
  std::vector<std::thread> pool;
  for (unsigned t = 0; t < threads; ++t) pool.emplace_back(work);
  for (auto& t : pool) t.join();
  if (failed) throw std::runtime_error(first_error);

  std::string targets;
  for (long i = 1; i <= n; ++i)
    targets += fmt::format("chain/chain-{0:06}.pem --name host-{0:06}.bench.contoso.com\n", i);
  write_or_throw(dir / "targets.txt", targets);
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 3 || argc > 4) {
    std::fprintf(stderr, "usage: uccert_bench_mint DIR N [THREADS]\n");
    return 2;
  }
  char* end = nullptr;
  const long n = std::strtol(argv[2], &end, 10);
  if (end == argv[2] || *end != '\0' || n < 1 || n > 1'000'000) {
    std::fprintf(stderr, "uccert_bench_mint: N must be a number from 1 to 1000000, not '%s'\n", argv[2]);
    return 2;
  }
  unsigned threads = std::max(1U, std::thread::hardware_concurrency());
  if (argc == 4) {
    const long t = std::strtol(argv[3], &end, 10);
    if (end == argv[3] || *end != '\0' || t < 1 || t > 256) {
      std::fprintf(stderr, "uccert_bench_mint: THREADS must be a number from 1 to 256, not '%s'\n", argv[3]);
      return 2;
    }
    threads = static_cast<unsigned>(t);
  }
  try {
    return run(argv[1], n, threads);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "uccert_bench_mint: %s\n", e.what());
    return 2;
  }
}
