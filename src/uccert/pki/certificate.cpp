// Decoding one DER certificate into the immutable Certificate view. OpenSSL does the ASN.1;
// this file only copies what it decoded into plain values and records what it had to tolerate
// (DecodeNote ids) so that verify/ can judge it. Hostile input must never crash: every OpenSSL
// getter below may return null and is checked.
#include "uccert/pki/certificate.h"
#include "uccert/pki/x509_fields.h"

#include <arpa/inet.h>
#include <openssl/asn1.h>
#include <openssl/err.h>
#include <openssl/objects.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <cstdio>
#include <limits>
#include <map>
#include <mutex>
#include <set>
#include <utility>

#include "uccert/pki/bounded_cache.h"
#include "uccert/pki/handles.h"

namespace uccert::pki {

namespace {

using Asn1StringPtr = OpenSslPtr<ASN1_STRING, ASN1_STRING_free>;

std::string hex_upper(const std::uint8_t* p, std::size_t n) {
  static constexpr char kDigits[] = "0123456789ABCDEF";
  std::string out;
  out.reserve(n * 2);
  for (std::size_t i = 0; i < n; ++i) {
    out.push_back(kDigits[p[i] >> 4]);
    out.push_back(kDigits[p[i] & 0xF]);
  }
  return out;
}

Bytes to_bytes(const ASN1_STRING* s) {
  if (s == nullptr) return {};
  const unsigned char* d = ASN1_STRING_get0_data(s);
  int n = ASN1_STRING_length(s);
  if (d == nullptr || n <= 0) return {};
  return Bytes(d, d + n);
}

std::string to_raw_string(const ASN1_STRING* s) {
  if (s == nullptr) return {};
  const unsigned char* d = ASN1_STRING_get0_data(s);
  int n = ASN1_STRING_length(s);
  if (d == nullptr || n <= 0) return {};
  return std::string(reinterpret_cast<const char*>(d), static_cast<std::size_t>(n));
}

std::string oid_text(const ASN1_OBJECT* obj) {
  if (obj == nullptr) return {};
  char buf[256];
  int n = OBJ_obj2txt(buf, sizeof buf, obj, 1);
  if (n <= 0) return {};
  if (static_cast<std::size_t>(n) >= sizeof buf) {
    // Longer than the buffer: ask again with the exact size.
    std::string big(static_cast<std::size_t>(n) + 1, '\0');
    OBJ_obj2txt(big.data(), n + 1, obj, 1);
    big.resize(static_cast<std::size_t>(n));
    return big;
  }
  return std::string(buf, static_cast<std::size_t>(n));
}

std::string short_name_or_oid(const ASN1_OBJECT* obj) {
  int nid = OBJ_obj2nid(obj);
  if (nid != NID_undef) {
    const char* sn = OBJ_nid2sn(nid);
    if (sn != nullptr) return sn;
  }
  return oid_text(obj);
}

// UTF-8 of any directory string; falls back to the raw bytes in hex when OpenSSL cannot convert.
std::string to_utf8(const ASN1_STRING* s) {
  if (s == nullptr) return {};
  unsigned char* out = nullptr;
  int n = ASN1_STRING_to_UTF8(&out, s);
  if (n < 0 || out == nullptr) {
    ERR_clear_error();
    Bytes b = to_bytes(s);
    return "#" + hex_upper(b.data(), b.size());
  }
  std::string r(reinterpret_cast<const char*>(out), static_cast<std::size_t>(n));
  OPENSSL_free(out);
  return r;
}

template <class T, class F>
Bytes i2d_bytes(const T* v, F i2d) {
  if (v == nullptr) return {};
  unsigned char* out = nullptr;
  int n = i2d(v, &out);
  if (n <= 0 || out == nullptr) {
    ERR_clear_error();
    return {};
  }
  Bytes r(out, out + n);
  OPENSSL_free(out);
  return r;
}

// ---------------------------------------------------------------- time

// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's days_from_civil):
// no timegm, no time_t range limits, exact for year 9999.
std::int64_t days_from_civil(std::int64_t y, unsigned m, unsigned d) {
  y -= m <= 2 ? 1 : 0;
  const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
  const auto yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<std::int64_t>(doe) - 719468;
}

struct Civil {
  std::int64_t y;
  unsigned m, d;
};

Civil civil_from_days(std::int64_t z) {
  z += 719468;
  const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const auto doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const std::int64_t y = static_cast<std::int64_t>(yoe) + era * 400;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  const unsigned d = doy - (153 * mp + 2) / 5 + 1;
  const unsigned m = mp < 10 ? mp + 3 : mp - 9;
  return {y + (m <= 2 ? 1 : 0), m, d};
}

std::int64_t unix_from_fields(std::int64_t y, unsigned mo, unsigned d, unsigned h, unsigned mi, unsigned s) {
  return days_from_civil(y, mo, d) * 86400 + h * 3600 + mi * 60 + s;
}

bool all_digits(std::string_view s) {
  return std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

unsigned num(std::string_view s) {
  unsigned v = 0;
  for (char c : s) v = v * 10 + static_cast<unsigned>(c - '0');
  return v;
}

unsigned days_in_month(std::int64_t y, unsigned m) {
  static constexpr std::array<unsigned, 12> kDays = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0)) return 29;
  return kDays[m - 1];
}

// Strict RFC 5280 4.1.2.5 decoding: UTCTime YYMMDDHHMMSSZ, GeneralizedTime YYYYMMDDHHMMSSZ.
// Anything else (no seconds, fractions, offsets) is recorded as encoding.time-format and decoded
// leniently with OpenSSL when possible.
std::optional<UnixTime> decode_time(const ASN1_TIME* t, const char* which, std::vector<DecodeNote>& notes) {
  if (t == nullptr) {
    notes.push_back({"encoding.time-format", std::string(which) + " missing"});
    return std::nullopt;
  }
  std::string s = to_raw_string(t);
  int type = ASN1_STRING_type(t);
  if (type == V_ASN1_UTCTIME) {
    if (s.size() == 13 && s[12] == 'Z' && all_digits(std::string_view(s).substr(0, 12))) {
      unsigned yy = num(std::string_view(s).substr(0, 2));
      std::int64_t y = yy >= 50 ? 1900 + yy : 2000 + yy;
      unsigned mo = num(std::string_view(s).substr(2, 2)), d = num(std::string_view(s).substr(4, 2));
      unsigned h = num(std::string_view(s).substr(6, 2)), mi = num(std::string_view(s).substr(8, 2));
      unsigned sec = num(std::string_view(s).substr(10, 2));
      if (mo >= 1 && mo <= 12 && d >= 1 && d <= days_in_month(y, mo) && h < 24 && mi < 60 && sec < 60)
        return unix_from_fields(y, mo, d, h, mi, sec);
    }
  } else if (type == V_ASN1_GENERALIZEDTIME) {
    if (s.size() == 15 && s[14] == 'Z' && all_digits(std::string_view(s).substr(0, 14))) {
      std::int64_t y = num(std::string_view(s).substr(0, 4));
      unsigned mo = num(std::string_view(s).substr(4, 2)), d = num(std::string_view(s).substr(6, 2));
      unsigned h = num(std::string_view(s).substr(8, 2)), mi = num(std::string_view(s).substr(10, 2));
      unsigned sec = num(std::string_view(s).substr(12, 2));
      if (mo >= 1 && mo <= 12 && d >= 1 && d <= days_in_month(y, mo) && h < 24 && mi < 60 && sec < 60) {
        // RFC 5280 4.1.2.5: dates through 2049 MUST be UTCTime.
        if (y < 2050)
          notes.push_back({"encoding.time-generalized-before-2050", std::string(which) + " " + s});
        return unix_from_fields(y, mo, d, h, mi, sec);
      }
    }
  }
  notes.push_back({"encoding.time-format", std::string(which) + " is not a valid RFC 5280 time: \"" + s + "\""});
  struct tm tm {};
  if (ASN1_TIME_to_tm(t, &tm) == 1) {
    return unix_from_fields(static_cast<std::int64_t>(tm.tm_year) + 1900, static_cast<unsigned>(tm.tm_mon + 1),
                            static_cast<unsigned>(tm.tm_mday), static_cast<unsigned>(tm.tm_hour),
                            static_cast<unsigned>(tm.tm_min), static_cast<unsigned>(tm.tm_sec));
  }
  ERR_clear_error();
  return std::nullopt;
}

// ---------------------------------------------------------------- names

// RFC 5280 7.1 / OpenSSL x509_name_canon: directory strings compared as UTF-8 with leading and
// trailing white space removed, inner runs folded to one space, ASCII letters lower-cased.
Bytes canonical_value(const ASN1_STRING* s) {
  Bytes out;
  int type = ASN1_STRING_type(s);
  bool is_text = type == V_ASN1_UTF8STRING || type == V_ASN1_BMPSTRING || type == V_ASN1_UNIVERSALSTRING ||
                 type == V_ASN1_PRINTABLESTRING || type == V_ASN1_T61STRING || type == V_ASN1_IA5STRING ||
                 type == V_ASN1_VISIBLESTRING;
  if (!is_text) {
    out.push_back(static_cast<std::uint8_t>(type & 0xFF));
    Bytes raw = to_bytes(s);
    out.insert(out.end(), raw.begin(), raw.end());
    return out;
  }
  out.push_back(0);  // all text types compare alike
  std::string u = to_utf8(s);
  auto is_space = [](char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; };
  std::size_t b = 0, e = u.size();
  while (b < e && is_space(u[b])) ++b;
  while (e > b && is_space(u[e - 1])) --e;
  bool in_space = false;
  for (std::size_t i = b; i < e; ++i) {
    char c = u[i];
    if (is_space(c)) {
      if (!in_space) out.push_back(' ');
      in_space = true;
      continue;
    }
    in_space = false;
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    out.push_back(static_cast<std::uint8_t>(c));
  }
  return out;
}

void append_len_prefixed(Bytes& out, const Bytes& v) {
  std::uint32_t n = static_cast<std::uint32_t>(v.size());
  for (int sh = 24; sh >= 0; sh -= 8) out.push_back(static_cast<std::uint8_t>((n >> sh) & 0xFF));
  out.insert(out.end(), v.begin(), v.end());
}

std::vector<Bytes> canonical_rdns_of_name(const X509_NAME* name) {
  std::vector<Bytes> rdns;
  int count = X509_NAME_entry_count(name);
  std::vector<Bytes> current;
  int current_set = -1;
  auto flush = [&]() {
    if (current.empty()) return;
    // A multi-valued RDN is a SET: order is not meaningful. (An explicit byte loop: GCC 12 at -O3
    // reports a false stringop-overread in the memcmp behind vector's operator<.)
    std::sort(current.begin(), current.end(), [](const Bytes& a, const Bytes& b) {
      const std::size_t n = std::min(a.size(), b.size());
      for (std::size_t k = 0; k < n; ++k)
        if (a[k] != b[k]) return a[k] < b[k];
      return a.size() < b.size();
    });
    Bytes rdn;
    for (const auto& e : current) append_len_prefixed(rdn, e);
    rdns.push_back(std::move(rdn));
    current.clear();
  };
  for (int i = 0; i < count; ++i) {
    const X509_NAME_ENTRY* e = X509_NAME_get_entry(name, i);
    if (e == nullptr) continue;
    int set = X509_NAME_ENTRY_set(e);
    if (set != current_set) flush();
    current_set = set;
    Bytes one;
    std::string oid = oid_text(X509_NAME_ENTRY_get_object(e));
    append_len_prefixed(one, Bytes(oid.begin(), oid.end()));
    append_len_prefixed(one, canonical_value(X509_NAME_ENTRY_get_data(e)));
    current.push_back(std::move(one));
  }
  flush();
  return rdns;
}

std::string name_text(const X509_NAME* name) {
  BioPtr bio(BIO_new(BIO_s_mem()));
  if (!bio) return {};
  const unsigned long flags = (XN_FLAG_RFC2253 & ~ASN1_STRFLGS_ESC_MSB & ~XN_FLAG_SEP_MASK) | XN_FLAG_SEP_CPLUS_SPC;
  if (X509_NAME_print_ex(bio.get(), name, 0, flags) < 0) {
    ERR_clear_error();
    return {};
  }
  char* data = nullptr;
  long n = BIO_get_mem_data(bio.get(), &data);
  if (n <= 0 || data == nullptr) return {};
  return std::string(data, static_cast<std::size_t>(n));
}

DistinguishedName decode_name(const X509_NAME* name) {
  DistinguishedName dn;
  if (name == nullptr) return dn;
  dn.text = name_text(name);
  int count = X509_NAME_entry_count(name);
  for (int i = 0; i < count; ++i) {
    const X509_NAME_ENTRY* e = X509_NAME_get_entry(name, i);
    if (e == nullptr) continue;
    const ASN1_OBJECT* obj = X509_NAME_ENTRY_get_object(e);
    dn.attributes.push_back({oid_text(obj), short_name_or_oid(obj), to_utf8(X509_NAME_ENTRY_get_data(e))});
  }
  dn.der = i2d_bytes(name, [](const X509_NAME* n, unsigned char** out) { return i2d_X509_NAME(n, out); });
  dn.canonical_rdns = canonical_rdns_of_name(name);
  for (const auto& r : dn.canonical_rdns) append_len_prefixed(dn.canonical, r);
  return dn;
}

std::string ip_text(const unsigned char* p, int n) {
  char buf[INET6_ADDRSTRLEN] = {};
  if (n == 4 && inet_ntop(AF_INET, p, buf, sizeof buf) != nullptr) return buf;
  if (n == 16 && inet_ntop(AF_INET6, p, buf, sizeof buf) != nullptr) return buf;
  return "#" + hex_upper(p, static_cast<std::size_t>(n > 0 ? n : 0));
}

// Prefix length of a contiguous mask, or -1.
int prefix_length(const unsigned char* m, int n) {
  int bits = 0;
  bool ended = false;
  for (int i = 0; i < n; ++i) {
    for (int b = 7; b >= 0; --b) {
      bool one = (m[i] >> b) & 1;
      if (one && ended) return -1;
      if (one) ++bits;
      else ended = true;
    }
  }
  return bits;
}

GeneralName decode_general_name(const GENERAL_NAME* g, bool in_constraint) {
  GeneralName out;
  if (g == nullptr) {
    out.type = GeneralNameType::kOther;
    return out;
  }
  switch (g->type) {
    case GEN_DNS:
      out.type = GeneralNameType::kDns;
      out.value = to_raw_string(g->d.dNSName);
      break;
    case GEN_URI:
      out.type = GeneralNameType::kUri;
      out.value = to_raw_string(g->d.uniformResourceIdentifier);
      break;
    case GEN_EMAIL:
      out.type = GeneralNameType::kEmail;
      out.value = to_raw_string(g->d.rfc822Name);
      break;
    case GEN_IPADD: {
      out.type = GeneralNameType::kIp;
      out.raw = to_bytes(g->d.iPAddress);
      int n = static_cast<int>(out.raw.size());
      if (in_constraint && (n == 8 || n == 32)) {
        int half = n / 2;
        int prefix = prefix_length(out.raw.data() + half, half);
        out.value = ip_text(out.raw.data(), half) + "/" +
                    (prefix >= 0 ? std::to_string(prefix) : ip_text(out.raw.data() + half, half));
      } else {
        out.value = ip_text(out.raw.data(), n);
      }
      break;
    }
    case GEN_DIRNAME: {
      out.type = GeneralNameType::kDirectoryName;
      if (g->d.directoryName != nullptr) {
        DistinguishedName dn = decode_name(g->d.directoryName);
        out.value = dn.text;
        out.raw = std::move(dn.der);
        out.canonical_rdns = std::move(dn.canonical_rdns);
      }
      break;
    }
    case GEN_OTHERNAME: {
      out.type = GeneralNameType::kOther;
      if (g->d.otherName != nullptr) {
        out.other_name_oid = oid_text(g->d.otherName->type_id);
        out.raw = i2d_bytes(g->d.otherName->value,
                            [](const ASN1_TYPE* t, unsigned char** o) { return i2d_ASN1_TYPE(t, o); });
        out.value = out.other_name_oid + ":" + hex_upper(out.raw.data(), out.raw.size());
      }
      break;
    }
    case GEN_RID:
      out.type = GeneralNameType::kRegisteredId;
      out.value = oid_text(g->d.registeredID);
      break;
    case GEN_X400:
      out.type = GeneralNameType::kX400;
      break;
    case GEN_EDIPARTY:
      out.type = GeneralNameType::kEdiParty;
      break;
    default:
      out.type = GeneralNameType::kOther;
      break;
  }
  return out;
}

std::string general_name_text(const GeneralName& g) {
  switch (g.type) {
    case GeneralNameType::kDns: return "DNS:" + g.value;
    case GeneralNameType::kUri: return g.value;
    case GeneralNameType::kEmail: return "email:" + g.value;
    case GeneralNameType::kIp: return "IP:" + g.value;
    case GeneralNameType::kDirectoryName: return "DirName:" + g.value;
    default: return g.value;
  }
}

// ---------------------------------------------------------------- algorithms

std::string digest_name(int md_nid) {
  if (md_nid == NID_undef) return {};
  const char* sn = OBJ_nid2sn(md_nid);
  if (sn == nullptr) return {};
  std::string s = sn;
  std::string out;
  for (char c : s)
    if (c != '-') out.push_back(static_cast<char>(std::toupper(static_cast<unsigned char>(c))));
  return out;  // "SHA256", "SHA1", "MD5", "SHA512"...
}

SignatureAlgorithm decode_sigalg(const X509_ALGOR* alg, const X509* x, bool outer) {
  SignatureAlgorithm out;
  if (alg == nullptr) return out;
  const ASN1_OBJECT* obj = nullptr;
  X509_ALGOR_get0(&obj, nullptr, nullptr, alg);
  out.oid = oid_text(obj);
  int nid = OBJ_obj2nid(obj);
  if (nid != NID_undef) {
    const char* ln = OBJ_nid2ln(nid);
    out.name = ln != nullptr ? ln : out.oid;
  } else {
    out.name = out.oid;
  }
  out.pss = nid == NID_rsassaPss;
  int md = NID_undef, pk = NID_undef;
  if (nid != NID_undef && OBJ_find_sigid_algs(nid, &md, &pk) == 1 && md != NID_undef) {
    out.digest = digest_name(md);
  } else if (out.pss && outer) {
    // PSS carries its digest in the parameters; OpenSSL decodes them for the outer algorithm.
    int mdnid = NID_undef, pknid = NID_undef, secbits = 0;
    uint32_t flags = 0;
    if (X509_get_signature_info(const_cast<X509*>(x), &mdnid, &pknid, &secbits, &flags) == 1)
      out.digest = digest_name(mdnid);
    ERR_clear_error();
  }
  return out;
}

// ---------------------------------------------------------------- extensions

template <class T>
struct ExtDeleter;
#define UCCERT_EXT_DELETER(T, F) \
  template <>                    \
  struct ExtDeleter<T> {         \
    void operator()(T* p) const noexcept { F(p); } \
  };
// ASN1_BIT_STRING, ASN1_OCTET_STRING and ASN1_INTEGER are all ASN1_STRING.
UCCERT_EXT_DELETER(ASN1_STRING, ASN1_STRING_free)
UCCERT_EXT_DELETER(EXTENDED_KEY_USAGE, EXTENDED_KEY_USAGE_free)
UCCERT_EXT_DELETER(BASIC_CONSTRAINTS, BASIC_CONSTRAINTS_free)
UCCERT_EXT_DELETER(NAME_CONSTRAINTS, NAME_CONSTRAINTS_free)
UCCERT_EXT_DELETER(AUTHORITY_KEYID, AUTHORITY_KEYID_free)
UCCERT_EXT_DELETER(AUTHORITY_INFO_ACCESS, AUTHORITY_INFO_ACCESS_free)
UCCERT_EXT_DELETER(CRL_DIST_POINTS, CRL_DIST_POINTS_free)
UCCERT_EXT_DELETER(CERTIFICATEPOLICIES, CERTIFICATEPOLICIES_free)
UCCERT_EXT_DELETER(POLICY_CONSTRAINTS, POLICY_CONSTRAINTS_free)
inline void free_policy_mappings(POLICY_MAPPINGS* p) { sk_POLICY_MAPPING_pop_free(p, POLICY_MAPPING_free); }
UCCERT_EXT_DELETER(POLICY_MAPPINGS, free_policy_mappings)
UCCERT_EXT_DELETER(GENERAL_NAMES, GENERAL_NAMES_free)
#undef UCCERT_EXT_DELETER

template <class T>
using ExtPtr = std::unique_ptr<T, ExtDeleter<T>>;

// The decoded value of the one extension with `nid`, or null. A present but undecodable
// extension is recorded; `critical` reports its flag either way.
template <class T>
ExtPtr<T> get_ext(const X509* x, int nid, bool& present, bool& critical, std::vector<DecodeNote>& notes) {
  present = X509_get_ext_by_NID(x, nid, -1) >= 0;
  critical = false;
  if (!present) return nullptr;
  int crit = 0;
  void* v = X509_get_ext_d2i(x, nid, &crit, nullptr);
  if (crit == -2) {
    // Duplicates are recorded once for all extensions in decode_extensions; decode the first.
    int idx = X509_get_ext_by_NID(x, nid, -1);
    X509_EXTENSION* ext = X509_get_ext(x, idx);
    critical = ext != nullptr && X509_EXTENSION_get_critical(ext) != 0;
    v = ext != nullptr ? X509V3_EXT_d2i(ext) : nullptr;
  } else {
    critical = crit == 1;
  }
  if (v == nullptr) {
    ERR_clear_error();
    const char* sn = OBJ_nid2sn(nid);
    ASN1_OBJECT* o = OBJ_nid2obj(nid);
    notes.push_back({"encoding.extension-undecodable:" + oid_text(o),
                     std::string(sn != nullptr ? sn : "extension") + " could not be decoded"});
    return nullptr;
  }
  return ExtPtr<T>(static_cast<T*>(v));
}

std::optional<std::int64_t> integer_value(const ASN1_INTEGER* i) {
  if (i == nullptr) return std::nullopt;
  int64_t v = 0;
  if (ASN1_INTEGER_get_int64(&v, i) != 1) {
    ERR_clear_error();
    return std::numeric_limits<std::int64_t>::max();  // too large to matter: treat as unbounded
  }
  return v;
}

// Signature checks, keyed by (subject DER hash, issuer DER hash): a chain checks each pair once,
// bulk runs reuse intermediates.
BoundedCache<SignatureCheck>& signature_cache() {
  static BoundedCache<SignatureCheck> cache(4096);
  return cache;
}

// Decoded certificates, keyed by the SHA-256 of the bytes given to from_der: an intermediate or
// root shared by many chains (a directory of chains, a trust file that also holds the target) is
// decoded once per run. Decoding is ~150 µs, most of it the public key; the hash is ~2 µs.
BoundedCache<std::shared_ptr<const Certificate>>& decoded_cache() {
  static BoundedCache<std::shared_ptr<const Certificate>> cache(2048);
  return cache;
}

std::string sha256_key(std::span<const std::uint8_t> bytes) {
  unsigned char md[EVP_MAX_MD_SIZE];
  unsigned int n = 0;
  if (EVP_Digest(bytes.data(), bytes.size(), md, &n, EVP_sha256(), nullptr) != 1) {
    ERR_clear_error();
    return {};
  }
  return std::string(reinterpret_cast<const char*>(md), n);
}

}  // namespace

