// `plan`: the certificates and DNS records a deployment needs (topology/plan.h), with the command
// that requests each certificate; `plan --diff`: what a change of topology does to them.
#pragma once

#include <string>
#include <vector>

#include "uccert/pki/error.h"
#include "uccert/report/report.h"
#include "uccert/topology/plan.h"

namespace uccert::run {

struct PlanRequest {
  std::vector<std::string> files;      // the topology (XML and overlays)
  std::vector<std::string> old_files;  // non-empty: compare this older topology with `files`
};

// An error (exit 3) when a topology cannot be read; the message names file and line.
Result<report::Report> run_plan(const PlanRequest& request);

// The command that requests `cert`: Request-CsCertificate for Lync roles (-Output for the Edge,
// G-10), New-ExchangeCertificate for Exchange, an openssl request for the reverse proxy, Office
// Web Apps and SBCs, which no cmdlet reaches. Names are quoted for the shell that runs it.
std::string request_command(const topology::CertificatePlan& cert, std::size_t sip_domain_count);

}  // namespace uccert::run
