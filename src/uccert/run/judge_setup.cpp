#include "uccert/run/judge_setup.h"

#include <chrono>

#include "uccert/profiles/select.h"

namespace uccert::run {

Result<JudgeSetup> make_judge_setup(const std::string& at, const std::string& profiles_file,
                                    const std::vector<std::string>& profile_ids) {
  JudgeSetup setup;
  if (at.empty()) {
    setup.at = std::chrono::duration_cast<std::chrono::seconds>(
                   std::chrono::system_clock::now().time_since_epoch())
                   .count();
  } else if (auto t = pki::parse_time(at)) {
    setup.at = *t;
  } else {
    return Error{"--at " + at + ": not an RFC 3339 time (e.g. 2026-11-23T14:47:03Z)"};
  }

  const profiles::ProfileSet* set = &profiles::builtin_profiles();
  if (!profiles_file.empty()) {
    auto loaded = profiles::load_profiles_file(profiles_file);
    if (!loaded) return loaded.error();
    setup.loaded = std::make_unique<profiles::ProfileSet>(std::move(loaded.value()));
    set = setup.loaded.get();
  }
  auto requested = profiles::select_profiles(*set, profile_ids);
  if (!requested) return requested.error();
  setup.requested = std::move(requested.value());
  return setup;
}

}  // namespace uccert::run
