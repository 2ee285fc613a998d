// `check` of a chain already in memory: a pasted PEM block or an uploaded file (PEM, DER, PKCS#7,
// PKCS#12) from the web page. Judged exactly as run_check judges a file, and never written to
// disk.
#pragma once

#include <cstdint>
#include <span>

#include "uccert/run/check.h"

namespace uccert::run {

// `request.target` names the content in the report and in errors ("pasted PEM", the uploaded
// file's name); `request.endpoint` is not used. Every error is one line.
Result<report::Report> run_check_content(const CheckRequest& request, std::span<const std::uint8_t> content);

}  // namespace uccert::run