// ---------------------------------------------------------------- Certificate

struct Certificate::Impl {
  X509Ptr x509;
};

Certificate::Certificate() : impl_(std::make_unique<Impl>()) {}
Certificate::~Certificate() = default;

X509* Certificate::x509() const { return impl_->x509.get(); }

EVP_PKEY* Certificate::public_key_handle() const {
  // OpenSSL decodes the key once when the certificate is parsed and keeps it in the X509.
  EVP_PKEY* k = X509_get0_pubkey(impl_->x509.get());
  if (k == nullptr) ERR_clear_error();
  return k;
}

const Extension* Certificate::find_extension(std::string_view oid) const {
  for (const auto& e : extensions)
    if (e.oid == oid) return &e;
  return nullptr;
}

std::vector<std::string> KeyUsage::names() const {
  static constexpr std::array<const char*, 9> kNames = {
      "digitalSignature", "nonRepudiation", "keyEncipherment", "dataEncipherment", "keyAgreement",
      "keyCertSign",      "cRLSign",        "encipherOnly",    "decipherOnly"};
  std::vector<std::string> out;
  for (int i = 0; i < 9; ++i)
    if ((bits >> i) & 1U) out.emplace_back(kNames[static_cast<std::size_t>(i)]);
  return out;
}

bool ExtendedKeyUsage::has(std::string_view oid) const {
  return std::find(oids.begin(), oids.end(), oid) != oids.end();
}

