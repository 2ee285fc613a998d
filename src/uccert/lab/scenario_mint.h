// A scenario's certificates minted into the lab folder, with the CRL and AIA URLs pointing at
// the lab's own HTTP port on 127.0.0.1:
//   DIR/ca/ID.pem        each CA certificate alone (what --enterprise-root / --public-roots take)
//   DIR/certs/ID.pem     each leaf with its intermediates, leaf first (what a server sends)
//   DIR/keys/ID.key      each leaf's private key, mode 0600
//   DIR/sent/ID.pem      what each endpoint sends: its leaf, with the intermediates unless it omits them
//   DIR/http/ID.crt      each CA certificate in DER (the AIA caIssuers URL)
//   DIR/http/ID.crl      each CA's CRL, empty, valid for a week (the CRL distribution point)
#pragma once

#include <cstdint>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "uccert/lab/mint.h"
#include "uccert/lab/scenario.h"

namespace uccert::lab {

// Fresh keys for a lab someone uses; the shared test key pool (KeyPair::cached) for tests.
enum class LabKeys { kFresh, kCached };

struct MintedScenario {
  std::filesystem::path dir;
  std::map<std::string, Minted> certs;  // by id: CAs and leaves
  // Leaf first, then its issuers up to (not including) the self-signed root.
  std::vector<Minted> chain(const std::string& id) const;
  std::filesystem::path ca_file(const std::string& id) const { return dir / "ca" / (id + ".pem"); }
  std::filesystem::path cert_file(const std::string& id) const { return dir / "certs" / (id + ".pem"); }
  std::filesystem::path key_file(const std::string& id) const { return dir / "keys" / (id + ".key"); }
  std::filesystem::path sent_file(const std::string& endpoint_id) const {
    return dir / "sent" / (endpoint_id + ".pem");
  }
  const Scenario* scenario = nullptr;
};

// The URL the lab serves a CA's file on: http://127.0.0.1:PORT/ID.crt or .crl.
std::string lab_http_url(std::uint16_t http_port, const std::string& file);

// Mints every CA and certificate of `scenario` as of `at` into `dir` (which exists).
Result<MintedScenario> mint_scenario(const Scenario& scenario, const std::filesystem::path& dir, pki::UnixTime at,
                                     std::uint16_t http_port, LabKeys keys);

// An empty CRL signed by `issuer`, valid from `this_update` to `next_update`, in DER.
Result<pki::Bytes> mint_empty_crl(const Minted& issuer, pki::UnixTime this_update, pki::UnixTime next_update);

}  // namespace uccert::lab
