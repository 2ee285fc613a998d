// Name matching tables (style.md section 2): rows of host, certificate entries, policy and the
// expected verdict. Expected values are written out by hand from RFC 6125 and uc-rules, never
// computed by the code under test.
#include "uccert/names/match.h"

#include <arpa/inet.h>
#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace uccert::names {
namespace {

using pki::GeneralName;
using pki::GeneralNameType;

constexpr Wildcards kNoWild = Wildcards::kNone;
constexpr Wildcards kLeft = Wildcards::kLeftmostLabel;
constexpr Wildcards kPartial = Wildcards::kPartialLabel;
constexpr CommonName kIgnore = CommonName::kIgnore;
constexpr CommonName kFallback = CommonName::kFallback;
constexpr CommonName kAlways = CommonName::kAlways;
constexpr CommonName kOnly = CommonName::kOnly;

// Entries are written "dns:NAME", "ip:ADDRESS" (SAN) or "cn:VALUE" (subject CN), in
// certificate order.
PresentedNames names_of(const std::vector<std::string>& entries) {
  PresentedNames n;
  for (const auto& e : entries) {
    if (e.rfind("dns:", 0) == 0) {
      GeneralName g;
      g.type = GeneralNameType::kDns;
      g.value = e.substr(4);
      n.subject_alt_names.push_back(g);
    } else if (e.rfind("ip:", 0) == 0) {
      GeneralName g;
      g.type = GeneralNameType::kIp;
      g.value = e.substr(3);
      unsigned char buf[16] = {};
      if (inet_pton(AF_INET, g.value.c_str(), buf) == 1) {
        g.raw.assign(buf, buf + 4);
      } else if (inet_pton(AF_INET6, g.value.c_str(), buf) == 1) {
        g.raw.assign(buf, buf + 16);
      } else {
        ADD_FAILURE() << "bad test IP " << g.value;
      }
      n.subject_alt_names.push_back(g);
    } else if (e.rfind("cn:", 0) == 0) {
      n.common_names.push_back(e.substr(3));
    } else if (e.rfind("uri:", 0) == 0) {
      GeneralName g;
      g.type = GeneralNameType::kUri;
      g.value = e.substr(4);
      n.subject_alt_names.push_back(g);
    } else {
      ADD_FAILURE() << "bad test entry " << e;
    }
  }
  return n;
}

struct Row {
  const char* what;
  std::string host;
  std::vector<std::string> entries;
  Wildcards wildcards;
  CommonName cn;
  bool matched;
  std::string first_entry;  // the entry listed first: the match, else the nearest failure
  Reason first_reason;
};

const Row kRows[] = {
    // --- plain names ---------------------------------------------------------------------
    {"exact", "sip.contoso.com", {"dns:sip.contoso.com"}, kLeft, kIgnore, true, "sip.contoso.com", Reason::kMatched},
    {"case-insensitive", "SIP.Contoso.COM", {"dns:sip.CONTOSO.com"}, kLeft, kIgnore, true, "sip.CONTOSO.com",
     Reason::kMatched},
    {"host trailing dot ignored", "sip.contoso.com.", {"dns:sip.contoso.com"}, kLeft, kIgnore, true,
     "sip.contoso.com", Reason::kMatched},
    {"entry trailing dot is not a DNS name", "sip.contoso.com", {"dns:sip.contoso.com."}, kLeft, kIgnore, false,
     "sip.contoso.com.", Reason::kInvalidEntry},
    {"different domain", "sip.contoso.com", {"dns:sip.fabrikam.com"}, kLeft, kIgnore, false, "sip.fabrikam.com",
     Reason::kDifferentName},
    {"suffix inside a label is different", "sip.contoso.com", {"dns:ip.contoso.com"}, kLeft, kIgnore, false,
     "ip.contoso.com", Reason::kDifferentName},
    {"subdomain is different", "a.sip.contoso.com", {"dns:sip.contoso.com"}, kLeft, kIgnore, false,
     "sip.contoso.com", Reason::kDifferentName},
    {"empty label entry", "sip.contoso.com", {"dns:sip..contoso.com"}, kLeft, kIgnore, false, "sip..contoso.com",
     Reason::kInvalidEntry},
    {"non-ASCII entry never compared", "xn--bcher-kva.example", {"dns:b\xc3\xbc" "cher.example"}, kLeft, kIgnore,
     false, "b\xc3\xbc" "cher.example", Reason::kInvalidEntry},
    {"A-labels compared as ASCII", "xn--bcher-kva.contoso.com", {"dns:XN--BCHER-KVA.contoso.com"}, kLeft, kIgnore,
     true, "XN--BCHER-KVA.contoso.com", Reason::kMatched},
    {"U-label host converted to its A-label", "B\xc3\x9c" "cher.Contoso.com", {"dns:xn--bcher-kva.contoso.com"},
     kLeft, kIgnore, true, "xn--bcher-kva.contoso.com", Reason::kMatched},
    {"U-label host with a trailing dot", "b\xc3\xbc" "cher.contoso.com.", {"dns:xn--bcher-kva.contoso.com"}, kLeft,
     kIgnore, true, "xn--bcher-kva.contoso.com", Reason::kMatched},
    {"U-label host is non-transitional (sharp s kept)", "fa\xc3\x9f" ".contoso.com", {"dns:fass.contoso.com"},
     kLeft, kIgnore, false, "fass.contoso.com", Reason::kDifferentName},
    {"underscore names compare", "_sip.contoso.com", {"dns:_sip.contoso.com"}, kLeft, kIgnore, true,
     "_sip.contoso.com", Reason::kMatched},
    {"URI entries are not DNS entries", "sip.contoso.com", {"uri:https://sip.contoso.com/"}, kLeft, kFallback, false,
     "", Reason::kMatched /* no entries listed */},

    // --- wildcards: whole left-most label ---------------------------------------------------
    {"wildcard one label", "sip.contoso.com", {"dns:*.contoso.com"}, kLeft, kIgnore, true, "*.contoso.com",
     Reason::kMatched},
    {"wildcard uppercase", "SIP.contoso.com", {"dns:*.Contoso.Com"}, kLeft, kIgnore, true, "*.Contoso.Com",
     Reason::kMatched},
    {"wildcard refused by policy (W-12)", "sip.mslync.net", {"dns:*.mslync.net"}, kNoWild, kIgnore, false,
     "*.mslync.net", Reason::kWildcardsNotAccepted},
    {"wildcard two labels (DR-03)", "sbc.test.contoso.com", {"dns:*.contoso.com"}, kLeft, kIgnore, false,
     "*.contoso.com", Reason::kWildcardOneLabel},
    {"wildcard zero labels", "contoso.com", {"dns:*.contoso.com"}, kLeft, kIgnore, false, "*.contoso.com",
     Reason::kWildcardNeedsLabel},
    {"wildcard over two labels never matches", "x.com", {"dns:*.com"}, kLeft, kIgnore, false, "*.com",
     Reason::kWildcardTooBroad},
    {"bare star never matches", "localhost", {"dns:*"}, kLeft, kIgnore, false, "*", Reason::kWildcardTooBroad},
    {"wildcard over a public suffix", "x.co.uk", {"dns:*.co.uk"}, kLeft, kIgnore, false, "*.co.uk",
     Reason::kWildcardPublicSuffix},
    {"wildcard over a two-label public suffix", "example.com.au", {"dns:*.com.au"}, kLeft, kIgnore, false,
     "*.com.au", Reason::kWildcardPublicSuffix},
    {"public suffix refused whatever the policy", "x.co.uk", {"dns:*.co.uk"}, kPartial, kIgnore, false, "*.co.uk",
     Reason::kWildcardPublicSuffix},
    {"wildcard under a registered domain of a public suffix", "www.example.co.uk", {"dns:*.example.co.uk"}, kLeft,
     kIgnore, true, "*.example.co.uk", Reason::kMatched},
    {"private-section suffix is not registry-controlled (Chrome)", "bucket.s3.amazonaws.com",
     {"dns:*.s3.amazonaws.com"}, kLeft, kIgnore, true, "*.s3.amazonaws.com", Reason::kMatched},
    {"wildcard under an unknown top-level domain", "sip.corp.internal", {"dns:*.corp.internal"}, kLeft, kIgnore,
     true, "*.corp.internal", Reason::kMatched},
    {"wildcard not left-most", "sip.contoso.com", {"dns:sip.*.com"}, kLeft, kIgnore, false, "sip.*.com",
     Reason::kWildcardNotLeftmost},
    {"two wildcards", "a.b.contoso.com", {"dns:*.*.contoso.com"}, kLeft, kIgnore, false, "*.*.contoso.com",
     Reason::kWildcardMalformed},
    {"wildcard stands for an A-label", "xn--bcher-kva.contoso.com", {"dns:*.contoso.com"}, kLeft, kIgnore, true,
     "*.contoso.com", Reason::kMatched},
    {"wildcard stands for a U-label host's A-label", "b\xc3\xbc" "cher.contoso.com", {"dns:*.contoso.com"}, kLeft,
     kIgnore, true, "*.contoso.com", Reason::kMatched},
    {"wildcard with a trailing-dot host", "sip.contoso.com.", {"dns:*.contoso.com"}, kLeft, kIgnore, true,
     "*.contoso.com", Reason::kMatched},
    {"wildcard left of an IDN domain is fine", "www.xn--bcher-kva.example", {"dns:*.xn--bcher-kva.example"}, kLeft,
     kIgnore, true, "*.xn--bcher-kva.example", Reason::kMatched},
    {"wildcard different domain", "sip.contoso.com", {"dns:*.fabrikam.com"}, kLeft, kIgnore, false, "*.fabrikam.com",
     Reason::kDifferentName},
    {"wildcard refused but structurally wrong gives the structural reason", "sbc.test.contoso.com",
     {"dns:*.contoso.com"}, kNoWild, kIgnore, false, "*.contoso.com", Reason::kWildcardOneLabel},

    // --- wildcards: partial labels ----------------------------------------------------------
    {"partial refused by whole-label policy", "foo.contoso.com", {"dns:f*.contoso.com"}, kLeft, kIgnore, false,
     "f*.contoso.com", Reason::kPartialWildcardNotAccepted},
    {"partial accepted", "foo.contoso.com", {"dns:f*.contoso.com"}, kPartial, kIgnore, true, "f*.contoso.com",
     Reason::kMatched},
    {"partial refused by no-wildcard policy", "foo.contoso.com", {"dns:f*.contoso.com"}, kNoWild, kIgnore, false,
     "f*.contoso.com", Reason::kWildcardsNotAccepted},
    {"partial suffix form", "foo.contoso.com", {"dns:*o.contoso.com"}, kPartial, kIgnore, true, "*o.contoso.com",
     Reason::kMatched},
    {"partial middle form", "fxo.contoso.com", {"dns:f*o.contoso.com"}, kPartial, kIgnore, true, "f*o.contoso.com",
     Reason::kMatched},
    {"partial does not fit", "bar.contoso.com", {"dns:*o.contoso.com"}, kPartial, kIgnore, false, "*o.contoso.com",
     Reason::kDifferentName},
    {"partial star never empty", "f.contoso.com", {"dns:f*.contoso.com"}, kPartial, kIgnore, false, "f*.contoso.com",
     Reason::kDifferentName},
    {"partial inside an A-label", "xn--bcher-kva.contoso.com", {"dns:xn--*.contoso.com"}, kPartial, kIgnore, false,
     "xn--*.contoso.com", Reason::kWildcardOverIdn},
    {"partial meeting an A-label host label", "xn--bcher-kva.contoso.com", {"dns:x*.contoso.com"}, kPartial, kIgnore,
     false, "x*.contoso.com", Reason::kWildcardOverIdn},
    {"whole-label wildcard under partial policy", "sip.contoso.com", {"dns:*.contoso.com"}, kPartial, kIgnore, true,
     "*.contoso.com", Reason::kMatched},

    // --- subject CN -------------------------------------------------------------------------
    {"CN ignored (CHROME58)", "pool.contoso.com", {"cn:pool.contoso.com"}, kLeft, kIgnore, false, "pool.contoso.com",
     Reason::kCnNotConsulted},
    {"CN fallback without SAN", "pool.contoso.com", {"cn:pool.contoso.com"}, kLeft, kFallback, true,
     "pool.contoso.com", Reason::kMatched},
    {"CN fallback with DNS SAN present", "pool.contoso.com", {"dns:fe01.contoso.com", "cn:pool.contoso.com"}, kLeft,
     kFallback, false, "pool.contoso.com", Reason::kCnNotConsultedSanPresent},
    {"CN fallback with only an IP SAN", "pool.contoso.com", {"ip:192.0.2.7", "cn:pool.contoso.com"}, kLeft,
     kFallback, true, "pool.contoso.com", Reason::kMatched},
    {"CN always", "pool.contoso.com", {"dns:fe01.contoso.com", "cn:pool.contoso.com"}, kLeft, kAlways, true,
     "pool.contoso.com", Reason::kMatched},
    {"CN wildcard refused", "sip.contoso.com", {"cn:*.contoso.com"}, kNoWild, kAlways, false, "*.contoso.com",
     Reason::kWildcardsNotAccepted},
    {"CN that is not a host name", "pool.contoso.com", {"cn:Contoso Pool"}, kLeft, kAlways, false, "Contoso Pool",
     Reason::kInvalidEntry},

    // --- CN only, SAN ignored: Lync naming an Exchange UM peer (UM-02, S-05, S-06) -----------
    {"UM: FQDN only in SAN (S-06)", "um01.contoso.com", {"dns:um01.contoso.com", "cn:mail.contoso.com"}, kNoWild,
     kOnly, false, "um01.contoso.com", Reason::kSanNotConsulted},
    {"UM: CN is the FQDN", "um01.contoso.com", {"dns:mail.contoso.com", "cn:um01.contoso.com"}, kNoWild, kOnly, true,
     "um01.contoso.com", Reason::kMatched},
    {"UM: wildcard CN (S-05)", "um01.contoso.com", {"dns:um01.contoso.com", "cn:*.contoso.com"}, kNoWild, kOnly,
     false, "*.contoso.com", Reason::kWildcardsNotAccepted},
    {"CN only with wildcards allowed", "um01.contoso.com", {"cn:*.contoso.com"}, kLeft, kOnly, true, "*.contoso.com",
     Reason::kMatched},
    {"CN only, no CN at all", "um01.contoso.com", {"dns:um01.contoso.com"}, kLeft, kOnly, false, "um01.contoso.com",
     Reason::kSanNotConsulted},

    // --- IP addresses -----------------------------------------------------------------------
    {"IPv4 against IP SAN", "192.0.2.10", {"ip:192.0.2.10"}, kLeft, kIgnore, true, "192.0.2.10", Reason::kMatched},
    {"IPv4 never against a DNS entry", "192.0.2.10", {"dns:192.0.2.10"}, kLeft, kIgnore, false, "192.0.2.10",
     Reason::kIpHostNotDns},
    {"IPv4 never against the CN", "192.0.2.10", {"cn:192.0.2.10"}, kLeft, kAlways, false, "192.0.2.10",
     Reason::kIpHostNotDns},
    {"IPv4 never against the CN, even CN-only", "192.0.2.10", {"cn:192.0.2.10"}, kLeft, kOnly, false, "192.0.2.10",
     Reason::kIpHostNotDns},
    {"IPv4 different address", "192.0.2.11", {"ip:192.0.2.10"}, kLeft, kIgnore, false, "192.0.2.10",
     Reason::kDifferentAddress},
    {"IPv6 normalised", "2001:DB8::1", {"ip:2001:db8:0:0:0:0:0:1"}, kLeft, kIgnore, true, "2001:db8:0:0:0:0:0:1",
     Reason::kMatched},
    {"IPv6 in brackets", "[2001:db8::1]", {"ip:2001:db8::1"}, kLeft, kIgnore, true, "2001:db8::1", Reason::kMatched},
    {"IPv4-mapped IPv6 is not the IPv4 entry", "::ffff:192.0.2.10", {"ip:192.0.2.10"}, kLeft, kIgnore, false,
     "192.0.2.10", Reason::kDifferentAddress},
    {"DNS host against an IP entry", "sip.contoso.com", {"ip:192.0.2.10"}, kLeft, kIgnore, false, "192.0.2.10",
     Reason::kDnsHostIpEntry},
    {"IP host with wildcard DNS entry", "192.0.2.10", {"dns:*.2.10"}, kLeft, kIgnore, false, "*.2.10",
     Reason::kIpHostNotDns},

    // --- several entries: order of the report ---------------------------------------------
    {"explicit listed before a wildcard that also matches", "sip.contoso.com",
     {"dns:*.contoso.com", "dns:sip.contoso.com"}, kLeft, kIgnore, true, "sip.contoso.com", Reason::kMatched},
    {"nearest failure first", "sip.contoso.com",
     {"dns:www.fabrikam.com", "dns:a.sip.contoso.net", "dns:meet.contoso.com"}, kLeft, kIgnore, false,
     "meet.contoso.com", Reason::kDifferentName},
    {"policy-only failure before nearer names", "sip.mslync.net",
     {"dns:pool.mslync.net", "dns:*.mslync.net"}, kNoWild, kIgnore, false, "*.mslync.net",
     Reason::kWildcardsNotAccepted},
};

class MatchTable : public ::testing::TestWithParam<Row> {};

TEST_P(MatchTable, Row) {
  const Row& row = GetParam();
  const NameMatch m = match(row.host, names_of(row.entries), NamePolicy{row.wildcards, row.cn});
  EXPECT_TRUE(m.host_error.empty()) << m.host_error;
  EXPECT_EQ(m.matched, row.matched);
  if (row.first_entry.empty()) {
    EXPECT_TRUE(m.entries.empty());
    return;
  }
  ASSERT_FALSE(m.entries.empty());
  EXPECT_EQ(m.entries.front().entry, row.first_entry);
  EXPECT_EQ(reason_id(m.entries.front().reason), reason_id(row.first_reason)) << m.entries.front().why;
  EXPECT_EQ(m.entries.front().matched, row.matched);
  EXPECT_EQ(m.matching() != nullptr, row.matched);
  // Every failing entry says why; a matching one does not.
  for (const auto& e : m.entries) EXPECT_EQ(e.why.empty(), e.matched) << e.entry;
}

std::string row_name(const ::testing::TestParamInfo<Row>& info) {
  std::string s = std::to_string(info.index) + "_";
  for (const char* p = info.param.what; *p; ++p) s.push_back(std::isalnum(static_cast<unsigned char>(*p)) ? *p : '_');
  return s;
}

INSTANTIATE_TEST_SUITE_P(Names, MatchTable, ::testing::ValuesIn(kRows), row_name);

// --- exact wording of the reasons people read --------------------------------------------

const EntryVerdict& first(const NameMatch& m) {
  EXPECT_FALSE(m.entries.empty());
  return m.entries.front();
}

TEST(MatchWording, OneLabel) {
  auto m = match("sbc.test.contoso.com", names_of({"dns:*.contoso.com"}), NamePolicy{kLeft, kIgnore});
  EXPECT_EQ(first(m).why, "wildcard covers one label only: sbc.test.contoso.com has two labels left of contoso.com");
  m = match("a.b.c.contoso.com", names_of({"dns:*.contoso.com"}), NamePolicy{kLeft, kIgnore});
  EXPECT_EQ(first(m).why, "wildcard covers one label only: a.b.c.contoso.com has three labels left of contoso.com");
}

TEST(MatchWording, PolicyReasons) {
  EXPECT_EQ(first(match("sip.mslync.net", names_of({"dns:*.mslync.net"}), NamePolicy{kNoWild, kIgnore})).why,
            "wildcards not accepted by this client");
  EXPECT_EQ(first(match("pool.contoso.com", names_of({"cn:pool.contoso.com"}), NamePolicy{kLeft, kIgnore})).why,
            "CN not consulted by this client");
  EXPECT_EQ(first(match("sip.contoso.com", names_of({"dns:sip.fabrikam.com"}), NamePolicy{kLeft, kIgnore})).why,
            "different name");
}

TEST(MatchWording, WouldMatchMarksPolicyOnlyFailures) {
  auto m = match("pool.contoso.com", names_of({"dns:pool.fabrikam.com", "cn:pool.contoso.com"}),
                 NamePolicy{kLeft, kFallback});
  ASSERT_EQ(m.entries.size(), 2U);
  EXPECT_TRUE(m.entries[0].would_match);   // the CN names the host (G-12: repeat it in the SAN)
  EXPECT_EQ(m.entries[0].source, EntrySource::kSubjectCn);
  EXPECT_FALSE(m.entries[1].would_match);  // a different name
  EXPECT_EQ(m.entries[1].position, 0U);
}

// --- the reference host ---------------------------------------------------------------------

TEST(MatchHost, UnusableHostsSayWhy) {
  const PresentedNames n = names_of({"dns:sip.contoso.com"});
  struct {
    const char* host;
    const char* fragment;
  } const cases[] = {
      {"a\xe2\x80\x8d" ".example", "internationalised"},  // a zero-width joiner out of context
      {"\xff\xfe.example", "internationalised"},            // not UTF-8 at all
      {"", "empty"},
      {"a..contoso.com", "empty label"},
      {"*.contoso.com", "'*'"},
      {"sip contoso.com", "space"},
      {"10.0.0", "IPv4"},
      {"010.0.0.1", "IPv4"},
      {"fe80::1%eth0", "zone"},
      {"2001:db8::1::2", "IPv6"},
  };
  for (const auto& c : cases) {
    const auto m = match(c.host, n, NamePolicy{});
    EXPECT_FALSE(m.matched) << c.host;
    EXPECT_NE(m.host_error.find(c.fragment), std::string::npos) << c.host << " -> " << m.host_error;
    EXPECT_EQ(m.host_error.find('\n'), std::string::npos);
    EXPECT_TRUE(m.entries.empty());
  }
}

TEST(MatchHost, Normalisation) {
  EXPECT_EQ(normalise_host("SIP.Contoso.COM."), "sip.contoso.com");
  EXPECT_EQ(normalise_host("[2001:DB8::1]"), "2001:db8::1");
  // U-labels become A-labels (IDNA2008, UTS #46 non-transitional), composed or not.
  EXPECT_EQ(normalise_host("B\xc3\xbc" "cher.Example.COM."), "xn--bcher-kva.example.com");
  EXPECT_EQ(normalise_host("bu\xcc\x88" "cher.example.com"), "xn--bcher-kva.example.com");
  EXPECT_EQ(normalise_host("fa\xc3\x9f" ".de"), "xn--fa-hia.de");
  EXPECT_EQ(normalise_host("b\xc3\xbc" "cher.example\xe3\x80\x82"), "xn--bcher-kva.example");  // ideographic stop
  auto u = parse_reference_host("b\xc3\xbc" "cher.example.com");
  ASSERT_TRUE(u.ok()) << u.error().message;
  EXPECT_EQ(u->text, "xn--bcher-kva.example.com");
  EXPECT_TRUE(is_ip_address("192.0.2.1"));
  EXPECT_TRUE(is_ip_address("2001:db8::1"));
  EXPECT_TRUE(is_ip_address("[::1]"));
  EXPECT_FALSE(is_ip_address("sip.contoso.com"));
  EXPECT_FALSE(is_ip_address("1.2.3"));
  auto r = parse_reference_host("2001:DB8:0:0:0:0:0:1");
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->text, "2001:db8::1");
  EXPECT_EQ(r->ip.size(), 16U);
  r = parse_reference_host("2001:db8:0:1:0:0:0:1");
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->text, "2001:db8:0:1::1");  // RFC 5952: the longest run is compressed
}