namespace {

void decode_extensions(Certificate& c, const X509* x) {
  auto& notes = c.decode_notes;
  std::set<std::string> seen;
  int n = X509_get_ext_count(x);
  for (int i = 0; i < n; ++i) {
    X509_EXTENSION* ext = X509_get_ext(x, i);
    if (ext == nullptr) continue;
    Extension e;
    const ASN1_OBJECT* obj = X509_EXTENSION_get_object(ext);
    e.oid = oid_text(obj);
    e.name = short_name_or_oid(obj);
    e.critical = X509_EXTENSION_get_critical(ext) != 0;
    e.value = to_bytes(X509_EXTENSION_get_data(ext));
    if (!seen.insert(e.oid).second)
      notes.push_back({"encoding.duplicate-extension", e.name + " appears more than once"});
    c.extensions.push_back(std::move(e));
  }
  if (n > 0 && c.version != 3) notes.push_back({"encoding.version", "extensions in a version " + std::to_string(c.version) + " certificate"});

  bool present = false, critical = false;

  if (auto san = get_ext<GENERAL_NAMES>(x, NID_subject_alt_name, present, critical, notes)) {
    for (int i = 0; i < sk_GENERAL_NAME_num(san.get()); ++i)
      c.subject_alt_names.push_back(decode_general_name(sk_GENERAL_NAME_value(san.get(), i), false));
  }
  c.has_san_extension = present;
  c.san_critical = critical;
  if (present && c.subject_alt_names.empty()) notes.push_back({"encoding.empty-san", "subjectAltName has no entries"});

  if (auto ku = get_ext<ASN1_BIT_STRING>(x, NID_key_usage, present, critical, notes)) {
    for (int b = 0; b < 9; ++b)
      if (ASN1_BIT_STRING_get_bit(ku.get(), b) != 0) c.key_usage.bits = static_cast<std::uint16_t>(c.key_usage.bits | (1U << b));
    if (c.key_usage.bits == 0) notes.push_back({"encoding.key-usage-empty", "keyUsage has no bit set"});
  }
  c.key_usage.present = present;
  c.key_usage.critical = critical;

  if (auto eku = get_ext<EXTENDED_KEY_USAGE>(x, NID_ext_key_usage, present, critical, notes)) {
    for (int i = 0; i < sk_ASN1_OBJECT_num(eku.get()); ++i) {
      const ASN1_OBJECT* o = sk_ASN1_OBJECT_value(eku.get(), i);
      c.extended_key_usage.oids.push_back(oid_text(o));
      c.extended_key_usage.names.push_back(short_name_or_oid(o));
    }
    if (c.extended_key_usage.oids.empty()) notes.push_back({"encoding.eku-empty", "extendedKeyUsage has no purpose"});
  }
  c.extended_key_usage.present = present;
  c.extended_key_usage.critical = critical;

  if (auto bc = get_ext<BASIC_CONSTRAINTS>(x, NID_basic_constraints, present, critical, notes)) {
    c.basic_constraints.ca = bc->ca != 0;
    if (bc->pathlen != nullptr) {
      if (ASN1_STRING_type(bc->pathlen) == V_ASN1_NEG_INTEGER) {
        notes.push_back({"encoding.pathlen-negative", "pathLenConstraint is negative"});
        c.basic_constraints.path_len = 0;
      } else {
        c.basic_constraints.path_len = integer_value(bc->pathlen);
      }
    }
  }
  c.basic_constraints.present = present;
  c.basic_constraints.critical = critical;

  if (auto nc = get_ext<NAME_CONSTRAINTS>(x, NID_name_constraints, present, critical, notes)) {
    auto take = [&](STACK_OF(GENERAL_SUBTREE) * s, std::vector<GeneralName>& into) {
      for (int i = 0; i < sk_GENERAL_SUBTREE_num(s); ++i) {
        const GENERAL_SUBTREE* st = sk_GENERAL_SUBTREE_value(s, i);
        if (st == nullptr) continue;
        if (st->maximum != nullptr || (st->minimum != nullptr && ASN1_INTEGER_get(st->minimum) != 0))
          c.name_constraints.has_min_max = true;
        into.push_back(decode_general_name(st->base, true));
      }
    };
    take(nc->permittedSubtrees, c.name_constraints.permitted);
    take(nc->excludedSubtrees, c.name_constraints.excluded);
    if ((nc->permittedSubtrees != nullptr && sk_GENERAL_SUBTREE_num(nc->permittedSubtrees) == 0) ||
        (nc->excludedSubtrees != nullptr && sk_GENERAL_SUBTREE_num(nc->excludedSubtrees) == 0))
      notes.push_back({"encoding.name-constraints-empty-subtrees", "nameConstraints has an empty list of subtrees (RFC 5280: SIZE (1..MAX))"});
    if (nc->permittedSubtrees == nullptr && nc->excludedSubtrees == nullptr)
      notes.push_back({"encoding.name-constraints-empty", "nameConstraints has neither permitted nor excluded subtrees"});
  }
  c.name_constraints.present = present;
  c.name_constraints.critical = critical;

  if (auto ski = get_ext<ASN1_OCTET_STRING>(x, NID_subject_key_identifier, present, critical, notes)) {
    c.subject_key_id = to_bytes(ski.get());
    if (critical) notes.push_back({"encoding.ski-critical", "subjectKeyIdentifier is marked critical"});
  }

  if (auto aki = get_ext<AUTHORITY_KEYID>(x, NID_authority_key_identifier, present, critical, notes)) {
    c.authority_key_id = to_bytes(aki->keyid);
    c.authority_key_id_has_issuer_serial = aki->issuer != nullptr || aki->serial != nullptr;
  }
  c.has_authority_key_id = present;
  c.authority_key_id_critical = critical;

  if (auto aia = get_ext<AUTHORITY_INFO_ACCESS>(x, NID_info_access, present, critical, notes)) {
    for (int i = 0; i < sk_ACCESS_DESCRIPTION_num(aia.get()); ++i) {
      const ACCESS_DESCRIPTION* ad = sk_ACCESS_DESCRIPTION_value(aia.get(), i);
      if (ad == nullptr) continue;
      std::string loc = general_name_text(decode_general_name(ad->location, false));
      int m = OBJ_obj2nid(ad->method);
      if (m == NID_ad_OCSP) c.authority_info_access.ocsp.push_back(loc);
      else if (m == NID_ad_ca_issuers) c.authority_info_access.ca_issuers.push_back(loc);
    }
  }

  if (auto cdp = get_ext<CRL_DIST_POINTS>(x, NID_crl_distribution_points, present, critical, notes)) {
    for (int i = 0; i < sk_DIST_POINT_num(cdp.get()); ++i) {
      const DIST_POINT* dp = sk_DIST_POINT_value(cdp.get(), i);
      if (dp == nullptr || dp->distpoint == nullptr) continue;
      if (dp->distpoint->type == 0 && dp->distpoint->name.fullname != nullptr) {
        for (int j = 0; j < sk_GENERAL_NAME_num(dp->distpoint->name.fullname); ++j)
          c.crl_distribution_points.push_back(
              general_name_text(decode_general_name(sk_GENERAL_NAME_value(dp->distpoint->name.fullname, j), false)));
      }
    }
  }

  if (auto pol = get_ext<CERTIFICATEPOLICIES>(x, NID_certificate_policies, present, critical, notes)) {
    std::set<std::string> seen_pol;
    for (int i = 0; i < sk_POLICYINFO_num(pol.get()); ++i) {
      const POLICYINFO* pi = sk_POLICYINFO_value(pol.get(), i);
      if (pi == nullptr) continue;
      PolicyInformation info;
      info.oid = oid_text(pi->policyid);
      if (!seen_pol.insert(info.oid).second)
        notes.push_back({"encoding.duplicate-policy", "policy " + info.oid + " appears more than once"});
      for (int j = 0; j < sk_POLICYQUALINFO_num(pi->qualifiers); ++j) {
        const POLICYQUALINFO* q = sk_POLICYQUALINFO_value(pi->qualifiers, j);
        if (q != nullptr && OBJ_obj2nid(q->pqualid) == NID_id_qt_cps && q->d.cpsuri != nullptr)
          info.cps_uris.push_back(to_raw_string(q->d.cpsuri));
      }
      c.policies.push_back(std::move(info));
    }
  }

  if (auto pc = get_ext<POLICY_CONSTRAINTS>(x, NID_policy_constraints, present, critical, notes)) {
    c.policy_constraints.require_explicit_policy = integer_value(pc->requireExplicitPolicy);
    c.policy_constraints.inhibit_policy_mapping = integer_value(pc->inhibitPolicyMapping);
    if (pc->requireExplicitPolicy == nullptr && pc->inhibitPolicyMapping == nullptr)
      notes.push_back({"encoding.policy-constraints-empty", "policyConstraints is empty"});
  }
  c.policy_constraints.present = present;
  c.policy_constraints.critical = critical;

  if (auto pm = get_ext<POLICY_MAPPINGS>(x, NID_policy_mappings, present, critical, notes)) {
    for (int i = 0; i < sk_POLICY_MAPPING_num(pm.get()); ++i) {
      const POLICY_MAPPING* m = sk_POLICY_MAPPING_value(pm.get(), i);
      if (m == nullptr) continue;
      c.policy_mappings.push_back({oid_text(m->issuerDomainPolicy), oid_text(m->subjectDomainPolicy)});
    }
  }

  if (auto iap = get_ext<ASN1_INTEGER>(x, NID_inhibit_any_policy, present, critical, notes))
    c.inhibit_any_policy = integer_value(iap.get());

  c.has_sct_list = X509_get_ext_by_NID(x, NID_ct_precert_scts, -1) >= 0;
  ERR_clear_error();
}

void decode_public_key(Certificate& c, const X509* x) {
  X509_PUBKEY* pub = X509_get_X509_PUBKEY(x);
  if (pub == nullptr) {
    c.public_key.decodable = false;
    return;
  }
  c.public_key.spki = i2d_bytes(pub, [](const X509_PUBKEY* p, unsigned char** o) { return i2d_X509_PUBKEY(p, o); });
  ASN1_OBJECT* alg_obj = nullptr;
  X509_ALGOR* alg = nullptr;
  if (X509_PUBKEY_get0_param(&alg_obj, nullptr, nullptr, &alg, pub) == 1 && alg_obj != nullptr) {
    int nid = OBJ_obj2nid(alg_obj);
    switch (nid) {
      case NID_rsaEncryption: c.public_key.algorithm = "RSA"; break;
      case NID_rsassaPss: c.public_key.algorithm = "RSASSA-PSS"; break;
      case NID_X9_62_id_ecPublicKey: c.public_key.algorithm = "EC"; break;
      case NID_ED25519: c.public_key.algorithm = "Ed25519"; break;
      case NID_ED448: c.public_key.algorithm = "Ed448"; break;
      case NID_dsa: c.public_key.algorithm = "DSA"; break;
      default: c.public_key.algorithm = oid_text(alg_obj); break;
    }
    if (nid == NID_X9_62_id_ecPublicKey && alg != nullptr) {
      int ptype = 0;
      const void* pval = nullptr;
      X509_ALGOR_get0(nullptr, &ptype, &pval, alg);
      if (ptype == V_ASN1_OBJECT && pval != nullptr) {
        int cn = OBJ_obj2nid(static_cast<const ASN1_OBJECT*>(pval));
        switch (cn) {
          case NID_X9_62_prime256v1: c.public_key.curve = "P-256"; break;
          case NID_secp384r1: c.public_key.curve = "P-384"; break;
          case NID_secp521r1: c.public_key.curve = "P-521"; break;
          default: c.public_key.curve = cn != NID_undef ? OBJ_nid2sn(cn) : oid_text(static_cast<const ASN1_OBJECT*>(pval)); break;
        }
      } else {
        c.public_key.curve = "explicit";
      }
    }
  }
  EVP_PKEY* key = X509_get0_pubkey(x);
  if (key == nullptr) {
    ERR_clear_error();
    c.public_key.decodable = false;
    return;
  }
  c.public_key.bits = EVP_PKEY_get_bits(key);
}

Status fill(Certificate& c, const X509* x) {
  auto& notes = c.decode_notes;
  long v = X509_get_version(x);
  if (v < 0 || v > 2) {
    notes.push_back({"encoding.version", "unknown version " + std::to_string(v + 1)});
    c.version = static_cast<int>(std::clamp(v + 1, 0L, 99L));
  } else {
    c.version = static_cast<int>(v + 1);
  }

  const ASN1_INTEGER* serial = X509_get0_serialNumber(x);
  if (serial != nullptr) {
    c.serial = to_bytes(serial);
    if (ASN1_STRING_type(serial) == V_ASN1_NEG_INTEGER)
      notes.push_back({"encoding.serial-negative", "serial number is negative"});
    bool zero = std::all_of(c.serial.begin(), c.serial.end(), [](std::uint8_t b) { return b == 0; });
    if (zero) notes.push_back({"encoding.serial-zero", "serial number is zero"});
    // OpenSSL stores the magnitude; the DER content adds a leading zero when the top bit is set.
    std::size_t der_len = c.serial.size() + ((!c.serial.empty() && (c.serial[0] & 0x80) != 0) ? 1 : 0);
    if (der_len > 20) notes.push_back({"encoding.serial-too-long", "serial number is " + std::to_string(der_len) + " octets (RFC 5280: at most 20)"});
    if (!c.serial.empty() && (c.serial[0] & 0x80) != 0 && ASN1_STRING_type(serial) != V_ASN1_NEG_INTEGER)
      c.serial.insert(c.serial.begin(), 0);
  }
  c.serial_hex = hex_upper(c.serial.data(), c.serial.size());

  c.subject = decode_name(X509_get_subject_name(x));
  c.issuer = decode_name(X509_get_issuer_name(x));
  for (const auto& a : c.subject.attributes) {
    if (a.oid == "2.5.4.3") c.subject_common_names.push_back(a.value);
    if (a.oid == "1.2.840.113549.1.9.1") c.subject_emails.push_back(a.value);
  }
  if (c.issuer.empty()) notes.push_back({"encoding.issuer-empty", "issuer name is empty"});

  auto nb = decode_time(X509_get0_notBefore(x), "notBefore", notes);
  auto na = decode_time(X509_get0_notAfter(x), "notAfter", notes);
  c.not_before = nb.value_or(std::numeric_limits<UnixTime>::max());
  c.not_after = na.value_or(std::numeric_limits<UnixTime>::min());

  const ASN1_BIT_STRING* sig = nullptr;
  const X509_ALGOR* outer = nullptr;
  X509_get0_signature(&sig, &outer, x);
  const X509_ALGOR* inner = X509_get0_tbs_sigalg(x);
  c.signature_algorithm = decode_sigalg(outer, x, true);
  c.tbs_signature_algorithm = decode_sigalg(inner, x, false);
  if (c.tbs_signature_algorithm.pss) c.tbs_signature_algorithm.digest = c.signature_algorithm.digest;
  if (outer != nullptr && inner != nullptr && X509_ALGOR_cmp(outer, inner) != 0)
    notes.push_back({"encoding.signature-algorithm-mismatch", "signatureAlgorithm differs from the one in TBSCertificate"});

  decode_public_key(c, x);
  decode_extensions(c, x);

  // OpenSSL's own verdict on the extensions it caches (bad basicConstraints, bad key
  // identifiers...): recorded, the specific checks live in verify/.
  uint32_t flags = X509_get_extension_flags(const_cast<X509*>(x));
  if ((flags & EXFLAG_INVALID) != 0) notes.push_back({"encoding.extensions-invalid", "OpenSSL flags the extensions as invalid"});
  ERR_clear_error();

  c.self_issued = !c.subject.canonical.empty() || !c.issuer.canonical.empty()
                      ? c.subject.canonical == c.issuer.canonical
                      : true;
  return Ok{};
}

void digests(Certificate& c) {
  unsigned char md[EVP_MAX_MD_SIZE];
  unsigned int n = 0;
  if (EVP_Digest(c.der().data(), c.der().size(), md, &n, EVP_sha1(), nullptr) == 1)
    c.sha1_thumbprint = hex_upper(md, n);
  if (EVP_Digest(c.der().data(), c.der().size(), md, &n, EVP_sha256(), nullptr) == 1) {
    c.sha256_thumbprint = hex_upper(md, n);
    c.der_sha256.assign(md, md + n);
  }
  ERR_clear_error();
}

}  // namespace

