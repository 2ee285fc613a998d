#include "uccert/run/check_content.h"

#include "uccert/acquire/context.h"
#include "uccert/acquire/file.h"
#include "uccert/names/reference_host.h"
#include "uccert/run/judge_setup.h"

namespace uccert::run {

Result<report::Report> run_check_content(const CheckRequest& request, std::span<const std::uint8_t> content) {
  if (request.name.empty()) return Error{"the name the client dialled is required"};
  if (auto host = names::parse_reference_host(request.name); !host) return Error{"name: " + host.error().message};
  if (request.warn_days < 0 || request.fail_days < 0 || request.fail_days > request.warn_days)
    return Error{"the expiry thresholds are out of order"};
  auto setup = make_judge_setup(request.at, request.profiles_file, request.profile_ids);
  if (!setup) return setup.error();
  rules::JudgeOptions options;
  options.expiry_warn_days = request.warn_days;
  options.expiry_fail_days = request.fail_days;
  options.at = setup->at;

  acquire::AcquireContext context;
  options.pool = &context.pool();
  auto trust_loading = acquire::start_loading_trust(request.trust, &context.pool());
  if (!trust_loading) return trust_loading.error();
  pki::LoadOptions load;
  load.password = request.password;
  load.missing_password_hint = request.missing_password_hint;
  load.pool = &context.pool();
  auto loaded = pki::load_bytes(content, request.target, load);
  if (!loaded) return loaded.error();
  auto evidence = acquire::file_evidence(*loaded, request.name, options.at);
  evidence.target = request.target;
  if (evidence.chain.empty()) return Error{request.target + ": holds no certificate"};
  auto trust = trust_loading->get();
  if (!trust) return trust.error();

  auto check = judge_evidence(std::move(evidence), setup->requested, std::move(trust->inputs), options);
  check.notes = std::move(trust->notes);
  return report::Report{std::move(check)};
}

}  // namespace uccert::run
