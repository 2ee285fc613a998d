#include "uccert/net/ms_diagnostics.h"

#include <gtest/gtest.h>

namespace uccert::net {
namespace {

// The header from the Exchange UM trace (seed:UM-WILD), typographic quotes and all.
constexpr const char* kSeedHeader =
    "1010;reason=\xE2\x80\x9D" "Certificate trust with another server could not be established\xE2\x80\x9D;"
    "source=\xE2\x80\x9D\xE2\x80\x9D;responsecode=\xE2\x80\x9D" "504\xE2\x80\xB3;"
    "msexchPeerServer=\xE2\x80\x9Dmail\xE2\x80\x9D;"
    "msexchHRESULT=\xE2\x80\x9D" "0x800B010F(CERT_E_CN_NO_MATCH)\xE2\x80\x9D;appName=\xE2\x80\x9D" "ExumRouting\xE2\x80\x9D";

TEST(MsDiagnostics, DecodesTheSeedTrace) {
  auto d = parse_ms_diagnostics(kSeedHeader);
  ASSERT_TRUE(d.has_value());
  EXPECT_EQ(d->code, 1010);
  EXPECT_EQ(d->reason, "Certificate trust with another server could not be established");
  ASSERT_TRUE(d->hresult.has_value());
  EXPECT_EQ(*d->hresult, 0x800B010FU);
  EXPECT_EQ(d->hresult_name, "CERT_E_CN_NO_MATCH");
  EXPECT_EQ(d->rule, "E-25");
  EXPECT_EQ(d->parameters.at("appName"), "ExumRouting");
  EXPECT_EQ(d->parameters.at("msexchPeerServer"), "mail");
  EXPECT_EQ(d->parameters.at("source"), "");
}

TEST(MsDiagnostics, EdgeCertMismatch) {
  auto d = parse_ms_diagnostics(
      "1010;reason=\"Certificate trust with another server could not be established\";"
      "ErrorType=\"The peer certificate does not contain a matching FQDN\"");
  ASSERT_TRUE(d.has_value());
  EXPECT_EQ(d->code, 1010);
  EXPECT_FALSE(d->hresult.has_value());
  EXPECT_EQ(d->rule, "E-08");
  EXPECT_EQ(d->parameters.at("ErrorType"), "The peer certificate does not contain a matching FQDN");
}

TEST(MsDiagnostics, SrvMismatchAndUnknownCodes) {
  auto d = parse_ms_diagnostics("1009;reason=\"No match for domain in DNS SRV results\"");
  ASSERT_TRUE(d.has_value());
  EXPECT_EQ(d->rule, "E-09");
  auto u = parse_ms_diagnostics("2;reason=\"Removed from the network\";HRESULT=\"0xC3E93D67\"");
  ASSERT_TRUE(u.has_value());
  EXPECT_EQ(u->hresult_name, "SIPPROXY_E_ROUTING_MSG_CERT_MISMATCH");
  EXPECT_EQ(u->rule, "E-10");
  auto named = parse_ms_diagnostics("1;HRESULT=\"0x80041234(SOME_E_THING)\"");
  ASSERT_TRUE(named.has_value());
  EXPECT_EQ(named->hresult_name, "SOME_E_THING");
}

TEST(MsDiagnostics, RejectsGarbage) {
  EXPECT_FALSE(parse_ms_diagnostics("").has_value());
  EXPECT_FALSE(parse_ms_diagnostics("reason=\"x\"").has_value());
  EXPECT_FALSE(parse_ms_diagnostics("12345678901;x").has_value());
  // Unterminated quotes and stray separators do not crash.
  auto d = parse_ms_diagnostics("7;;reason=\"unterminated;=;x");
  ASSERT_TRUE(d.has_value());
  EXPECT_EQ(d->code, 7);
}

TEST(Hresult, NamesFromTheTable) {
  EXPECT_EQ(hresult_name(0x800B0109), "CERT_E_UNTRUSTEDROOT");
  EXPECT_EQ(hresult_name(0x80090322), "SEC_E_WRONG_PRINCIPAL");
  EXPECT_EQ(hresult_name(0x12345678), "");
  EXPECT_EQ(format_hresult(0x800B010F), "0x800B010F");
}

}  // namespace
}  // namespace uccert::net