Result<std::shared_ptr<const Certificate>> Certificate::from_der(std::span<const std::uint8_t> der) {
  if (der.empty()) return Error{"empty certificate"};
  if (der.size() > static_cast<std::size_t>(std::numeric_limits<long>::max())) return Error{"certificate too large"};
  const std::string cache_key = sha256_key(der);
  if (!cache_key.empty()) {
    if (auto hit = decoded_cache().find(cache_key)) return *hit;
  }
  ERR_clear_error();
  const unsigned char* p = der.data();
  X509Ptr x(d2i_X509(nullptr, &p, static_cast<long>(der.size())));
  if (!x) {
    std::string why = drain_openssl_errors();
    return Error{"not a DER X.509 certificate" + (why.empty() ? std::string() : ": " + why)};
  }
  auto consumed = static_cast<std::size_t>(p - der.data());
  std::shared_ptr<Certificate> c(new Certificate());
  c->der_.assign(der.data(), der.data() + consumed);
  if (consumed != der.size())
    c->decode_notes.push_back({"encoding.trailing-data", std::to_string(der.size() - consumed) + " bytes after the certificate"});
  c->impl_->x509 = std::move(x);
  if (auto st = fill(*c, c->impl_->x509.get()); !st) return st.error();
  digests(*c);
  if (c->self_issued) c->self_signed = verify_signature(*c, *c).valid;
  std::shared_ptr<const Certificate> out(std::move(c));
  if (!cache_key.empty()) decoded_cache().put(cache_key, out);
  return out;
}

