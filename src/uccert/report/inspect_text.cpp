#include "uccert/report/inspect_text.h"

#include <fmt/format.h>

#include <string>
#include <string_view>
#include <vector>

#include "uccert/report/printable.h"

namespace uccert::report {

namespace {

// Every certificate field is attacker-chosen bytes: each reaches the terminal through printable(),
// so a subject can neither move the cursor, recolour the terminal nor start a line of its own.
constexpr std::size_t kLabelWidth = 20;

std::string hex(const pki::Bytes& b) {
  std::string out;
  for (std::uint8_t v : b) out += fmt::format("{:02X}", v);
  return out;
}

std::string join(const std::vector<std::string>& items, std::string_view sep) {
  std::string out;
  for (const std::string& s : items) {
    if (!out.empty()) out += sep;
    out += printable(s);
  }
  return out;
}

class Writer {
 public:
  explicit Writer(const TextStyle& style) : style_(style) {}

  std::string paint(std::string_view text, std::string_view code) const {
    if (!style_.color || code.empty()) return std::string(text);
    return fmt::format("\x1b[{}m{}\x1b[0m", code, text);
  }
  std::string bold(std::string_view t) const { return paint(t, "1"); }
  std::string red(std::string_view t) const { return paint(t, "31"); }
  std::string yellow(std::string_view t) const { return paint(t, "33"); }
  std::string green(std::string_view t) const { return paint(t, "32"); }

  void heading(std::string_view indent, std::string_view text) { out_ += fmt::format("{}{}\n", indent, bold(text)); }
  // "    Label               value"; further lines of a multi-line value align under the first.
  void field(std::string_view label, std::string_view value) {
    out_ += fmt::format("    {:<{}}{}\n", label, kLabelWidth, value);
  }
  void fields(std::string_view label, const std::vector<std::string>& values, std::string_view none = "none") {
    if (values.empty()) {
      field(label, none);
      return;
    }
    for (std::size_t i = 0; i < values.size(); ++i) field(i == 0 ? label : "", printable(values[i]));
  }
  void line(std::string_view text) { out_ += fmt::format("{}\n", text); }
  void blank() { out_ += "\n"; }
  std::string take() { return std::move(out_); }