// --- wildcard-only coverage ------------------------------------------------------------------

TEST(MatchWildcard, OnlyByWildcard) {
  // S-01: the SRV target sip.mslync.net is covered only by *.mslync.net.
  auto m = match("sip.mslync.net", names_of({"dns:pool01.mslync.local", "dns:*.mslync.net"}),
                 NamePolicy{kLeft, kFallback});
  EXPECT_TRUE(m.matched);
  EXPECT_TRUE(m.only_by_wildcard());
  m = match("sip.mslync.net", names_of({"dns:*.mslync.net", "dns:sip.mslync.net"}), NamePolicy{kLeft, kFallback});
  EXPECT_TRUE(m.matched);
  EXPECT_FALSE(m.only_by_wildcard());
  m = match("sip.mslync.net", names_of({"dns:*.mslync.net"}), NamePolicy{kNoWild, kFallback});
  EXPECT_FALSE(m.only_by_wildcard());  // not matched at all
}

TEST(SanCoverageTest, WildcardOnly) {
  const auto c = san_coverage("sip.mslync.net", names_of({"dns:pool01.mslync.local", "dns:*.mslync.net"}));
  EXPECT_TRUE(c.only_wildcard());
  EXPECT_FALSE(c.explicit_entry.has_value());
  ASSERT_TRUE(c.covering_wildcard.has_value());
  EXPECT_EQ(*c.covering_wildcard, 1U);
  EXPECT_FALSE(c.wildcard_before_explicit());
}

