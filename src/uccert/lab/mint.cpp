#include "uccert/lab/mint.h"

#include <fcntl.h>
#include <fmt/format.h>
#include <openssl/ec.h>
#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/rand.h>
#include <openssl/rsa.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <cstdlib>
#include <chrono>
#include <cstring>
#include <map>
#include <mutex>
#include <stdexcept>

namespace uccert::lab {

namespace {

// Local handle aliases for the X509v3 structures only minting builds.
using GeneralNamePtr = pki::OpenSslPtr<GENERAL_NAME, GENERAL_NAME_free>;
using Asn1OctetStringPtr = pki::OpenSslPtr<ASN1_OCTET_STRING, ASN1_OCTET_STRING_free>;
using Asn1BitStringPtr = pki::OpenSslPtr<ASN1_BIT_STRING, ASN1_BIT_STRING_free>;
using Asn1Ia5StringPtr = pki::OpenSslPtr<ASN1_IA5STRING, ASN1_IA5STRING_free>;
using BasicConstraintsPtr = pki::OpenSslPtr<BASIC_CONSTRAINTS, BASIC_CONSTRAINTS_free>;
using AuthorityKeyIdPtr = pki::OpenSslPtr<AUTHORITY_KEYID, AUTHORITY_KEYID_free>;
using NameConstraintsPtr = pki::OpenSslPtr<NAME_CONSTRAINTS, NAME_CONSTRAINTS_free>;
using X509PubkeyPtr = pki::OpenSslPtr<X509_PUBKEY, X509_PUBKEY_free>;

inline void free_obj_stack(STACK_OF(ASN1_OBJECT) * s) noexcept {
  sk_ASN1_OBJECT_pop_free(s, ASN1_OBJECT_free);
}
using ObjStackPtr = pki::OpenSslPtr<STACK_OF(ASN1_OBJECT), free_obj_stack>;
inline void free_dp_stack(CRL_DIST_POINTS* s) noexcept {
  CRL_DIST_POINTS_free(s);
}
using CrlDistPointsPtr = pki::OpenSslPtr<CRL_DIST_POINTS, free_dp_stack>;
inline void free_aia(AUTHORITY_INFO_ACCESS* s) noexcept {
  AUTHORITY_INFO_ACCESS_free(s);
}
using AiaPtr = pki::OpenSslPtr<AUTHORITY_INFO_ACCESS, free_aia>;
inline void free_policies(CERTIFICATEPOLICIES* s) noexcept {
  CERTIFICATEPOLICIES_free(s);
}
using PoliciesPtr = pki::OpenSslPtr<CERTIFICATEPOLICIES, free_policies>;
inline void free_ext_stack(STACK_OF(X509_EXTENSION) * s) noexcept {
  sk_X509_EXTENSION_pop_free(s, X509_EXTENSION_free);
}
using ExtStackPtr = pki::OpenSslPtr<STACK_OF(X509_EXTENSION), free_ext_stack>;

std::string openssl_error() {
  std::string out;
  unsigned long code = 0;
  while ((code = ERR_get_error()) != 0) {
    char buf[256];
    ERR_error_string_n(code, buf, sizeof buf);
    if (!out.empty()) out += "; ";
    out += buf;
  }
  return out.empty() ? std::string("unknown OpenSSL error") : out;
}

Error fail(std::string_view what) {
  return Error{fmt::format("{}: {}", what, openssl_error())};
}

pki::Bytes bio_bytes(BIO* bio) {
  char* data = nullptr;
  const long len = BIO_get_mem_data(bio, &data);
  if (len <= 0 || data == nullptr) return {};
  return pki::Bytes(data, data + len);
}

pki::BioPtr mem_bio() {
  return pki::BioPtr(BIO_new(BIO_s_mem()));
}

pki::EvpPkeyPtr share_key(EVP_PKEY* k) {
  EVP_PKEY_up_ref(k);
  return pki::EvpPkeyPtr(k);
}

// --- names -----------------------------------------------------------------------------------

Result<pki::X509NamePtr> build_name(const Name& name) {
  pki::X509NamePtr out(X509_NAME_new());
  if (!out) return fail("X509_NAME_new");
  for (const auto& e : name) {
    if (X509_NAME_add_entry_by_txt(out.get(), e.attr.c_str(), MBSTRING_UTF8,
                                   reinterpret_cast<const unsigned char*>(e.value.data()),
                                   static_cast<int>(e.value.size()), -1, 0) != 1) {
      return fail(fmt::format("name attribute {}={}", e.attr, e.value));
    }
  }
  return out;
}

Result<GeneralNamePtr> ia5_name(int type, const std::string& value) {
  GeneralNamePtr gn(GENERAL_NAME_new());
  Asn1Ia5StringPtr s(ASN1_IA5STRING_new());
  if (!gn || !s) return fail("GENERAL_NAME_new");
  if (ASN1_STRING_set(s.get(), value.data(), static_cast<int>(value.size())) != 1) {
    return fail(fmt::format("name {}", value));
  }
  GENERAL_NAME_set0_value(gn.get(), type, s.release());
  return gn;
}

// An address/prefix ("192.0.2.0/24") as the address bytes followed by the mask bytes
// (RFC 5280 4.2.1.10).
ASN1_OCTET_STRING* ip_with_mask(const std::string& text) {
  const auto slash = text.find('/');
  if (slash == std::string::npos || slash + 1 >= text.size()) return nullptr;
  pki::OpenSslPtr<ASN1_OCTET_STRING, ASN1_OCTET_STRING_free> addr(
      a2i_IPADDRESS(text.substr(0, slash).c_str()));
  if (!addr) return nullptr;
  const int len = ASN1_STRING_length(addr.get());
  int prefix = 0;
  for (std::size_t i = slash + 1; i < text.size(); ++i) {
    if (text[i] < '0' || text[i] > '9' || prefix > 128) return nullptr;
    prefix = prefix * 10 + (text[i] - '0');
  }
  if (prefix > len * 8) return nullptr;
  pki::Bytes raw(ASN1_STRING_get0_data(addr.get()), ASN1_STRING_get0_data(addr.get()) + len);
  for (int i = 0; i < len; ++i) {
    const int bits = std::min(8, std::max(0, prefix - i * 8));
    raw.push_back(static_cast<std::uint8_t>((0xFF00U >> bits) & 0xFFU));
  }
  ASN1_OCTET_STRING* out = ASN1_OCTET_STRING_new();
  if (out == nullptr || ASN1_OCTET_STRING_set(out, raw.data(), static_cast<int>(raw.size())) != 1) {
    ASN1_OCTET_STRING_free(out);
    return nullptr;
  }
  return out;
}

// IP address ("192.0.2.1"), or with a prefix in name constraints ("192.0.2.0/24").
Result<GeneralNamePtr> ip_name(const std::string& text, bool with_mask) {
  ASN1_OCTET_STRING* raw = with_mask ? ip_with_mask(text) : a2i_IPADDRESS(text.c_str());
  if (raw == nullptr) {
    ERR_clear_error();
    return Error{
        fmt::format("IP address '{}' is not valid{}", text, with_mask ? " (want address/prefix)" : "")};
  }
  GeneralNamePtr gn(GENERAL_NAME_new());
  if (!gn) {
    ASN1_OCTET_STRING_free(raw);
    return fail("GENERAL_NAME_new");
  }
  GENERAL_NAME_set0_value(gn.get(), GEN_IPADD, raw);
  return gn;
}

Result<GeneralNamePtr> dir_name(const Name& name) {
  auto n = build_name(name);
  if (!n) return n.error();
  GeneralNamePtr gn(GENERAL_NAME_new());
  if (!gn) return fail("GENERAL_NAME_new");
  GENERAL_NAME_set0_value(gn.get(), GEN_DIRNAME, n->release());
  return gn;
}

Status push_name(GENERAL_NAMES* names, Result<GeneralNamePtr> gn) {
  if (!gn) return gn.error();
  if (sk_GENERAL_NAME_push(names, gn->get()) == 0) return fail("sk_GENERAL_NAME_push");
  static_cast<void>(gn->release());
  return Ok{};
}

// --- extensions ------------------------------------------------------------------------------

Status add_ext(std::vector<pki::X509ExtensionPtr>& out, int nid, bool critical, void* value,
               std::string_view what) {
  X509_EXTENSION* ext = X509V3_EXT_i2d(nid, critical ? 1 : 0, value);
  if (ext == nullptr) return fail(what);
  out.emplace_back(ext);
  return Ok{};
}

Result<pki::Asn1ObjectPtr> object(const std::string& text) {
  pki::Asn1ObjectPtr obj(OBJ_txt2obj(text.c_str(), 0));
  if (!obj) {
    ERR_clear_error();
    return Error{fmt::format("'{}' is not an OID or a known object name", text)};
  }
  return obj;
}

bool is_rsa(EVP_PKEY* k) {
  return EVP_PKEY_get_base_id(k) == EVP_PKEY_RSA;
}

Result<GENERAL_NAMES*> san_names(const CertSpec& spec) {
  pki::GeneralNamesPtr names(sk_GENERAL_NAME_new_null());
  if (!names) return fail("sk_GENERAL_NAME_new_null");
  for (const auto& d : spec.san_dns)
    if (auto s = push_name(names.get(), ia5_name(GEN_DNS, d)); !s) return s.error();
  for (const auto& ip : spec.san_ip)
    if (auto s = push_name(names.get(), ip_name(ip, false)); !s) return s.error();
  for (const auto& e : spec.san_email)
    if (auto s = push_name(names.get(), ia5_name(GEN_EMAIL, e)); !s) return s.error();
  for (const auto& u : spec.san_uri)
    if (auto s = push_name(names.get(), ia5_name(GEN_URI, u)); !s) return s.error();
  return names.release();
}

// The extensions a request carries: SAN, key usage, EKU and the raw extras.
Status request_extensions(const CertSpec& spec, const KeyPair& key, std::vector<pki::X509ExtensionPtr>& out,
                          bool for_certificate) {
  // Basic constraints first, as CAs usually order them.
  if (for_certificate && !spec.omit_basic_constraints) {
    BasicConstraintsPtr bc(BASIC_CONSTRAINTS_new());
    if (!bc) return fail("BASIC_CONSTRAINTS_new");
    bc->ca = spec.is_ca ? 0xFF : 0;
    if (spec.path_len) {
      bc->pathlen = ASN1_INTEGER_new();
      if (bc->pathlen == nullptr || ASN1_INTEGER_set(bc->pathlen, *spec.path_len) != 1) {
        return fail("path length");
      }
    }
    if (auto s = add_ext(out, NID_basic_constraints, spec.basic_constraints_critical, bc.get(),
                         "basic constraints");
        !s)
      return s;
  }

  std::uint16_t ku_bits = 0;
  if (spec.key_usage) {
    ku_bits = *spec.key_usage;
  } else if (spec.is_ca) {
    ku_bits =
        ku(pki::KeyUsageBit::kKeyCertSign, pki::KeyUsageBit::kCrlSign, pki::KeyUsageBit::kDigitalSignature);
  } else if (is_rsa(key.get())) {
    ku_bits = ku(pki::KeyUsageBit::kDigitalSignature, pki::KeyUsageBit::kKeyEncipherment);
  } else {
    ku_bits = ku(pki::KeyUsageBit::kDigitalSignature);
  }
  if (ku_bits != 0) {
    Asn1BitStringPtr bits(ASN1_BIT_STRING_new());
    if (!bits) return fail("ASN1_BIT_STRING_new");
    for (int b = 0; b < 9; ++b) {
      if (((ku_bits >> b) & 1U) != 0 && ASN1_BIT_STRING_set_bit(bits.get(), b, 1) != 1) {
        return fail("key usage");
      }
    }
    if (auto s = add_ext(out, NID_key_usage, spec.key_usage_critical, bits.get(), "key usage"); !s) return s;
  }

  std::vector<std::string> eku_oids;
  if (spec.eku) {
    eku_oids = *spec.eku;
  } else if (!spec.is_ca) {
    eku_oids = {"serverAuth", "clientAuth"};
  }
  if (!eku_oids.empty()) {
    ObjStackPtr stack(sk_ASN1_OBJECT_new_null());
    if (!stack) return fail("sk_ASN1_OBJECT_new_null");
    for (const auto& o : eku_oids) {
      auto obj = object(o);
      if (!obj) return Error{"extended key usage: " + obj.error().message};
      if (sk_ASN1_OBJECT_push(stack.get(), obj->get()) == 0) return fail("extended key usage");
      static_cast<void>(obj->release());
    }
    if (auto s = add_ext(out, NID_ext_key_usage, spec.eku_critical, stack.get(), "extended key usage"); !s)
      return s;
  }

  const bool any_san =
      !spec.san_dns.empty() || !spec.san_ip.empty() || !spec.san_email.empty() || !spec.san_uri.empty();
  if (any_san || spec.san_force_empty) {
    auto names = san_names(spec);
    if (!names) return Error{"subject alternative name: " + names.error().message};
    pki::GeneralNamesPtr owned(*names);
    if (auto s =
            add_ext(out, NID_subject_alt_name, spec.san_critical, owned.get(), "subject alternative name");
        !s)
      return s;
  }
  return Ok{};
}

Status certificate_extensions(const CertSpec& spec, const KeyPair& key, const Minted* issuer,
                              std::vector<pki::X509ExtensionPtr>& out) {
  if (auto s = request_extensions(spec, key, out, true); !s) return s;

  pki::Bytes skid = spec.subject_key_id.value_or(key.key_id());
  if (!spec.omit_subject_key_id) {
    Asn1OctetStringPtr os(ASN1_OCTET_STRING_new());
    if (!os || ASN1_OCTET_STRING_set(os.get(), skid.data(), static_cast<int>(skid.size())) != 1)
      return fail("subject key id");
    if (auto s = add_ext(out, NID_subject_key_identifier, false, os.get(), "subject key id"); !s) return s;
  }

  if (!spec.omit_authority_key_id) {
    pki::Bytes akid;
    if (spec.authority_key_id) {
      akid = *spec.authority_key_id;
    } else if (issuer == nullptr) {
      akid = skid;
    } else if (const ASN1_OCTET_STRING* id = X509_get0_subject_key_id(issuer->x509.get()); id != nullptr) {
      akid.assign(ASN1_STRING_get0_data(id), ASN1_STRING_get0_data(id) + ASN1_STRING_length(id));
    } else {
      akid = issuer->key.key_id();
    }
    AuthorityKeyIdPtr ak(AUTHORITY_KEYID_new());
    if (!ak) return fail("AUTHORITY_KEYID_new");
    ak->keyid = ASN1_OCTET_STRING_new();
    if (ak->keyid == nullptr ||
        ASN1_OCTET_STRING_set(ak->keyid, akid.data(), static_cast<int>(akid.size())) != 1)
      return fail("authority key id");
    if (auto s = add_ext(out, NID_authority_key_identifier, false, ak.get(), "authority key id"); !s)
      return s;
  }

  if (!spec.crl_urls.empty()) {
    CrlDistPointsPtr dps(sk_DIST_POINT_new_null());
    if (!dps) return fail("sk_DIST_POINT_new_null");
    for (const auto& url : spec.crl_urls) {
      DIST_POINT* dp = DIST_POINT_new();
      if (dp == nullptr || sk_DIST_POINT_push(dps.get(), dp) == 0) {
        DIST_POINT_free(dp);
        return fail("CRL distribution point");
      }
      dp->distpoint = DIST_POINT_NAME_new();
      if (dp->distpoint == nullptr) return fail("DIST_POINT_NAME_new");
      dp->distpoint->type = 0;
      dp->distpoint->name.fullname = sk_GENERAL_NAME_new_null();
      if (dp->distpoint->name.fullname == nullptr) return fail("CRL distribution point");
      if (auto s = push_name(dp->distpoint->name.fullname, ia5_name(GEN_URI, url)); !s) return s;
    }
    if (auto s = add_ext(out, NID_crl_distribution_points, false, dps.get(), "CRL distribution points"); !s)
      return s;
  }

  if (!spec.ocsp_urls.empty() || !spec.ca_issuers_urls.empty()) {
    AiaPtr aia(sk_ACCESS_DESCRIPTION_new_null());
    if (!aia) return fail("sk_ACCESS_DESCRIPTION_new_null");
    auto add = [&](int method, const std::string& url) -> Status {
      ACCESS_DESCRIPTION* ad = ACCESS_DESCRIPTION_new();
      if (ad == nullptr || sk_ACCESS_DESCRIPTION_push(aia.get(), ad) == 0) {
        ACCESS_DESCRIPTION_free(ad);
        return fail("authority information access");
      }
      ASN1_OBJECT_free(ad->method);
      ad->method = OBJ_nid2obj(method);
      auto gn = ia5_name(GEN_URI, url);
      if (!gn) return gn.error();
      GENERAL_NAME_free(ad->location);
      ad->location = gn->release();
      return Ok{};
    };
    for (const auto& u : spec.ocsp_urls)
      if (auto s = add(NID_ad_OCSP, u); !s) return s;
    for (const auto& u : spec.ca_issuers_urls)
      if (auto s = add(NID_ad_ca_issuers, u); !s) return s;
    if (auto s = add_ext(out, NID_info_access, false, aia.get(), "authority information access"); !s)
      return s;
  }

  if (!spec.policy_oids.empty()) {
    PoliciesPtr pols(sk_POLICYINFO_new_null());
    if (!pols) return fail("sk_POLICYINFO_new_null");
    for (const auto& oid : spec.policy_oids) {
      auto obj = object(oid);
      if (!obj) return Error{"certificate policies: " + obj.error().message};
      POLICYINFO* pi = POLICYINFO_new();
      if (pi == nullptr || sk_POLICYINFO_push(pols.get(), pi) == 0) {
        POLICYINFO_free(pi);
        return fail("certificate policies");
      }
      ASN1_OBJECT_free(pi->policyid);
      pi->policyid = obj->release();
    }
    if (auto s = add_ext(out, NID_certificate_policies, false, pols.get(), "certificate policies"); !s)
      return s;
  }

  if (spec.name_constraints) {
    const NameConstraintsSpec& nc = *spec.name_constraints;
    NameConstraintsPtr ncs(NAME_CONSTRAINTS_new());
    if (!ncs) return fail("NAME_CONSTRAINTS_new");
    auto fill = [](STACK_OF(GENERAL_SUBTREE) * *subtrees, const std::vector<std::string>& dns,
                   const std::vector<std::string>& ips, const std::vector<std::string>& emails,
                   const std::vector<Name>& dirs) -> Status {
      if (dns.empty() && ips.empty() && emails.empty() && dirs.empty()) return Ok{};
      *subtrees = sk_GENERAL_SUBTREE_new_null();
      if (*subtrees == nullptr) return fail("name constraints");
      auto push = [&](Result<GeneralNamePtr> gn) -> Status {
        if (!gn) return gn.error();
        GENERAL_SUBTREE* st = GENERAL_SUBTREE_new();
        if (st == nullptr || sk_GENERAL_SUBTREE_push(*subtrees, st) == 0) {
          GENERAL_SUBTREE_free(st);
          return fail("name constraints");
        }
        GENERAL_NAME_free(st->base);
        st->base = gn->release();
        return Ok{};
      };
      for (const auto& d : dns)
        if (auto s = push(ia5_name(GEN_DNS, d)); !s) return s;
      for (const auto& ip : ips)
        if (auto s = push(ip_name(ip, true)); !s) return s;
      for (const auto& e : emails)
        if (auto s = push(ia5_name(GEN_EMAIL, e)); !s) return s;
      for (const auto& n : dirs)
        if (auto s = push(dir_name(n)); !s) return s;
      return Ok{};
    };
    if (auto s = fill(&ncs->permittedSubtrees, nc.permitted_dns, nc.permitted_ip, nc.permitted_email,
                      nc.permitted_dir);
        !s)
      return Error{"name constraints: " + s.error().message};
    if (auto s =
            fill(&ncs->excludedSubtrees, nc.excluded_dns, nc.excluded_ip, nc.excluded_email, nc.excluded_dir);
        !s)
      return Error{"name constraints: " + s.error().message};
    if (auto s = add_ext(out, NID_name_constraints, nc.critical, ncs.get(), "name constraints"); !s) return s;
  }
  return Ok{};
}

Status raw_extensions(const CertSpec& spec, std::vector<pki::X509ExtensionPtr>& out) {
  for (const auto& raw : spec.extra_extensions) {
    pki::Asn1ObjectPtr obj(OBJ_txt2obj(raw.oid.c_str(), 1));
    if (!obj) {
      ERR_clear_error();
      return Error{fmt::format("extension OID '{}' is not a dotted OID", raw.oid)};
    }
    Asn1OctetStringPtr os(ASN1_OCTET_STRING_new());
    if (!os || ASN1_OCTET_STRING_set(os.get(), raw.value.data(), static_cast<int>(raw.value.size())) != 1)
      return fail("extension value");
    X509_EXTENSION* ext = X509_EXTENSION_create_by_OBJ(nullptr, obj.get(), raw.critical ? 1 : 0, os.get());
    if (ext == nullptr) return fail(fmt::format("extension {}", raw.oid));
    out.emplace_back(ext);
  }
  return Ok{};
}

// --- signing ---------------------------------------------------------------------------------

Result<const EVP_MD*> digest_for(const CertSpec& spec, EVP_PKEY* signer) {
  if (EVP_PKEY_get_base_id(signer) == EVP_PKEY_ED25519 || EVP_PKEY_get_base_id(signer) == EVP_PKEY_ED448)
    return static_cast<const EVP_MD*>(nullptr);
  const EVP_MD* md = EVP_get_digestbyname(spec.digest.c_str());
  if (md == nullptr) return Error{fmt::format("digest '{}' is not known", spec.digest)};
  return md;
}

// Signs through an EVP_MD_CTX so RSASSA-PSS parameters can be set; `sign` is X509_sign_ctx or
// X509_REQ_sign_ctx.
template <class T, class SignCtx>
Status sign_object(T* obj, SignCtx sign_ctx, const CertSpec& spec, EVP_PKEY* signer) {
  auto md = digest_for(spec, signer);
  if (!md) return md.error();
  pki::EvpMdCtxPtr ctx(EVP_MD_CTX_new());
  if (!ctx) return fail("EVP_MD_CTX_new");
  EVP_PKEY_CTX* pctx = nullptr;
  if (EVP_DigestSignInit(ctx.get(), &pctx, *md, nullptr, signer) != 1)
    return fail(fmt::format("signing with {}", spec.digest));
  if (spec.rsa_pss) {
    if (!is_rsa(signer)) return Error{"rsa_pss needs an RSA issuer key"};
    if (EVP_PKEY_CTX_set_rsa_padding(pctx, RSA_PKCS1_PSS_PADDING) != 1 ||
        EVP_PKEY_CTX_set_rsa_pss_saltlen(pctx, RSA_PSS_SALTLEN_DIGEST) != 1 ||
        EVP_PKEY_CTX_set_rsa_mgf1_md(pctx, *md) != 1)
      return fail("RSASSA-PSS parameters");
  }
  if (sign_ctx(obj, ctx.get()) <= 0) return fail(fmt::format("signing with {}", spec.digest));
  return Ok{};
}

Result<pki::Bytes> random_serial() {
  pki::Bytes serial(16);
  if (RAND_bytes(serial.data(), static_cast<int>(serial.size())) != 1) return fail("RAND_bytes");
  // High bit clear (positive) and the next one set, so it is always 16 bytes and never zero.
  serial[0] = static_cast<std::uint8_t>((serial[0] & 0x7FU) | 0x40U);
  return serial;
}

Status set_serial(X509* x, const CertSpec& spec) {
  pki::Bytes bytes;
  if (spec.serial) {
    bytes = *spec.serial;
  } else {
    auto r = random_serial();
    if (!r) return r.error();
    bytes = std::move(*r);
  }
  pki::BignumPtr bn(BN_bin2bn(bytes.data(), static_cast<int>(bytes.size()), nullptr));
  if (!bn) return fail("serial");
  if (spec.serial_negative) BN_set_negative(bn.get(), 1);
  pki::Asn1IntegerPtr serial(BN_to_ASN1_INTEGER(bn.get(), nullptr));
  if (!serial || X509_set_serialNumber(x, serial.get()) != 1) return fail("serial");
  return Ok{};
}

Status set_time(X509* x, pki::UnixTime t, bool not_before) {
  pki::Asn1TimePtr at(ASN1_TIME_set(nullptr, static_cast<time_t>(t)));
  if (!at) return fail(fmt::format("time {}", t));
  const int rc = not_before ? X509_set1_notBefore(x, at.get()) : X509_set1_notAfter(x, at.get());
  if (rc != 1) return fail("validity");
  return Ok{};
}

Result<pki::Bytes> x509_der(X509* x) {
  unsigned char* buf = nullptr;
  const int len = i2d_X509(x, &buf);
  if (len <= 0) return fail("i2d_X509");
  pki::Bytes out(buf, buf + len);
  OPENSSL_free(buf);
  return out;
}

Result<pki::X509Ptr> x509_from_der(const pki::Bytes& der) {
  const unsigned char* p = der.data();
  pki::X509Ptr x(d2i_X509(nullptr, &p, static_cast<long>(der.size())));
  if (!x) return fail("d2i_X509");
  return x;
}

Status write_all(int fd, const char* data, std::size_t size) {
  while (size > 0) {
    const ssize_t n = ::write(fd, data, size);
    if (n < 0) {
      if (errno == EINTR) continue;
      return Error{std::strerror(errno)};
    }
    data += n;
    size -= static_cast<std::size_t>(n);
  }
  return Ok{};
}

std::string as_string(const pki::Bytes& b) {
  return std::string(b.begin(), b.end());
}

}  // namespace

pki::UnixTime now() {
  return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch())
      .count();
}