Result<std::shared_ptr<const Certificate>> Certificate::from_x509(X509* owned) {
  X509Ptr x(owned);
  if (!x) return Error{"no certificate"};
  Bytes der = i2d_bytes(x.get(), [](const X509* c, unsigned char** o) { return i2d_X509(c, o); });
  if (der.empty()) return Error{"certificate cannot be encoded: " + drain_openssl_errors()};
  std::shared_ptr<Certificate> c(new Certificate());
  c->der_ = std::move(der);
  c->impl_->x509 = std::move(x);
  if (auto st = fill(*c, c->impl_->x509.get()); !st) return st.error();
  digests(*c);
  if (c->self_issued) c->self_signed = verify_signature(*c, *c).valid;
  return std::shared_ptr<const Certificate>(std::move(c));
}

void clear_decoded_certificate_cache() { decoded_cache().clear(); }

SignatureCheck verify_signature(const Certificate& subject, const Certificate& issuer) {
  std::string key(subject.der_sha256.begin(), subject.der_sha256.end());
  key.append(issuer.der_sha256.begin(), issuer.der_sha256.end());
  const bool cacheable = subject.der_sha256.size() == 32 && issuer.der_sha256.size() == 32;
  if (cacheable) {
    if (auto hit = signature_cache().find(key)) return *hit;
  }
  SignatureCheck out;
  EVP_PKEY* k = issuer.public_key_handle();
  if (k == nullptr) {
    out.error = "issuer key undecodable";
  } else {
    ERR_clear_error();
    int r = X509_verify(subject.x509(), k);
    if (r == 1) {
      out.valid = true;
    } else {
      std::string why = drain_openssl_errors();
      out.error = "signature does not verify";
      if (!why.empty()) out.error += " (" + why + ")";
    }
  }
  if (cacheable) signature_cache().put(std::move(key), out);
  return out;
}

