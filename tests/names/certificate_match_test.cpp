// Name matching on real certificates: minted, DER-encoded, decoded by pki::Certificate, then
// matched. Checks the decoder's view (SAN order, IP octets, every CN) reaches the matcher intact.
#include <gtest/gtest.h>

#include "uccert/lab/mint.h"
#include "uccert/names/match.h"

namespace uccert::names {
namespace {

pki::CertificatePtr server(std::string_view cn, std::vector<std::string> dns, std::vector<std::string> ip = {}) {
  lab::CertSpec spec = lab::server_spec(cn, std::move(dns));
  spec.san_ip = std::move(ip);
  if (cn.empty()) spec.subject.clear();
  return lab::mint(spec, lab::KeyPair::cached(lab::KeySpec::ec())).cert;
}

TEST(CertificateMatch, SeedWildcardOnlyFrontEnd) {
  // S-01: Default certificate of a pool in another namespace; the SRV target is covered only
  // by *.mslync.net. Windows (one-label wildcards) matches; legacy phones (no wildcards) do not.
  auto cert = server("pool01.schertz.local", {"pool01.schertz.local", "*.mslync.net"});
  const auto desktop = match("sip.mslync.net", *cert, NamePolicy{Wildcards::kLeftmostLabel, CommonName::kFallback});
  EXPECT_TRUE(desktop.matched);
  EXPECT_TRUE(desktop.only_by_wildcard());
  ASSERT_NE(desktop.matching(), nullptr);
  EXPECT_EQ(desktop.matching()->entry, "*.mslync.net");
  EXPECT_EQ(desktop.matching()->position, 1U);

  const auto phone = match("sip.mslync.net", *cert, NamePolicy{Wildcards::kNone, CommonName::kFallback});
  EXPECT_FALSE(phone.matched);
  ASSERT_FALSE(phone.entries.empty());
  EXPECT_EQ(phone.entries.front().entry, "*.mslync.net");
  EXPECT_EQ(phone.entries.front().why, "wildcards not accepted by this client");

  const auto cov = san_coverage("sip.mslync.net", *cert);
  EXPECT_TRUE(cov.only_wildcard());
}

TEST(CertificateMatch, SeedUmWildcardCn) {
  // S-05 / UM-02: Lync reads only the CN of the UM certificate; the SAN naming the server
  // does not help.
  auto cert = server("*.contoso.com", {"um01.contoso.com", "mail.contoso.com"});
  const auto m = match("um01.contoso.com", *cert, NamePolicy{Wildcards::kNone, CommonName::kOnly});
  EXPECT_FALSE(m.matched);
  ASSERT_EQ(m.entries.size(), 3U);
  EXPECT_EQ(m.entries[0].source, EntrySource::kSubjectCn);
  EXPECT_EQ(m.entries[0].reason, Reason::kWildcardsNotAccepted);
  EXPECT_EQ(m.entries[1].source, EntrySource::kSanDns);
  EXPECT_EQ(m.entries[1].reason, Reason::kSanNotConsulted);
  EXPECT_TRUE(m.entries[1].would_match);

  auto good = server("um01.contoso.com", {});
  EXPECT_TRUE(match("um01.contoso.com", *good, NamePolicy{Wildcards::kNone, CommonName::kOnly}).matched);
}

TEST(CertificateMatch, IpAddressesOnlyAgainstIpSans) {
  auto cert = server("192.0.2.10", {"192.0.2.10"}, {"192.0.2.20", "2001:db8::20"});
  const NamePolicy any{Wildcards::kLeftmostLabel, CommonName::kAlways};
  EXPECT_FALSE(match("192.0.2.10", *cert, any).matched);  // only in a DNS entry and the CN
  EXPECT_TRUE(match("192.0.2.20", *cert, any).matched);
  EXPECT_TRUE(match("2001:DB8:0::20", *cert, any).matched);
  EXPECT_TRUE(match("[2001:db8::20]", *cert, any).matched);
  EXPECT_FALSE(match("2001:db8::21", *cert, any).matched);
}

TEST(CertificateMatch, CaseAndTrailingDot) {
  auto cert = server("", {"SIP.Contoso.com"});
  const NamePolicy browser{Wildcards::kLeftmostLabel, CommonName::kIgnore};
  EXPECT_TRUE(match("sip.contoso.COM.", *cert, browser).matched);
  EXPECT_FALSE(match("sip.contoso.co", *cert, browser).matched);
}

TEST(CertificateMatch, CnFallbackNeedsNoDnsSan) {
  // EDGE-07: internal Edge certificate, CN only, no SAN.
  auto cn_only = server("edge-int.contoso.local", {});
  EXPECT_TRUE(match("edge-int.contoso.local", *cn_only, NamePolicy{Wildcards::kNone, CommonName::kFallback}).matched);
  EXPECT_FALSE(match("edge-int.contoso.local", *cn_only, NamePolicy{Wildcards::kNone, CommonName::kIgnore}).matched);
  // G-12: CN not repeated in the SAN.
  auto not_repeated = server("sip.contoso.com", {"webconf.contoso.com"});
  const auto m = match("sip.contoso.com", *not_repeated, NamePolicy{Wildcards::kNone, CommonName::kFallback});
  EXPECT_FALSE(m.matched);
  ASSERT_FALSE(m.entries.empty());
  EXPECT_EQ(m.entries.front().reason, Reason::kCnNotConsultedSanPresent);
  EXPECT_TRUE(m.entries.front().would_match);
}

}  // namespace
}  // namespace uccert::names