// --- KeyPair ---------------------------------------------------------------------------------

std::string KeySpec::describe() const {
  switch (kind) {
    case kRsa:
      return fmt::format("RSA-{}", rsa_bits);
    case kEc:
      return "EC-" + curve;
    case kEd25519:
      return "Ed25519";
  }
  return "unknown";
}

Result<KeyPair> KeyPair::generate(const KeySpec& spec) {
  EVP_PKEY* k = nullptr;
  switch (spec.kind) {
    case KeySpec::kRsa:
      if (spec.rsa_bits < 512 || spec.rsa_bits > 16384)
        return Error{fmt::format("{}: RSA size out of range", spec.describe())};
      k = EVP_PKEY_Q_keygen(nullptr, nullptr, "RSA", static_cast<size_t>(spec.rsa_bits));
      break;
    case KeySpec::kEc:
      k = EVP_PKEY_Q_keygen(nullptr, nullptr, "EC", spec.curve.c_str());
      break;
    case KeySpec::kEd25519:
      k = EVP_PKEY_Q_keygen(nullptr, nullptr, "ED25519");
      break;
  }
  if (k == nullptr) return fail(fmt::format("generating {} key", spec.describe()));
  return KeyPair(pki::EvpPkeyPtr(k));
}

namespace {

// The per-user folder of cached test keys, or empty when disabled or unsafe to use (a folder
// someone else owns or others can write).
std::filesystem::path key_cache_dir() {
  std::filesystem::path dir;
  if (const char* env = std::getenv("UCCERT_KEY_CACHE"); env != nullptr && *env != '\0') {
    if (std::string_view(env) == "off") return {};
    dir = env;
  } else {
    std::error_code ec;
    dir = std::filesystem::temp_directory_path(ec);
    if (ec) return {};
    dir /= fmt::format("uccert-test-keys-{}", ::getuid());
  }
  ::mkdir(dir.c_str(), 0700);
  struct stat st {};
  if (::lstat(dir.c_str(), &st) != 0 || !S_ISDIR(st.st_mode) || st.st_uid != ::getuid() ||
      (st.st_mode & 0077) != 0)
    return {};
  return dir;
}

// Whether a key read from the disk cache is what the spec asks for.
bool matches(const KeySpec& spec, EVP_PKEY* k) {
  switch (spec.kind) {
    case KeySpec::kRsa: return EVP_PKEY_get_base_id(k) == EVP_PKEY_RSA && EVP_PKEY_get_bits(k) == spec.rsa_bits;
    case KeySpec::kEc: {
      char group[80] = {};
      std::size_t len = 0;
      if (EVP_PKEY_get_base_id(k) != EVP_PKEY_EC ||
          EVP_PKEY_get_group_name(k, group, sizeof group, &len) != 1)
        return false;
      // OpenSSL reports "prime256v1" for "P-256": compare by curve NID.
      const int want = EC_curve_nist2nid(spec.curve.c_str()) != NID_undef ? EC_curve_nist2nid(spec.curve.c_str())
                                                                       : OBJ_sn2nid(spec.curve.c_str());
      return want != NID_undef && OBJ_sn2nid(group) == want;
    }
    case KeySpec::kEd25519: return EVP_PKEY_get_base_id(k) == EVP_PKEY_ED25519;
  }
  return false;
}

}  // namespace

