#include "uccert/rules/finding.h"

namespace uccert::rules {

std::string_view to_string(Severity s) {
  switch (s) {
    case Severity::kInfo: return "info";
    case Severity::kWarn: return "warn";
    case Severity::kFail: return "fail";
  }
  return "fail";
}

std::string_view to_string(Verdict v) {
  switch (v) {
    case Verdict::kPass: return "pass";
    case Verdict::kWarn: return "warn";
    case Verdict::kFail: return "fail";
  }
  return "fail";
}

Verdict verdict_of(Severity s) {
  switch (s) {
    case Severity::kInfo: return Verdict::kPass;
    case Severity::kWarn: return Verdict::kWarn;
    case Severity::kFail: return Verdict::kFail;
  }
  return Verdict::kFail;
}

}  // namespace uccert::rules
