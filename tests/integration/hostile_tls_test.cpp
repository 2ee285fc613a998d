// Hostile TLS, SIP and SMTP servers on 127.0.0.1 (docs/security.md, "hostile server"): for each,
// `uccert check` ends within its deadline plus one second, says in one line what the server did
// (or judges the chain it did send), and its peak memory stays within a fixed budget over a
// check of a well-behaved server. Each check is the real binary in a child process, so its peak
// RSS is read with wait4().
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <chrono>
#include <iostream>
#include <string>
#include <vector>

#include "integration/hostile_server.h"
#include "uccert/lab/mint.h"

namespace uccert::testing {
namespace {

using namespace std::chrono_literals;
using ::testing::HasSubstr;

constexpr std::chrono::milliseconds kDeadline = 2000ms;
constexpr std::chrono::milliseconds kSlack = 1000ms;  // "ends within its deadline plus one second"

std::vector<lab::Minted> small_chain();

// `uccert check 127.0.0.1:PORT --proto P --timeout 2`, the real binary, in a child process.
ChildOutcome check(std::uint16_t port, const char* proto) {
  return run_program({UCCERT_EXE, "check", "127.0.0.1:" + std::to_string(port), "--proto", proto, "--timeout",
                      std::to_string(kDeadline.count() / 1000)},
                     kDeadline + 15s);
}

// Peak RSS of `uccert check` against a well-behaved server: the floor.
long baseline() {
  static const long kb = [] {
    HostileTcpServer good({TcpBehaviour::kTls, TlsApp::kNone, small_chain()});
    return check(good.port(), "tls").max_rss_kb;
  }();
  return kb;
}

void expect_bounded(const ChildOutcome& out, std::chrono::milliseconds allowed = kDeadline + kSlack) {
  expect_ended_within(out, allowed, baseline());
  EXPECT_EQ(out.signal, 0) << out.output << out.err;
}

// The endpoint could not be evaluated: exit 3 and one line on stderr.
void expect_refused(const ChildOutcome& out) {
  expect_bounded(out);
  EXPECT_EQ(out.exit_code, 3) << out.err;
  ASSERT_FALSE(out.err.empty());
  EXPECT_EQ(out.err.find('\n'), out.err.size() - 1) << "not one line: " << out.err;
}

// The chain was read and judged (exit 0, 1 or 2); what the server said is in the report.
void expect_judged(const ChildOutcome& out) {
  expect_bounded(out);
  EXPECT_GE(out.exit_code, 0) << out.err;
  EXPECT_LE(out.exit_code, 2) << out.err;
}

std::vector<lab::Minted> small_chain() {
  auto key = lab::KeyPair::cached(lab::KeySpec::ec());
  auto root = lab::mint(lab::root_ca_spec("Hostile Root"), key);
  auto leaf = lab::mint(lab::server_spec("sip.contoso.test", {"sip.contoso.test"}), key, &root);
  return {leaf, root};
}

TEST(HostileTls, AcceptsAndNeverSpeaks) {
  HostileTcpServer server({TcpBehaviour::kSilent, TlsApp::kNone, {}});
  auto out = check(server.port(), "tls");
  expect_refused(out);
  EXPECT_THAT(out.err, HasSubstr("timed out after 2 s"));
}

TEST(HostileTls, OneBytePerSecond) {
  HostileTcpServer server({TcpBehaviour::kDrip, TlsApp::kNone, {}});
  auto out = check(server.port(), "tls");
  expect_refused(out);
  EXPECT_THAT(out.err, HasSubstr("timed out after 2 s"));
}

TEST(HostileTls, ClosesAfterServerHello) {
  HostileTcpServer server({TcpBehaviour::kCloseAfterServerHello, TlsApp::kNone, small_chain()});
  auto out = check(server.port(), "tls");
  expect_refused(out);
  EXPECT_THAT(out.err, HasSubstr("closed the connection"));
}

TEST(HostileTls, GarbageInsteadOfTls) {
  HostileTcpServer server({TcpBehaviour::kGarbage, TlsApp::kNone, {}});
  auto out = check(server.port(), "tls");
  expect_refused(out);
  EXPECT_THAT(out.err, HasSubstr("does not speak TLS"));
}

TEST(HostileTls, ChainOfTwoHundredCertificates) {
  auto key = lab::KeyPair::cached(lab::KeySpec::ec());
  std::vector<lab::Minted> cas;
  cas.push_back(lab::mint(lab::root_ca_spec("Deep Root"), key));
  for (int i = 1; i < 199; ++i) {
    auto spec = lab::intermediate_ca_spec("Deep CA " + std::to_string(i), {}, std::nullopt);
    cas.push_back(lab::mint(spec, key, &cas.back()));
  }
  std::vector<lab::Minted> chain;
  chain.push_back(lab::mint(lab::server_spec("deep.contoso.test", {"deep.contoso.test"}), key, &cas.back()));
  for (auto it = cas.rbegin(); it != cas.rend(); ++it) chain.push_back(*it);
  ASSERT_EQ(chain.size(), 200U);
  HostileTcpServer server({TcpBehaviour::kTls, TlsApp::kNone, chain});
  auto out = check(server.port(), "tls");
  // ~80 KiB of EC certificates fits OpenSSL's 100 KiB certificate-message limit; uccert keeps the
  // first net::kMaxPeerChain (32) and says so, so judging stays inside the deadline too.
  expect_bounded(out);
  EXPECT_EQ(out.exit_code, 2) << out.err;  // the leaf's root is nobody's trust anchor
  EXPECT_THAT(out.output, HasSubstr("deep.contoso.test"));
  EXPECT_THAT(out.output, HasSubstr("the server sent 200 certificates; the first 32 are judged"));
}

TEST(HostileTls, FiveMebibyteCertificateMessage) {
  auto key = lab::KeyPair::cached(lab::KeySpec::ec());
  auto root = lab::mint(lab::root_ca_spec("Big Root"), key);
  auto spec = lab::server_spec("big.contoso.test", {"big.contoso.test"});
  // An unknown non-critical extension holding a 5 MiB OCTET STRING.
  constexpr std::size_t kSize = 5U * 1024U * 1024U;
  pki::Bytes value = {0x04, 0x83, static_cast<std::uint8_t>(kSize >> 16U), static_cast<std::uint8_t>(kSize >> 8U),
                      static_cast<std::uint8_t>(kSize)};
  value.resize(value.size() + kSize, 0x5a);
  spec.extra_extensions.push_back({"1.3.6.1.4.1.55555.1", false, value});
  auto leaf = lab::mint(spec, key, &root);
  ASSERT_GT(leaf.der.size(), kSize);
  HostileTcpServer server({TcpBehaviour::kTls, TlsApp::kNone, {leaf, root}});
  auto out = check(server.port(), "tls");
  expect_refused(out);
  EXPECT_THAT(out.err, HasSubstr("the server's certificate message is larger than the 100 KiB uccert accepts"));
}

TEST(HostileSip, EndlessHeaderLine) {
  HostileTcpServer server({TcpBehaviour::kTls, TlsApp::kSipEndlessHeader, small_chain()});
  auto out = check(server.port(), "sip");
  // The chain was read before the SIP exchange: it is judged, and the SIP answer is reported as
  // too long rather than read without end.
  expect_judged(out);
  EXPECT_THAT(out.output, HasSubstr("sip.contoso.test"));
  EXPECT_THAT(out.output, HasSubstr("exceeds"));
}

TEST(HostileSip, NeverEndingBody) {
  HostileTcpServer server({TcpBehaviour::kTls, TlsApp::kSipEndlessBody, small_chain()});
  auto out = check(server.port(), "sip");
  expect_judged(out);
  EXPECT_THAT(out.output, HasSubstr("sip.contoso.test"));
  EXPECT_THAT(out.output, HasSubstr("200 OK"));
}

TEST(HostileSmtp, RefusesStartTls) {
  HostileTcpServer server({TcpBehaviour::kSmtpRefuseStartTls, TlsApp::kNone, {}});
  auto out = check(server.port(), "smtp");
  expect_refused(out);
  EXPECT_THAT(out.err, HasSubstr("refused STARTTLS"));
  EXPECT_THAT(out.err, HasSubstr("454"));
}

}  // namespace
}  // namespace uccert::testing
