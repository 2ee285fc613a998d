// The logic of `uccert serve`, apart from HTTP: who may ask (the token when not on loopback; the
// Host header on loopback, against DNS rebinding), what a state-changing request must carry
// (the page's CSRF token, a same-origin Origin), the check itself (a pasted or uploaded chain, or
// a live endpoint the target policy allows), and the reports kept in memory for the page to show
// and download. Every answer carries a strict Content-Security-Policy.
#pragma once

#include <cstdint>
#include <deque>
#include <mutex>
#include <string>
#include <vector>

#include "uccert/acquire/trust_stores.h"
#include "uccert/serve/http_types.h"
#include "uccert/serve/target_policy.h"

namespace uccert::serve {

struct ServiceOptions {
  std::string listen_host = "127.0.0.1";  // as given to --listen
  std::uint16_t port = 8443;               // the port actually bound
  std::string token;                       // required on every request when non-empty
  std::vector<AddressRange> allow;         // --allow, beyond loopback
  acquire::TrustFiles trust;               // trust files for every check
  std::string profiles_file;               // --profiles
  double probe_timeout_seconds = 10;
  std::string at;                          // fixed validation time (tests); "" = now
  Resolve resolve = system_resolve;        // how probe targets' names are looked up
};

inline constexpr std::size_t kMaxBodyBytes = 5U * 1024U * 1024U;  // request bodies (uploads included)
inline constexpr std::size_t kReportsKept = 32;                    // reports the page can still fetch

class Service {
 public:
  explicit Service(ServiceOptions options);

  HttpResponse handle(const HttpRequest& request);

  const std::string& csrf_token() const { return csrf_; }
  // The CSP of a served HTML report: its one inline style and script, by hash (report/html_assets.h).
  static std::string report_csp();

 private:
  struct Stored {
    std::string id;
    std::string html;
    std::string json;
  };

  bool authorised(const HttpRequest& request) const;
  bool host_expected(const HttpRequest& request) const;
  HttpResponse check(const HttpRequest& request);
  HttpResponse report_file(const std::string& id, const std::string& what);
  std::string keep(std::string html, std::string json);

  ServiceOptions options_;
  TargetPolicy policy_;
  std::string csrf_;
  std::mutex mutex_;
  std::deque<Stored> reports_;
};

// 32 random bytes, hex (OpenSSL's RAND_bytes): tokens and report ids.
std::string random_token(std::size_t bytes = 32);
// Compares in constant time (a token guessed byte by byte would otherwise show in timings).
bool same_secret(const std::string& a, const std::string& b);

}  // namespace uccert::serve