KeyPair KeyPair::cached(const KeySpec& spec, int index) {
  static std::mutex mu;
  // Keyed by (spec, index): only the indices asked for are generated.
  static std::map<std::pair<std::string, int>, pki::EvpPkeyPtr> pool;
  static const std::filesystem::path disk = key_cache_dir();
  if (index < 0) throw std::runtime_error("KeyPair::cached: negative index");
  const std::lock_guard lock(mu);
  auto& slot = pool[{spec.describe(), index}];
  const auto file = disk.empty() ? disk : disk / fmt::format("{}-{}.pem", spec.describe(), index);
  if (!slot && !disk.empty()) {
    if (pki::BioPtr bio(BIO_new_file(file.c_str(), "r")); bio) {
      slot.reset(PEM_read_bio_PrivateKey(bio.get(), nullptr, nullptr, nullptr));
    }
    if (slot && !matches(spec, slot.get())) slot.reset();
    ERR_clear_error();  // a missing or damaged file just means "generate"
  }
  if (!slot) {
    auto k = generate(spec);
    if (!k) throw std::runtime_error(k.error().message);
    slot = std::move(k->pkey_);
    if (!disk.empty()) {
      // Best effort: another process may write the same name at the same time; either key is fine.
      const pki::Secret pem = KeyPair(share_key(slot.get())).pem_private_secret();
      static_cast<void>(write_file_atomic(file, pem.view(), true));
    }
  }
  EVP_PKEY* p = slot.get();
  EVP_PKEY_up_ref(p);
  return KeyPair(pki::EvpPkeyPtr(p));
}