TEST(SanCoverageTest, WildcardBeforeExplicit) {
  // W-11: strict devices fail on a leading wildcard even when the FQDN is listed later.
  auto c = san_coverage("sip.contoso.com", names_of({"dns:*.contoso.com", "dns:sip.contoso.com"}));
  EXPECT_TRUE(c.wildcard_before_explicit());
  EXPECT_FALSE(c.only_wildcard());
  EXPECT_EQ(c.explicit_entry.value_or(99), 1U);
  // Any wildcard counts, even one for another domain.
  c = san_coverage("sip.contoso.com", names_of({"dns:*.fabrikam.com", "dns:sip.contoso.com"}));
  EXPECT_TRUE(c.wildcard_before_explicit());
  EXPECT_FALSE(c.covering_wildcard.has_value());
  c = san_coverage("sip.contoso.com", names_of({"dns:sip.contoso.com", "dns:*.contoso.com"}));
  EXPECT_FALSE(c.wildcard_before_explicit());
  // Indexes count every SAN entry, IP ones included.
  c = san_coverage("SIP.contoso.com.", names_of({"ip:192.0.2.1", "dns:*.contoso.com", "dns:sip.contoso.com"}));
  EXPECT_EQ(c.first_wildcard.value_or(99), 1U);
  EXPECT_EQ(c.explicit_entry.value_or(99), 2U);
}

