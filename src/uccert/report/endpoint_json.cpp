#include "uccert/report/endpoint_json.h"

#include "uccert/report/json_keys.h"

namespace uccert::report {

namespace k = json_keys;

namespace {

// A chain as its SHA-1 thumbprints, in the order sent.
nlohmann::ordered_json thumbprints(const std::vector<pki::CertificatePtr>& chain) {
  nlohmann::ordered_json out = nlohmann::ordered_json::array();
  for (const auto& c : chain) out.push_back(c->sha1_thumbprint);
  return out;
}

}  // namespace

nlohmann::ordered_json endpoint_json(const evidence::EndpointFacts& e) {
  nlohmann::ordered_json j;
  j[k::kHost] = e.host;
  j[k::kAddress] = e.address;
  j[k::kPort] = e.port;
  j[k::kConnectedPort] = e.connected_port;
  j[k::kSni] = e.sni;
  j[k::kProtocol] = e.protocol;
  j[k::kTlsVersion] = e.tls_version;
  j[k::kCipher] = e.cipher;
  j[k::kOcspStapled] = e.ocsp_stapled;
  j[k::kClientCaNames] = e.client_ca_names;
  j[k::kApplicationStatus] = e.application_status;
  j[k::kDetails] = nlohmann::ordered_json::object();
  for (const auto& [key, value] : e.application_details) j[k::kDetails][key] = value;
  j[k::kChainWithoutSni] = nullptr;
  if (e.chain_without_sni) j[k::kChainWithoutSni] = thumbprints(*e.chain_without_sni);
  j[k::kHops] = nlohmann::ordered_json::array();
  for (const auto& h : e.hops) {
    nlohmann::ordered_json hop;
    hop[k::kHopKind] = h.kind;
    hop[k::kHopNumber] = h.number;
    hop[k::kHopVia] = h.via;
    hop[k::kHopUrl] = h.url;
    hop[k::kHost] = h.host;
    hop[k::kPort] = h.port;
    hop[k::kAddress] = h.address;
    hop[k::kHopChain] = thumbprints(h.chain);
    hop[k::kHopSubject] = h.chain.empty() ? std::string() : h.chain.front()->subject.text;
    hop[k::kHopError] = h.error;
    j[k::kHops].push_back(std::move(hop));
  }
  return j;
}

}  // namespace uccert::report