Result<KeyPair> KeyPair::from_pem(std::string_view pem) {
  pki::BioPtr bio(BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())));
  if (!bio) return fail("BIO_new_mem_buf");
  EVP_PKEY* k = PEM_read_bio_PrivateKey(bio.get(), nullptr, nullptr, nullptr);
  if (k == nullptr) return fail("reading PEM private key");
  return KeyPair(pki::EvpPkeyPtr(k));
}

KeyPair KeyPair::adopt(pki::EvpPkeyPtr owned) {
  if (!owned) throw std::invalid_argument("KeyPair::adopt: null key");
  return KeyPair(std::move(owned));
}

KeyPair::KeyPair(const KeyPair& other) {
  if (other.pkey_) {
    EVP_PKEY_up_ref(other.pkey_.get());
    pkey_.reset(other.pkey_.get());
  }
}

KeyPair& KeyPair::operator=(const KeyPair& other) {
  if (this != &other) {
    KeyPair copy(other);
    pkey_ = std::move(copy.pkey_);
  }
  return *this;
}

pki::Secret KeyPair::pem_private_secret() const {
  auto bio = mem_bio();
  if (!bio || PEM_write_bio_PrivateKey(bio.get(), pkey_.get(), nullptr, nullptr, 0, nullptr, nullptr) != 1)
    throw std::runtime_error(fail("PEM_write_bio_PrivateKey").message);
  // Straight from the BIO's buffer into the Secret: no intermediate copy (bio_bytes would leave
  // one in freed memory). The memory BIO grows with BUF_MEM_grow_clean and is freed with
  // OPENSSL_clear_free.
  char* data = nullptr;
  const long size = BIO_get_mem_data(bio.get(), &data);
  if (size <= 0 || data == nullptr) throw std::runtime_error(fail("BIO_get_mem_data").message);
  return pki::Secret(data, static_cast<std::size_t>(size));
}