 private:
  const TextStyle& style_;
  std::string out_;
};

std::string flags(bool present, bool critical) {
  if (!present) return "";
  return critical ? " (critical)" : "";
}

std::vector<std::string> san_lines(const std::vector<pki::GeneralName>& names) {
  std::vector<std::string> out;
  for (const pki::GeneralName& n : names) {
    std::string_view type;
    switch (n.type) {
      case pki::GeneralNameType::kDns: type = "DNS"; break;
      case pki::GeneralNameType::kIp: type = "IP"; break;
      case pki::GeneralNameType::kUri: type = "URI"; break;
      case pki::GeneralNameType::kEmail: type = "email"; break;
      case pki::GeneralNameType::kDirectoryName: type = "dirName"; break;
      case pki::GeneralNameType::kOther: type = "other"; break;
      case pki::GeneralNameType::kRegisteredId: type = "RID"; break;
      case pki::GeneralNameType::kX400: type = "X400"; break;
      case pki::GeneralNameType::kEdiParty: type = "EDI"; break;
    }
    out.push_back(fmt::format("{:<8}{}", type, printable(n.value)));
  }
  return out;
}

std::string key_text(const pki::PublicKeyInfo& key) {
  std::string out = printable(key.algorithm);
  if (!key.curve.empty()) out += " " + printable(key.curve);
  if (key.bits > 0) out += fmt::format(" ({} bits)", key.bits);
  if (!key.decodable) out += " (undecodable)";
  return out;
}

std::string signature_text(const pki::SignatureAlgorithm& sig) {
  std::string out = printable(sig.name);
  if (!sig.oid.empty() && sig.oid != sig.name) out += " (" + sig.oid + ")";
  return out;
}

std::vector<std::string> eku_lines(const pki::ExtendedKeyUsage& eku) {
  std::vector<std::string> out;
  for (std::size_t i = 0; i < eku.oids.size(); ++i) {
    const std::string& name = i < eku.names.size() ? eku.names[i] : eku.oids[i];
    out.push_back(name == eku.oids[i] ? eku.oids[i] : fmt::format("{} ({})", printable(name), eku.oids[i]));
  }
  if (eku.critical && !out.empty()) out.front() += "  (critical)";
  return out;
}

void write_certificate(Writer& w, const pki::Certificate& c, std::size_t index, std::size_t count,
                       pki::UnixTime at, const std::optional<pki::ChainOrder>& chain) {
  std::string role;
  if (chain && chain->leaf_index == index && count > 1) role = "  (leaf)";
  for (std::size_t r : chain ? chain->root_indices : std::vector<std::size_t>{}) {
    if (r == index) role = "  (root)";
  }
  w.heading("  ", fmt::format("Certificate {} of {}{}", index + 1, count, role));
  w.field("Subject", c.subject.text.empty() ? "(empty)" : printable(c.subject.text));
  w.fields("Common names", c.subject_common_names);
  w.field("Issuer", c.issuer.text.empty() ? "(empty)" : printable(c.issuer.text));
  w.field("Serial", c.serial_hex);
  w.field("Version", std::to_string(c.version));
  w.field("Not before", pki::format_time(c.not_before));
  const std::int64_t days = days_remaining(at, c.not_after);
  const std::string_view validity = validity_at(c, at);
  std::string after = pki::format_time(c.not_after) + "  ";
  if (validity == "expired") {
    after += w.red(fmt::format("expired {} days ago", -days));
  } else if (validity == "not-yet-valid") {
    after += w.red(fmt::format("not yet valid: starts in {} days", days_remaining(at, c.not_before) + 1));
  } else if (days < 30) {
    after += w.yellow(fmt::format("{} days remaining", days));
  } else {
    after += w.green(fmt::format("{} days remaining", days));
  }
  w.field("Not after", after);
  std::vector<std::string> sans = san_lines(c.subject_alt_names);
  if (c.san_critical && !sans.empty()) sans.front() += "  (critical)";
  w.fields("Alternative names", sans, c.has_san_extension ? "(empty extension)" : "none");
  w.field("Public key", key_text(c.public_key));
  w.field("Signature", signature_text(c.signature_algorithm));
  w.field("Key usage", c.key_usage.present ? join(c.key_usage.names(), ", ") + flags(true, c.key_usage.critical)
                                           : std::string("none"));
  w.fields("Extended key usage", eku_lines(c.extended_key_usage));
  if (c.basic_constraints.present) {
    w.field("Basic constraints", std::string(c.basic_constraints.ca ? "CA" : "not a CA") +
                                     flags(true, c.basic_constraints.critical));
  } else {
    w.field("Basic constraints", "none");
  }
  w.field("Path length", c.basic_constraints.path_len ? std::to_string(*c.basic_constraints.path_len)
                                                      : std::string(c.is_ca() ? "unlimited" : "none"));
  w.field("Subject key id", c.subject_key_id.empty() ? "none" : hex(c.subject_key_id));
  w.field("Authority key id", c.authority_key_id.empty() ? "none" : hex(c.authority_key_id));
  w.fields("OCSP", c.authority_info_access.ocsp);
  w.fields("CA issuers", c.authority_info_access.ca_issuers);
  w.fields("CRL distribution", c.crl_distribution_points);
  std::vector<std::string> policies;
  for (const pki::PolicyInformation& p : c.policies) {
    policies.push_back(p.cps_uris.empty() ? p.oid : p.oid + "  CPS " + join(p.cps_uris, ", "));
  }
  w.fields("Policies", policies);
  w.field("SCT list", c.has_sct_list ? "present" : "none");
  w.field("Self-signed", c.self_signed() ? "yes" : (c.self_issued ? "self-issued, but its key does not verify it" : "no"));
  w.field("SHA-1", c.sha1_thumbprint);
  w.field("SHA-256", c.sha256_thumbprint);
  for (const pki::DecodeNote& n : c.decode_notes) {
    w.field("Note", w.yellow(printable(n.id + (n.detail.empty() ? "" : ": " + n.detail))));
  }
  w.blank();
}

std::string short_name(const pki::Certificate& c) {
  if (!c.subject_common_names.empty()) return "CN=" + printable(c.subject_common_names.front());
  if (!c.subject.text.empty()) return printable(c.subject.text);
  if (!c.subject_alt_names.empty()) return printable(c.subject_alt_names.front().value);
  return "(no name)";
}

void write_chain(Writer& w, const pki::LoadedFile& file, const pki::ChainOrder& chain) {
  w.heading("  ", "Chain, in file order");
  const auto& certs = file.certificates;
  for (const pki::IssuerLink& l : chain.links) {
    std::string how;
    if (l.self_signed) {
      how = "self-signed";
    } else if (l.issuer_index) {
      std::vector<std::string> by{"name"};
      if (l.key_id_match == true) by.emplace_back("key id");
      if (l.signature_checked) by.emplace_back(l.signature_valid ? "signature" : "SIGNATURE DOES NOT VERIFY");
      if (l.key_id_match == false) by.emplace_back("key ids differ");
      how = fmt::format("issued by {} ({})", *l.issuer_index + 1, join(by, ", "));
      if (l.signature_checked && !l.signature_valid) how = w.red(how);
    } else {
      how = "issuer not in the file: " + printable(certs[l.index]->issuer.text);
    }
    w.line(fmt::format("    {:>2}  {:<40} {}", l.index + 1, printable(short_name(*certs[l.index])), how));
  }
  std::string order;
  switch (chain.kind) {
    case pki::ChainOrderKind::kEmpty: order = "no certificates"; break;
    case pki::ChainOrderKind::kSingle: order = "a single certificate"; break;
    case pki::ChainOrderKind::kLeafFirst: order = w.green("leaf first, each certificate followed by its issuer"); break;
    case pki::ChainOrderKind::kRootFirst: order = w.yellow("root first (reversed): a server must send the leaf first"); break;
    case pki::ChainOrderKind::kUnordered: order = w.yellow("out of order"); break;
  }
  w.field("Order", order);
  for (const std::string& b : chain.breaks) w.field("Broken", w.yellow(printable(b)));
  w.field("Root included", chain.root_included ? "yes" : "no");
  if (!chain.missing_issuer.empty()) w.field("Missing issuer", printable(chain.missing_issuer));
  w.blank();
}

void write_pkcs12(Writer& w, const pki::Pkcs12Facts& f) {
  w.heading("  ", "PKCS#12");
  w.field("Password", f.password_protected ? "protected" : "none (opens with an empty password)");
  std::string key;
  if (!f.has_private_key) {
    key = w.yellow("none: the file holds no private key");
  } else if (f.key_matches_leaf == true) {
    key = w.green(fmt::format("matches the leaf (certificate {})", *f.leaf_index + 1));
  } else if (f.key_certificate_index) {
    key = w.red(fmt::format("does NOT match the leaf; it belongs to certificate {}", *f.key_certificate_index + 1));
  } else {
    key = w.red("does NOT match any certificate in the file");
  }
  w.field("Private key", key);
  w.field("Chain", f.carries_chain ? fmt::format("included ({} certificates)", f.certificate_count)
                                   : w.yellow("not included: the leaf only"));
  if (!f.friendly_name.empty()) w.field("Friendly name", printable(f.friendly_name));
  w.blank();
}

void write_csr(Writer& w, const pki::CsrView& csr) {
  w.heading("  ", "Certificate request (PKCS#10)");
  w.field("Subject", csr.subject.text.empty() ? "(empty)" : printable(csr.subject.text));
  w.fields("Common names", csr.subject_common_names);
  w.fields("Requested names", san_lines(csr.requested_sans));
  w.field("Public key", key_text(csr.public_key));
  w.field("Signature", signature_text(csr.signature_algorithm));
  w.field("Signature check", csr.signature_valid ? w.green("valid (signed by its own key)")
                                                  : w.red("INVALID: " + printable(csr.signature_error)));
  w.field("Key usage", csr.requested_key_usage.present
                           ? join(csr.requested_key_usage.names(), ", ") + flags(true, csr.requested_key_usage.critical)
                           : std::string("not requested"));
  w.fields("Extended key usage", eku_lines(csr.requested_extended_key_usage), "not requested");
  std::vector<std::string> exts;
  for (const pki::Extension& e : csr.requested_extensions) {
    exts.push_back(e.name == e.oid ? e.oid : fmt::format("{} ({})", printable(e.name), e.oid));
  }
  w.fields("Extensions", exts);
  w.field("SHA-256", csr.sha256);
  w.blank();
}

}  // namespace

std::string render_inspect_text(const InspectReport& report, const TextStyle& style) {
  Writer w(style);
  for (const InspectedFile& f : report.files) {
    if (!f.loaded) continue;  // its one-line error goes to stderr
    const pki::LoadedFile& file = *f.loaded;
    std::string what(pki::container_name(file.container));
    if (pki::encoding_name(file.encoding) != what) what += fmt::format(", {}", pki::encoding_name(file.encoding));
    if (!file.certificates.empty()) {
      what += fmt::format(", {} certificate{}", file.certificates.size(), file.certificates.size() == 1 ? "" : "s");
    }
    if (file.csr) what += ", certificate request";
    w.heading("", fmt::format("{}  ({})", printable(f.path), what));
    for (const std::string& note : file.notes) w.field("Note", printable(note));
    w.blank();
    if (file.pkcs12) write_pkcs12(w, *file.pkcs12);
    for (std::size_t i = 0; i < file.certificates.size(); ++i) {
      write_certificate(w, *file.certificates[i], i, file.certificates.size(), report.at, f.chain);
    }
    if (f.chain && !file.certificates.empty()) write_chain(w, file, *f.chain);
    if (file.csr) write_csr(w, *file.csr);
  }
  return w.take();
}

}  // namespace uccert::report
