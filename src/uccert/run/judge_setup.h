// What every judging run needs before it judges: the validation time (now or --at) and
// the requested client profiles (built-in, or merged with --profiles FILE, narrowed by --profile).
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "uccert/pki/certificate.h"
#include "uccert/pki/error.h"
#include "uccert/profiles/client_profile.h"

namespace uccert::run {

struct JudgeSetup {
  pki::UnixTime at = 0;
  // Owns the merged set when a profiles file was given; `requested` points into it or into the
  // built-in set (held by pointer so moving a JudgeSetup keeps `requested` valid).
  std::unique_ptr<profiles::ProfileSet> loaded;
  std::vector<const profiles::ClientProfile*> requested;
};

// Errors are one line naming the option at fault ("--at X: not an RFC 3339 time ...").
Result<JudgeSetup> make_judge_setup(const std::string& at, const std::string& profiles_file,
                                    const std::vector<std::string>& profile_ids);

}  // namespace uccert::run