std::string KeyPair::pem_private() const { return std::string(pem_private_secret().view()); }

std::string KeyPair::pem_public() const {
  auto bio = mem_bio();
  if (!bio || PEM_write_bio_PUBKEY(bio.get(), pkey_.get()) != 1)
    throw std::runtime_error(fail("PEM_write_bio_PUBKEY").message);
  return as_string(bio_bytes(bio.get()));
}

pki::Bytes KeyPair::spki_der() const {
  unsigned char* buf = nullptr;
  const int len = i2d_PUBKEY(pkey_.get(), &buf);
  if (len <= 0) throw std::runtime_error(fail("i2d_PUBKEY").message);
  pki::Bytes out(buf, buf + len);
  OPENSSL_free(buf);
  return out;
}

pki::Bytes KeyPair::key_id() const {
  X509_PUBKEY* raw = nullptr;
  if (X509_PUBKEY_set(&raw, pkey_.get()) != 1) throw std::runtime_error(fail("X509_PUBKEY_set").message);
  X509PubkeyPtr pub(raw);
  const unsigned char* pk = nullptr;
  int pklen = 0;
  if (X509_PUBKEY_get0_param(nullptr, &pk, &pklen, nullptr, pub.get()) != 1)
    throw std::runtime_error(fail("X509_PUBKEY_get0_param").message);
  pki::Bytes out(20);
  unsigned int n = 0;
  if (EVP_Digest(pk, static_cast<size_t>(pklen), out.data(), &n, EVP_sha1(), nullptr) != 1)
    throw std::runtime_error(fail("SHA-1").message);
  out.resize(n);
  return out;
}