TEST(SanCoverageTest, IpHostHasNoDnsCoverage) {
  const auto c = san_coverage("192.0.2.1", names_of({"dns:192.0.2.1", "dns:*.contoso.com"}));
  EXPECT_FALSE(c.explicit_entry.has_value());
  EXPECT_FALSE(c.covering_wildcard.has_value());
  EXPECT_EQ(c.first_wildcard.value_or(99), 1U);
}

TEST(MatchEntries, EmbeddedNulNeverMatches) {
  // The 2009 NUL-prefix attack: "sip.contoso.com\0.evil.example" must not match sip.contoso.com.
  PresentedNames n;
  pki::GeneralName g;
  g.type = GeneralNameType::kDns;
  g.value = std::string("sip.contoso.com\0.evil.example", 30);
  n.subject_alt_names.push_back(g);
  n.common_names.push_back(g.value);
  const auto m = match("sip.contoso.com", n, NamePolicy{kLeft, kAlways});
  EXPECT_FALSE(m.matched);
  ASSERT_EQ(m.entries.size(), 2U);
  for (const auto& e : m.entries) EXPECT_EQ(e.reason, Reason::kInvalidEntry) << e.why;
}

TEST(ReasonIds, AreDistinct) {
  std::vector<std::string_view> ids;
  for (int r = static_cast<int>(Reason::kMatched); r <= static_cast<int>(Reason::kSanNotConsulted); ++r)
    ids.push_back(reason_id(static_cast<Reason>(r)));
  for (std::size_t i = 0; i < ids.size(); ++i)
    for (std::size_t j = i + 1; j < ids.size(); ++j) EXPECT_NE(ids[i], ids[j]);
}

}  // namespace
}  // namespace uccert::names

