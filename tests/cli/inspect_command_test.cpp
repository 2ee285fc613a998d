// `uccert inspect` run whole, in-process: every field the issue lists is shown for a PKCS#12
// with a three-certificate chain, a DER file and a CSR. Expected values come from the minting
// spec or from OpenSSL directly, never from the code under test.
#include <gtest/gtest.h>
#include <openssl/sha.h>

#include <fmt/format.h>

#include "cli/inspect_helpers.h"
#include "pki/load_fixtures.h"

namespace uccert::cli {
namespace {

using testing::CommandResult;
using testing::FakeTerminal;
using testing::TempDir;
using testing::run_uccert;
using testing::test_chain;

// With --at fixed, days remaining is known: 2026-11-23 to 2027-06-01 is 190 days.
constexpr const char* kAt = "2026-11-23T00:00:00Z";

std::string hex(const unsigned char* p, std::size_t n) {
  std::string out;
  for (std::size_t i = 0; i < n; ++i) out += fmt::format("{:02X}", p[i]);
  return out;
}
std::string hex(const pki::Bytes& b) { return hex(b.data(), b.size()); }

std::string sha1_hex(const pki::Bytes& der) {
  unsigned char md[SHA_DIGEST_LENGTH];
  SHA1(der.data(), der.size(), md);
  return hex(md, sizeof md);
}
std::string sha256_hex(const pki::Bytes& der) {
  unsigned char md[SHA256_DIGEST_LENGTH];
  SHA256(der.data(), der.size(), md);
  return hex(md, sizeof md);
}

// A line that has the label and then (after spaces) contains the value.
bool has_field(const std::string& text, std::string_view label, std::string_view value) {
  std::istringstream in(text);
  std::string line;
  while (std::getline(in, line)) {
    const auto at = line.find(label);
    if (at == std::string::npos) continue;
    if (line.find(value, at + label.size()) != std::string::npos) return true;
  }
  return false;
}

#define EXPECT_FIELD(text, label, value) \
  EXPECT_TRUE(has_field(text, label, value)) << "missing \"" << (label) << "\" with \"" << (value) << "\"\n" << (text)

void expect_leaf_fields(const std::string& out) {
  const auto& c = test_chain();
  EXPECT_FIELD(out, "Subject", "CN=pool01.contoso.com");
  EXPECT_FIELD(out, "Subject", "O=Contoso");
  EXPECT_FIELD(out, "Common names", "pool01.contoso.com");
  EXPECT_FIELD(out, "Issuer", "CN=Contoso Issuing CA");
  EXPECT_FIELD(out, "Serial", "0123456789AB");
  EXPECT_FIELD(out, "Not before", "2026-06-01T00:00:00Z");
  EXPECT_FIELD(out, "Not after", "2027-06-01T00:00:00Z");
  EXPECT_FIELD(out, "Not after", "190 days remaining");
  // Every SAN, by type, in full.
  EXPECT_FIELD(out, "Alternative names", "DNS     pool01.contoso.com");
  EXPECT_FIELD(out, "", "DNS     sip.contoso.com");
  EXPECT_FIELD(out, "", "DNS     lyncdiscover.contoso.com");
  EXPECT_FIELD(out, "", "IP      192.0.2.10");
  EXPECT_FIELD(out, "", "IP      2001:db8::10");
  EXPECT_FIELD(out, "", "email   admin@contoso.com");
  EXPECT_FIELD(out, "", "URI     sip:pool01@contoso.com");
  EXPECT_FIELD(out, "Public key", "RSA (2048 bits)");
  EXPECT_FIELD(out, "Signature", "ecdsa-with-SHA256");  // signed by the EC intermediate
  EXPECT_FIELD(out, "Key usage", "digitalSignature, keyEncipherment");
  EXPECT_FIELD(out, "Extended key usage", "serverAuth (1.3.6.1.5.5.7.3.1)");
  EXPECT_FIELD(out, "", "clientAuth (1.3.6.1.5.5.7.3.2)");
  EXPECT_FIELD(out, "Basic constraints", "not a CA");
  EXPECT_FIELD(out, "Subject key id", hex(c.leaf.key.key_id()));
  EXPECT_FIELD(out, "Authority key id", hex(c.intermediate.key.key_id()));
  EXPECT_FIELD(out, "OCSP", lab::kLabOcspUrl);
  EXPECT_FIELD(out, "CA issuers", lab::kLabAiaUrl);
  EXPECT_FIELD(out, "CRL distribution", lab::kLabCrlUrl);
  EXPECT_FIELD(out, "Policies", testing::kPolicyOid);
  EXPECT_FIELD(out, "SCT list", "present");
  EXPECT_FIELD(out, "Self-signed", "no");
  EXPECT_FIELD(out, "SHA-1", sha1_hex(c.leaf.der));
  EXPECT_FIELD(out, "SHA-256", sha256_hex(c.leaf.der));
}

TEST(InspectCommand, Pkcs12WithThreeCertificateChainShowsEveryField) {
  TempDir dir;
  lab::Pkcs12Options opt;
  opt.password = "S3cret!";
  const std::string pfx = testing::write_p12(dir, "pool.pfx", test_chain().leaf_first(), opt);
  const std::string pw = dir.write("pw.txt", "S3cret!\r\n");  // Notepad's line end is not part of it
  CommandResult r = run_uccert({"inspect", pfx, "--password-file", pw, "--at", kAt});
  ASSERT_EQ(r.exit, kExitPass) << r.err;
  EXPECT_EQ(r.err, "");
  EXPECT_NE(r.out.find("PKCS#12"), std::string::npos);
  EXPECT_NE(r.out.find("3 certificates"), std::string::npos);
  expect_leaf_fields(r.out);
  // The intermediate: EC key, path length, CA; the root: self-signed.
  EXPECT_FIELD(r.out, "Public key", "EC P-384 (384 bits)");
  EXPECT_FIELD(r.out, "Path length", "0");
  EXPECT_FIELD(r.out, "Basic constraints", "CA (critical)");
  EXPECT_FIELD(r.out, "Self-signed", "yes");
  EXPECT_FIELD(r.out, "SHA-1", sha1_hex(test_chain().intermediate.der));
  EXPECT_FIELD(r.out, "SHA-1", sha1_hex(test_chain().root.der));
  // PKCS#12 facts.
  EXPECT_FIELD(r.out, "Password", "protected");
  EXPECT_FIELD(r.out, "Private key", "matches the leaf");
  EXPECT_FIELD(r.out, "Chain", "included (3 certificates)");
  // Chain section.
  EXPECT_FIELD(r.out, "Root included", "yes");
  EXPECT_EQ(r.out.find("S3cret"), std::string::npos) << "the password must never be printed";
  EXPECT_EQ(r.out.find("PRIVATE KEY"), std::string::npos);
}

TEST(InspectCommand, DerFileShowsEveryField) {
  TempDir dir;
  const std::string der = testing::write_der(dir, "pool.cer", test_chain().leaf);
  CommandResult r = run_uccert({"inspect", der, "--at", kAt});
  ASSERT_EQ(r.exit, kExitPass) << r.err;
  EXPECT_NE(r.out.find("(DER, 1 certificate)"), std::string::npos) << r.out;
  expect_leaf_fields(r.out);
  EXPECT_FIELD(r.out, "Root included", "no");
  EXPECT_FIELD(r.out, "Missing issuer", "CN=Contoso Issuing CA");
}

TEST(InspectCommand, CsrShowsSubjectNamesKeyAndSignature) {
  TempDir dir;
  const std::string csr = testing::write_csr(dir, "pool.req", lab::Encoding::kPem);
  CommandResult r = run_uccert({"inspect", csr});
  ASSERT_EQ(r.exit, kExitPass) << r.err;
  EXPECT_NE(r.out.find("PKCS#10"), std::string::npos);
  EXPECT_FIELD(r.out, "Subject", "CN=pool01.contoso.com");
  EXPECT_FIELD(r.out, "Requested names", "DNS     pool01.contoso.com");
  EXPECT_FIELD(r.out, "", "DNS     sip.contoso.com");
  EXPECT_FIELD(r.out, "", "IP      192.0.2.10");
  EXPECT_FIELD(r.out, "Public key", "RSA (2048 bits)");
  EXPECT_FIELD(r.out, "Signature check", "valid");
  EXPECT_FIELD(r.out, "Extended key usage", "serverAuth");
}

TEST(InspectCommand, ChainOrderBreaksAreShown) {
  TempDir dir;
  const auto& c = test_chain();
  const std::string pem = testing::write_pem_chain(dir, "wrong-order.pem", {c.leaf, c.root, c.intermediate});
  CommandResult r = run_uccert({"inspect", pem, "--at", kAt});
  ASSERT_EQ(r.exit, kExitPass) << r.err;
  EXPECT_FIELD(r.out, "Order", "out of order");
  EXPECT_FIELD(r.out, "Broken", "certificate 1");
  EXPECT_FIELD(r.out, "1  CN=pool01.contoso.com", "issued by 3 (name, key id, signature)");
}

TEST(InspectCommand, Pkcs7BothEncodingsAndSeveralFiles) {
  TempDir dir;
  const auto chain = test_chain().leaf_first();
  const std::string a = testing::write_p7(dir, "a.p7b", chain, lab::Encoding::kPem);
  const std::string b = testing::write_p7(dir, "b.p7c", chain, lab::Encoding::kDer);
  CommandResult r = run_uccert({"inspect", a, b, "--at", kAt});
  ASSERT_EQ(r.exit, kExitPass) << r.err;
  EXPECT_NE(r.out.find(a + "  (PKCS#7, PEM, 3 certificates)"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find(b + "  (PKCS#7, DER, 3 certificates)"), std::string::npos) << r.out;
}

TEST(InspectCommand, PasswordFromEnvironment) {
  TempDir dir;
  lab::Pkcs12Options opt;
  opt.password = "from-env";
  const std::string pfx = testing::write_p12(dir, "pool.pfx", test_chain().leaf_first(), opt);
  FakeTerminal t;
  t.env["PFX_PASSWORD"] = "from-env";
  CommandResult r = t.run({"inspect", pfx, "--password-env", "PFX_PASSWORD"});
  EXPECT_EQ(r.exit, kExitPass) << r.err;
  t.env["PFX_PASSWORD"] = "not-it";
  r = t.run({"inspect", pfx, "--password-env", "PFX_PASSWORD"});
  EXPECT_EQ(r.exit, kExitUnknown);
  EXPECT_EQ(r.err, "uccert: inspect: " + pfx + ": wrong password for the PKCS#12 file\n");
  r = t.run({"inspect", pfx, "--password-env", "UNSET_VARIABLE"});
  EXPECT_EQ(r.exit, kExitUnknown);
  EXPECT_NE(r.err.find("UNSET_VARIABLE"), std::string::npos);
  EXPECT_EQ(testing::count_lines(r.err), 1U);
}

TEST(InspectCommand, PasswordPromptOnATerminalOnly) {
  TempDir dir;
  lab::Pkcs12Options opt;
  opt.password = "typed";
  const std::string pfx = testing::write_p12(dir, "pool.pfx", test_chain().leaf_first(), opt);
  FakeTerminal tty;
  tty.stdin_is_tty = true;
  tty.typed_password = "typed";
  CommandResult r = tty.run({"inspect", pfx});
  EXPECT_EQ(r.exit, kExitPass) << r.err;
  ASSERT_EQ(tty.prompts.size(), 1U);
  EXPECT_NE(tty.prompts[0].find(pfx), std::string::npos);

  FakeTerminal pipe;  // no TTY: never prompts, says how to give the password
  pipe.typed_password = "typed";
  r = pipe.run({"inspect", pfx});
  EXPECT_EQ(r.exit, kExitUnknown);
  EXPECT_TRUE(pipe.prompts.empty());
  EXPECT_NE(r.err.find("--password-file"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("run on a terminal to be asked"), std::string::npos) << r.err;
  EXPECT_EQ(testing::count_lines(r.err), 1U);

  FakeTerminal nothing_typed;  // a TTY, but end of input at the prompt: not "run on a terminal"
  nothing_typed.stdin_is_tty = true;
  r = nothing_typed.run({"inspect", pfx});
  EXPECT_EQ(r.exit, kExitUnknown);
  ASSERT_EQ(nothing_typed.prompts.size(), 1U);
  EXPECT_NE(r.err.find("nothing was taken at the prompt"), std::string::npos) << r.err;
  EXPECT_EQ(r.err.find("run on a terminal"), std::string::npos) << r.err;
  EXPECT_EQ(testing::count_lines(r.err), 1U);
}

TEST(InspectCommand, PasswordIsNeverAnArgument) {
  TempDir dir;
  const std::string pem = testing::write_pem_chain(dir, "c.pem", {test_chain().leaf});
  CommandResult r = run_uccert({"inspect", pem, "--password", "hunter2"});
  EXPECT_EQ(r.exit, kExitUnknown);
  EXPECT_EQ(r.out, "");
  EXPECT_EQ(r.err.find("hunter2"), std::string::npos) << "the refused password is not echoed";
  EXPECT_NE(r.err.find("--password-file"), std::string::npos);
}

TEST(InspectCommand, BadAtTime) {
  TempDir dir;
  const std::string pem = testing::write_pem_chain(dir, "c.pem", {test_chain().leaf});
  CommandResult r = run_uccert({"inspect", pem, "--at", "yesterday"});
  EXPECT_EQ(r.exit, kExitUnknown);
  EXPECT_EQ(testing::count_lines(r.err), 1U);
}

TEST(InspectCommand, ColourOnlyWhenTheConsoleAllowsIt) {
  TempDir dir;
  const std::string pem = testing::write_pem_chain(dir, "c.pem", {test_chain().leaf});
  FakeTerminal plain;
  CommandResult r = plain.run({"inspect", pem, "--at", kAt});
  EXPECT_EQ(r.out.find('\x1b'), std::string::npos);
  FakeTerminal colour;
  colour.color = true;
  r = colour.run({"inspect", pem, "--at", kAt});
  EXPECT_NE(r.out.find("\x1b["), std::string::npos);
}

TEST(InspectCommand, ExpiredAndNotYetValid) {
  TempDir dir;
  const std::string pem = testing::write_pem_chain(dir, "c.pem", {test_chain().leaf});
  CommandResult r = run_uccert({"inspect", pem, "--at", "2027-06-11T00:00:00Z"});
  EXPECT_FIELD(r.out, "Not after", "expired 10 days ago");
  r = run_uccert({"inspect", pem, "--at", "2026-05-30T12:00:00Z"});
  EXPECT_FIELD(r.out, "Not after", "not yet valid");
}

// Each bad input: one line on stderr naming the file, exit 3, nothing that looks like a crash.
TEST(InspectCommand, BadInputsExitThreeWithOneLine) {
  TempDir dir;
  lab::Pkcs12Options opt;
  opt.password = "right";
  const std::string pfx = testing::write_p12(dir, "pool.pfx", test_chain().leaf_first(), opt);
  const std::string pem = test_chain().leaf.pem();
  const std::string huge = dir.file("huge.cer");
  { std::ofstream(huge).put('x'); }
  std::filesystem::resize_file(huge, 100U * 1000U * 1000U);
  struct Case {
    std::string path;
    std::vector<std::string> extra;
    std::string expect;
  };
  FakeTerminal t;
  t.env["PW"] = "wrong";
  const std::vector<Case> cases = {
      {dir.write("empty.cer", ""), {}, "empty"},
      {dir.write("cut.pem", pem.substr(0, pem.size() / 2)), {}, "truncated"},
      {pfx, {"--password-env", "PW"}, "wrong password"},
      {dir.path().string(), {}, "is a directory"},
      {dir.write("notes.txt", "hello\n"), {}, "not a certificate"},
      {huge, {}, "too large"},
      {dir.file("missing.cer"), {}, "no such file"},
  };
  for (const Case& c : cases) {
    std::vector<std::string> args = {"inspect", c.path};
    args.insert(args.end(), c.extra.begin(), c.extra.end());
    CommandResult r = t.run(args);
    EXPECT_EQ(r.exit, kExitUnknown) << c.path;
    EXPECT_EQ(testing::count_lines(r.err), 1U) << r.err;
    EXPECT_EQ(r.err.rfind("uccert: inspect: " + c.path + ": ", 0), 0U) << r.err;
    EXPECT_NE(r.err.find(c.expect), std::string::npos) << r.err;
  }
}

TEST(InspectCommand, OneBadFileDoesNotHideTheOthers) {
  TempDir dir;
  const std::string good = testing::write_pem_chain(dir, "good.pem", {test_chain().leaf});
  CommandResult r = run_uccert({"inspect", dir.file("missing.pem"), good, "--at", kAt});
  EXPECT_EQ(r.exit, kExitUnknown);
  EXPECT_NE(r.out.find(sha1_hex(test_chain().leaf.der)), std::string::npos);
  EXPECT_EQ(testing::count_lines(r.err), 1U);
}

TEST(InspectCommand, NoFileIsAUsageError) {
  CommandResult r = run_uccert({"inspect"});
  EXPECT_EQ(r.exit, kExitUnknown);
}

}  // namespace
}  // namespace uccert::cli