bool KeyPair::same_key(const KeyPair& other) const {
  return EVP_PKEY_eq(pkey_.get(), other.pkey_.get()) == 1;
}

// --- specs -----------------------------------------------------------------------------------

Name make_name(std::string_view cn, std::string_view o, std::string_view ou, std::string_view c) {
  Name n;
  if (!c.empty()) n.push_back({"C", std::string(c)});
  if (!o.empty()) n.push_back({"O", std::string(o)});
  if (!ou.empty()) n.push_back({"OU", std::string(ou)});
  if (!cn.empty()) n.push_back({"CN", std::string(cn)});
  return n;
}

CertSpec root_ca_spec(std::string_view cn, std::string_view o) {
  CertSpec s;
  s.subject = make_name(cn, o);
  s.is_ca = true;
  const auto t = now();
  s.not_before = t - kDay;
  s.not_after = t + 3650 * kDay;
  s.eku = std::vector<std::string>{};
  return s;
}

CertSpec intermediate_ca_spec(std::string_view cn, std::string_view o, std::optional<int> path_len) {
  CertSpec s = root_ca_spec(cn, o);
  s.not_after = now() + 1825 * kDay;
  s.path_len = path_len;
  return s;
}

CertSpec server_spec(std::string_view cn, std::vector<std::string> dns) {
  CertSpec s;
  s.subject = make_name(cn);
  s.san_dns = std::move(dns);
  return s;
}

