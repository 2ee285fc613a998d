// `check`: one target (a certificate file or a live HOST:PORT) acquired, judged for every
// requested client, and reported. What the command line and the web page call.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "uccert/acquire/endpoint.h"
#include "uccert/acquire/fetching.h"
#include "uccert/acquire/trust_stores.h"
#include "uccert/evidence/evidence.h"
#include "uccert/evidence/trust_inputs.h"
#include "uccert/pki/error.h"
#include "uccert/pki/load.h"
#include "uccert/profiles/client_profile.h"
#include "uccert/profiles/roles.h"
#include "uccert/report/report.h"
#include "uccert/rules/client_result.h"

namespace uccert::run {

struct CheckRequest {
  std::string target;  // a file, or HOST:PORT
  std::string name;    // the name the client dialled (HOST by default for an endpoint)
  std::vector<std::string> profile_ids;
  std::string profiles_file;
  std::string at;      // RFC 3339; "" = now
  acquire::TrustFiles trust;
  int warn_days = 30;
  int fail_days = 14;
  acquire::EndpointOptions endpoint;  // HOST:PORT targets (values checked for files too)
  // What the certificates point to (AIA caIssuers): --offline, --cache-dir, --allow-private-fetch.
  // The fetch deadline and DNS servers are the endpoint's --timeout and --dns-server.
  acquire::FetchOptions fetch;
  // Revocation data the administrator has (networks without internet): --crl FILE (DER or PEM),
  // --ocsp-response FILE (DER). Judged with whatever is fetched.
  std::vector<std::string> crl_files;
  std::vector<std::string> ocsp_files;
  pki::PasswordSource password;       // PKCS#12 files and client certificates
  std::string missing_password_hint;
  // --role ROLE (profiles/roles.h; "" = not known): the role's rules and fix commands, its
  // clients as the default profiles. Its names derive from `role_inputs` (--sip-domain, --pool,
  // --simple-url, ...) and every --name (role_inputs.names); `name` is the first --name.
  std::string role;
  profiles::RoleInputs role_inputs;
};

// The role rules' inputs for a request: the role's spec, the names it must carry and the name
// judged as dialled (`name`, the endpoint's host, else the role's subject name). Errors are one
// line naming the option at fault.
struct RoleSetup {
  const profiles::RoleSpec* spec = nullptr;
  std::vector<profiles::RequiredName> names;
};
Result<RoleSetup> make_role_setup(const CheckRequest& request);
// Checks a request's values and completes it (the name defaults to an endpoint's host, else the
// role's first required name), as run_check does before acquiring; `endpoint` is
// endpoint_target(request.target).
Status prepare_check_request(CheckRequest& request, const std::optional<net::HostPort>& endpoint,
                             const RoleSetup& role = {});

// Every error is one line (a bad option, an unreadable file, a failed probe): exit 3.
Result<report::Report> run_check(const CheckRequest& request);

// Judges `evidence` for each profile and keeps everything a renderer needs.
report::CheckReport judge_evidence(evidence::Evidence evidence,
                                   const std::vector<const profiles::ClientProfile*>& profiles,
                                   evidence::TrustInputs trust, const rules::JudgeOptions& options);

}  // namespace uccert::run