std::optional<std::vector<Bytes>> canonical_rdns_of(std::span<const std::uint8_t> name_der) {
  const unsigned char* p = name_der.data();
  X509NamePtr n(d2i_X509_NAME(nullptr, &p, static_cast<long>(name_der.size())));
  if (!n) {
    ERR_clear_error();
    return std::nullopt;
  }
  return canonical_rdns_of_name(n.get());
}

std::string format_time(UnixTime t) {
  std::int64_t days = t / 86400;
  std::int64_t secs = t % 86400;
  if (secs < 0) {
    secs += 86400;
    days -= 1;
  }
  Civil c = civil_from_days(days);
  char buf[64];
  std::snprintf(buf, sizeof buf, "%04lld-%02u-%02uT%02lld:%02lld:%02lldZ", static_cast<long long>(c.y), c.m, c.d,
                static_cast<long long>(secs / 3600), static_cast<long long>((secs / 60) % 60),
                static_cast<long long>(secs % 60));
  return buf;
}

std::optional<UnixTime> parse_time(std::string_view s) {
  // YYYY-MM-DDTHH:MM:SS[.frac](Z|+HH:MM|-HH:MM); fractions are truncated.
  if (s.size() < 20) return std::nullopt;
  auto digits_at = [&](std::size_t pos, std::size_t n) { return pos + n <= s.size() && all_digits(s.substr(pos, n)); };
  if (!digits_at(0, 4) || s[4] != '-' || !digits_at(5, 2) || s[7] != '-' || !digits_at(8, 2) ||
      (s[10] != 'T' && s[10] != 't' && s[10] != ' ') || !digits_at(11, 2) || s[13] != ':' || !digits_at(14, 2) ||
      s[16] != ':' || !digits_at(17, 2))
    return std::nullopt;
  std::int64_t y = num(s.substr(0, 4));
  unsigned mo = num(s.substr(5, 2)), d = num(s.substr(8, 2)), h = num(s.substr(11, 2)), mi = num(s.substr(14, 2)),
           sec = num(s.substr(17, 2));
  if (mo < 1 || mo > 12 || d < 1 || d > days_in_month(y, mo) || h > 23 || mi > 59 || sec > 60) return std::nullopt;
  if (sec == 60) sec = 59;  // leap second: clamp
  std::size_t pos = 19;
  if (pos < s.size() && s[pos] == '.') {
    ++pos;
    std::size_t start = pos;
    while (pos < s.size() && s[pos] >= '0' && s[pos] <= '9') ++pos;
    if (pos == start) return std::nullopt;
  }
  if (pos >= s.size()) return std::nullopt;
  std::int64_t offset = 0;
  if (s[pos] == 'Z' || s[pos] == 'z') {
    ++pos;
  } else if (s[pos] == '+' || s[pos] == '-') {
    if (!digits_at(pos + 1, 2) || pos + 3 >= s.size() || s[pos + 3] != ':' || !digits_at(pos + 4, 2)) return std::nullopt;
    unsigned oh = num(s.substr(pos + 1, 2)), om = num(s.substr(pos + 4, 2));
    if (oh > 23 || om > 59) return std::nullopt;
    offset = (s[pos] == '+' ? 1 : -1) * static_cast<std::int64_t>(oh * 3600 + om * 60);
    pos += 6;
  } else {
    return std::nullopt;
  }
  if (pos != s.size()) return std::nullopt;
  return unix_from_fields(y, mo, d, h, mi, sec) - offset;
}

namespace x509_fields {

std::string hex_upper(const std::uint8_t* p, std::size_t n) { return pki::hex_upper(p, n); }
std::string oid_text(const ASN1_OBJECT* obj) { return pki::oid_text(obj); }
std::string short_name_or_oid(const ASN1_OBJECT* obj) { return pki::short_name_or_oid(obj); }
DistinguishedName decode_name(const X509_NAME* name) { return pki::decode_name(name); }
GeneralName decode_general_name(const GENERAL_NAME* g, bool in_constraint) {
  return pki::decode_general_name(g, in_constraint);
}

}  // namespace x509_fields

}  // namespace uccert::pki