// --- Minted ----------------------------------------------------------------------------------

Minted::Minted(pki::X509Ptr x, pki::Bytes d, KeyPair k, pki::CertificatePtr c)
    : x509(std::move(x)), der(std::move(d)), key(std::move(k)), cert(std::move(c)) {}

Minted::Minted(const Minted& other)
    : x509(pki::share(other.x509.get())), der(other.der), key(other.key), cert(other.cert) {}

Minted& Minted::operator=(const Minted& other) {
  if (this != &other) {
    x509 = pki::share(other.x509.get());
    der = other.der;
    key = other.key;
    cert = other.cert;
  }
  return *this;
}

std::string Minted::pem() const {
  auto bio = mem_bio();
  if (!bio || PEM_write_bio_X509(bio.get(), x509.get()) != 1)
    throw std::runtime_error(fail("PEM_write_bio_X509").message);
  return as_string(bio_bytes(bio.get()));
}

// --- minting ---------------------------------------------------------------------------------

Result<Minted> try_mint(const CertSpec& spec, const KeyPair& subject_key, const Minted* issuer) {
  if (subject_key.get() == nullptr) return Error{"mint: no subject key"};
  if (spec.version < 1 || spec.version > 3)
    return Error{fmt::format("mint: version {} is not 1, 2 or 3", spec.version)};
  pki::X509Ptr x(X509_new());
  if (!x) return fail("X509_new");
  if (X509_set_version(x.get(), spec.version - 1) != 1) return fail("version");
  if (auto s = set_serial(x.get(), spec); !s) return s.error();

  auto subject = build_name(spec.subject);
  if (!subject) return Error{"subject: " + subject.error().message};
  if (X509_set_subject_name(x.get(), subject->get()) != 1) return fail("subject");
  if (spec.issuer_name) {
    auto in = build_name(*spec.issuer_name);
    if (!in) return Error{"issuer: " + in.error().message};
    if (X509_set_issuer_name(x.get(), in->get()) != 1) return fail("issuer");
  } else if (issuer != nullptr) {
    if (X509_set_issuer_name(x.get(), X509_get_subject_name(issuer->x509.get())) != 1) return fail("issuer");
  } else if (X509_set_issuer_name(x.get(), subject->get()) != 1) {
    return fail("issuer");
  }

  const pki::UnixTime t = now();
  if (auto s = set_time(x.get(), spec.not_before.value_or(t - kHour), true); !s) return s.error();
  if (auto s = set_time(x.get(), spec.not_after.value_or(t + 365 * kDay), false); !s) return s.error();
  if (X509_set_pubkey(x.get(), subject_key.get()) != 1) return fail("public key");

  if (spec.version >= 2) {
    std::vector<pki::X509ExtensionPtr> exts;
    if (auto s = certificate_extensions(spec, subject_key, issuer, exts); !s) return s.error();
    if (auto s = raw_extensions(spec, exts); !s) return s.error();
    for (const auto& e : exts)
      if (X509_add_ext(x.get(), e.get(), -1) != 1) return fail("adding extension");
  }

  const KeyPair& signer = issuer != nullptr ? issuer->key : subject_key;
  if (auto s = sign_object(x.get(), X509_sign_ctx, spec, signer.get()); !s) return s.error();

  auto der = x509_der(x.get());
  if (!der) return der.error();
  if (spec.corrupt_signature) {
    // The signature BIT STRING ends the encoding: flipping the last byte breaks only it.
    der->back() = static_cast<std::uint8_t>(der->back() ^ 0x01U);
    auto redecoded = x509_from_der(*der);
    if (!redecoded) return redecoded.error();
    x = std::move(*redecoded);
  }
  auto cert = pki::Certificate::from_der(*der);
  if (!cert) return Error{"decoding the minted certificate: " + cert.error().message};
  return Minted(std::move(x), std::move(*der), subject_key, std::move(*cert));
}

Minted mint(const CertSpec& spec, const KeyPair& subject_key, const Minted* issuer) {
  auto m = try_mint(spec, subject_key, issuer);
  if (!m) throw std::runtime_error("mint: " + m.error().message);
  return std::move(*m);
}

Result<pki::X509ReqPtr> make_csr(const CertSpec& spec, const KeyPair& key) {
  pki::X509ReqPtr req(X509_REQ_new());
  if (!req) return fail("X509_REQ_new");
  if (X509_REQ_set_version(req.get(), 0) != 1) return fail("request version");
  auto subject = build_name(spec.subject);
  if (!subject) return Error{"subject: " + subject.error().message};
  if (X509_REQ_set_subject_name(req.get(), subject->get()) != 1) return fail("subject");
  if (X509_REQ_set_pubkey(req.get(), key.get()) != 1) return fail("public key");

  std::vector<pki::X509ExtensionPtr> exts;
  if (auto s = request_extensions(spec, key, exts, false); !s) return s.error();
  if (auto s = raw_extensions(spec, exts); !s) return s.error();
  if (!exts.empty()) {
    ExtStackPtr stack(sk_X509_EXTENSION_new_null());
    if (!stack) return fail("sk_X509_EXTENSION_new_null");
    for (auto& e : exts) {
      if (sk_X509_EXTENSION_push(stack.get(), e.get()) == 0) return fail("request extensions");
      static_cast<void>(e.release());
    }
    if (X509_REQ_add_extensions(req.get(), stack.get()) != 1) return fail("request extensions");
  }
  if (auto s = sign_object(req.get(), X509_REQ_sign_ctx, spec, key.get()); !s) return s.error();
  return req;
}

// --- encoders --------------------------------------------------------------------------------

std::string pem_chain(const std::vector<Minted>& chain) {
  std::string out;
  for (const auto& m : chain) out += m.pem();
  return out;
}