namespace uccert::names {
namespace {

// Hostile names: random bytes as host and entries never crash, and the verdict stays coherent.
TEST(HostileNames, RandomInputs) {
  std::uint32_t seed = 777;
  auto next = [&seed] {
    seed = seed * 1664525U + 1013904223U;
    return seed >> 8;
  };
  const std::string alphabet = "ab*.-_:[]%0129xn\xc3\xbc \x01";
  auto random_name = [&] {
    std::string s;
    const auto len = next() % 24;
    for (std::uint32_t i = 0; i < len; ++i) s.push_back(alphabet[next() % alphabet.size()]);
    return s;
  };
  for (int i = 0; i < 3000; ++i) {
    PresentedNames n;
    for (int e = 0; e < 3; ++e) {
      pki::GeneralName g;
      g.type = (next() % 4 == 0) ? pki::GeneralNameType::kIp : pki::GeneralNameType::kDns;
      g.value = random_name();
      n.subject_alt_names.push_back(g);
    }
    n.common_names.push_back(random_name());
    const NamePolicy policy{static_cast<Wildcards>(next() % 3), static_cast<CommonName>(next() % 4)};
    const auto m = match(random_name(), n, policy);
    EXPECT_EQ(m.matched, m.matching() != nullptr);
    if (!m.host_error.empty()) {
      EXPECT_TRUE(m.entries.empty());
    }
    (void)san_coverage(random_name(), n);
  }
}

}  // namespace
}  // namespace uccert::names