Result<pki::Bytes> encode_pkcs7(const std::vector<Minted>& chain, Encoding encoding) {
  // A degenerate SignedData carrying only certificates, as "certutil -exportPFX"-less .p7b
  // exports and openssl crl2pkcs7 produce.
  pki::Pkcs7Ptr p7(PKCS7_new());
  if (!p7 || PKCS7_set_type(p7.get(), NID_pkcs7_signed) != 1 ||
      PKCS7_content_new(p7.get(), NID_pkcs7_data) != 1)
    return fail("PKCS#7");
  for (const auto& m : chain)
    if (PKCS7_add_certificate(p7.get(), m.x509.get()) != 1) return fail("PKCS#7 certificate");
  if (PKCS7_set_detached(p7.get(), 1) != 1) return fail("PKCS#7 detached");
  auto bio = mem_bio();
  if (!bio) return fail("BIO_new");
  const int rc = encoding == Encoding::kPem ? PEM_write_bio_PKCS7(bio.get(), p7.get())
                                            : i2d_PKCS7_bio(bio.get(), p7.get());
  if (rc != 1) return fail("encoding PKCS#7");
  return bio_bytes(bio.get());
}

Result<pki::Bytes> encode_pkcs12(const std::vector<Minted>& chain, const Pkcs12Options& options) {
  if (chain.empty()) return Error{"PKCS#12: empty chain"};
  pki::X509StackPtr cas(sk_X509_new_null());
  if (!cas) return fail("sk_X509_new_null");
  if (options.include_chain) {
    for (std::size_t i = 1; i < chain.size(); ++i) {
      auto shared = pki::share(chain[i].x509.get());
      if (sk_X509_push(cas.get(), shared.get()) == 0) return fail("PKCS#12 chain");
      static_cast<void>(shared.release());
    }
  }
  const int nid = options.legacy_3des ? NID_pbe_WithSHA1And3_Key_TripleDES_CBC : 0;
  const char* name = options.friendly_name.empty() ? nullptr : options.friendly_name.c_str();
  pki::Pkcs12Ptr p12(PKCS12_create(options.password.data(), name,
                                   options.include_key ? chain[0].key.get() : nullptr, chain[0].x509.get(),
                                   cas.get(), nid, nid, 0, options.legacy_3des ? -1 : 0, 0));
  if (!p12) return fail("PKCS12_create");
  if (options.legacy_3des && PKCS12_set_mac(p12.get(), options.password.data(), -1, nullptr, 0,
                                            PKCS12_DEFAULT_ITER, EVP_sha1()) != 1)
    return fail("PKCS#12 MAC");
  auto bio = mem_bio();
  if (!bio || i2d_PKCS12_bio(bio.get(), p12.get()) != 1) return fail("encoding PKCS#12");
  return bio_bytes(bio.get());
}

Result<pki::Bytes> encode_csr(const X509_REQ* csr, Encoding encoding) {
  if (csr == nullptr) return Error{"CSR: none"};
  auto bio = mem_bio();
  if (!bio) return fail("BIO_new");
  // The OpenSSL writers take non-const pointers but do not modify the request.
  X509_REQ* req = const_cast<X509_REQ*>(csr);
  const int rc =
      encoding == Encoding::kPem ? PEM_write_bio_X509_REQ(bio.get(), req) : i2d_X509_REQ_bio(bio.get(), req);
  if (rc != 1) return fail("encoding CSR");
  return bio_bytes(bio.get());
}

// --- writers ---------------------------------------------------------------------------------

Status write_file_atomic(const std::filesystem::path& path, std::string_view data, bool private_file) {
  static std::atomic<unsigned> counter{0};
  std::filesystem::path tmp = path;
  tmp += fmt::format(".tmp.{}.{}", ::getpid(), counter++);
  const mode_t mode = private_file ? 0600 : 0644;
  const int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode);
  if (fd < 0) return Error{fmt::format("{}: cannot create: {}", path.string(), std::strerror(errno))};
  Status written = write_all(fd, data.data(), data.size());
  if (written && private_file && ::fchmod(fd, 0600) != 0) written = Error{std::strerror(errno)};
  if (written && ::fsync(fd) != 0) written = Error{std::strerror(errno)};
  if (::close(fd) != 0 && written) written = Error{std::strerror(errno)};
  if (!written) {
    ::unlink(tmp.c_str());
    return Error{fmt::format("{}: cannot write: {}", path.string(), written.error().message)};
  }
  if (::rename(tmp.c_str(), path.c_str()) != 0) {
    const int e = errno;
    ::unlink(tmp.c_str());
    return Error{fmt::format("{}: cannot rename into place: {}", path.string(), std::strerror(e))};
  }
  return Ok{};
}

Status write_file_atomic(const std::filesystem::path& path, const pki::Bytes& data, bool private_file) {
  return write_file_atomic(path, std::string_view(reinterpret_cast<const char*>(data.data()), data.size()),
                           private_file);
}

Status write_pem_chain(const std::filesystem::path& path, const std::vector<Minted>& chain) {
  return write_file_atomic(path, pem_chain(chain));
}

Status write_der(const std::filesystem::path& path, const Minted& cert) {
  return write_file_atomic(path, cert.der);
}

Status write_pkcs7(const std::filesystem::path& path, const std::vector<Minted>& chain, Encoding encoding) {
  auto data = encode_pkcs7(chain, encoding);
  if (!data) return Error{fmt::format("{}: {}", path.string(), data.error().message)};
  return write_file_atomic(path, *data);
}

Status write_pkcs12(const std::filesystem::path& path, const std::vector<Minted>& chain,
                    const Pkcs12Options& options) {
  auto data = encode_pkcs12(chain, options);
  if (!data) return Error{fmt::format("{}: {}", path.string(), data.error().message)};
  return write_file_atomic(path, *data, options.include_key);
}

Status write_csr(const std::filesystem::path& path, const X509_REQ* csr, Encoding encoding) {
  auto data = encode_csr(csr, encoding);
  if (!data) return Error{fmt::format("{}: {}", path.string(), data.error().message)};
  return write_file_atomic(path, *data);
}

Status write_private_key(const std::filesystem::path& path, const KeyPair& key) {
  const pki::Secret pem = key.pem_private_secret();
  return write_file_atomic(path, pem.view(), true);
}

}  // namespace uccert::lab
