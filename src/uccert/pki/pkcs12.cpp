#include "uccert/pki/pkcs12.h"

#include <openssl/err.h>
#include <openssl/pkcs12.h>
#include <openssl/provider.h>
#include <openssl/x509.h>

#include <mutex>
#include <optional>
#include <string>

#include "uccert/pki/chain_order.h"
#include "uccert/pki/handles.h"

namespace uccert::pki {

namespace {

void free_pkcs7_stack(STACK_OF(PKCS7) * s) noexcept { sk_PKCS7_pop_free(s, PKCS7_free); }
void free_bag_stack(STACK_OF(PKCS12_SAFEBAG) * s) noexcept { sk_PKCS12_SAFEBAG_pop_free(s, PKCS12_SAFEBAG_free); }
// PKCS8_PRIV_KEY_INFO is ASN1_SENSITIVE: freeing it cleanses the key bytes.
using Pkcs8Ptr = OpenSslPtr<PKCS8_PRIV_KEY_INFO, PKCS8_PRIV_KEY_INFO_free>;
using Pkcs7StackPtr = OpenSslPtr<STACK_OF(PKCS7), free_pkcs7_stack>;
using BagStackPtr = OpenSslPtr<STACK_OF(PKCS12_SAFEBAG), free_bag_stack>;

// Windows exported PFX files with RC2-40 and 3DES for years; OpenSSL 3 keeps RC2 in the legacy
// provider. Loaded once, on the first PKCS#12 file, keeping the default provider available.
// Returns whether the legacy provider is available.
bool load_legacy_provider_once() {
  static std::once_flag once;
  // Held for the life of the process; kept in a static so leak checkers see it is reachable.
  static OSSL_PROVIDER* legacy = nullptr;
  std::call_once(once, [] {
    legacy = OSSL_PROVIDER_try_load(nullptr, "legacy", 1);
    ERR_clear_error();
  });
  return legacy != nullptr;
}

// The password as OpenSSL's PKCS#12 functions take it. `null` is distinct from "": Windows and
// OpenSSL disagree on how an empty password is encoded, so both are tried.
struct Pass {
  const char* data = nullptr;
  int size = 0;
};

// Key derivation runs the iteration count the file asks for: a crafted file asking for 2^31
// would hang the command. Windows and OpenSSL write 2,000 to 600,000; allow well above that.
constexpr long kMaxIterations = 2'000'000;

// The iteration count of a PKCS#5/PKCS#12 password-based encryption algorithm; 0 when unknown.
long pbe_iterations(const X509_ALGOR* alg) {
  if (alg == nullptr) return 0;
  const ASN1_OBJECT* obj = nullptr;
  int param_type = 0;
  const void* param = nullptr;
  X509_ALGOR_get0(&obj, &param_type, &param, alg);
  if (param_type != V_ASN1_SEQUENCE || param == nullptr) return 0;
  const auto* type = static_cast<const ASN1_STRING*>(param);
  long iterations = 0;
  if (OBJ_obj2nid(obj) == NID_pbes2) {
    const unsigned char* p = ASN1_STRING_get0_data(type);
    PBE2PARAM* pbe2 = d2i_PBE2PARAM(nullptr, &p, ASN1_STRING_length(type));
    if (pbe2 != nullptr && pbe2->keyfunc != nullptr && OBJ_obj2nid(pbe2->keyfunc->algorithm) == NID_id_pbkdf2 &&
        pbe2->keyfunc->parameter != nullptr && pbe2->keyfunc->parameter->type == V_ASN1_SEQUENCE) {
      const ASN1_STRING* kdf = pbe2->keyfunc->parameter->value.sequence;
      const unsigned char* q = ASN1_STRING_get0_data(kdf);
      PBKDF2PARAM* pbkdf2 = d2i_PBKDF2PARAM(nullptr, &q, ASN1_STRING_length(kdf));
      if (pbkdf2 != nullptr) iterations = ASN1_INTEGER_get(pbkdf2->iter);
      PBKDF2PARAM_free(pbkdf2);
    }
    PBE2PARAM_free(pbe2);
  } else {
    const unsigned char* p = ASN1_STRING_get0_data(type);
    PBEPARAM* pbe = d2i_PBEPARAM(nullptr, &p, ASN1_STRING_length(type));
    if (pbe != nullptr) iterations = ASN1_INTEGER_get(pbe->iter);
    PBEPARAM_free(pbe);
  }
  ERR_clear_error();
  return iterations;
}

bool too_many_iterations(long iterations) { return iterations < 0 || iterations > kMaxIterations; }

std::string too_many_text(const std::string& name, long iterations) {
  return name + ": the PKCS#12 file asks for " + std::to_string(iterations) +
         " key derivation iterations (more than " + std::to_string(kMaxIterations) + "): refused";
}

struct Walk {
  std::size_t max_certs = kDefaultMaxCertificates;
  CertificatePool* pool = nullptr;  // the caller's, when it has one
  std::vector<CertificatePtr> certs;
  std::vector<std::string> friendly_names;     // per certificate
  std::vector<Bytes> local_key_ids;            // per certificate
  EvpPkeyPtr key;                               // the first private key found
  Bytes key_local_id;
  std::size_t keys = 0;
  std::optional<Error> error;
  // The error is that a safe or a key did not decrypt: with no MAC to test the password first,
  // this is how a wrong (or missing) password shows.
  bool decrypt_failed = false;
};

Bytes local_key_id(const PKCS12_SAFEBAG* bag) {
  const ASN1_TYPE* attr = PKCS12_SAFEBAG_get0_attr(bag, NID_localKeyID);
  if (attr == nullptr || attr->type != V_ASN1_OCTET_STRING) return {};
  const ASN1_OCTET_STRING* s = attr->value.octet_string;
  const unsigned char* p = ASN1_STRING_get0_data(s);
  return Bytes(p, p + ASN1_STRING_length(s));
}

std::string friendly_name(const PKCS12_SAFEBAG* bag) {
  char* name = PKCS12_get_friendlyname(const_cast<PKCS12_SAFEBAG*>(bag));
  if (name == nullptr) {
    ERR_clear_error();
    return {};
  }
  std::string out(name);
  OPENSSL_free(name);
  return out;
}

void take_key(Walk& walk, const PKCS8_PRIV_KEY_INFO* p8, const PKCS12_SAFEBAG* bag) {
  ++walk.keys;
  if (walk.key) return;  // one key is what Windows exports; compare only the first
  walk.key.reset(EVP_PKCS82PKEY(p8));
  if (!walk.key) ERR_clear_error();
  walk.key_local_id = local_key_id(bag);
}

void walk_bags(Walk& walk, const STACK_OF(PKCS12_SAFEBAG) * bags, Pass pass, const std::string& name,
               int depth) {
  for (int i = 0; i < sk_PKCS12_SAFEBAG_num(bags) && !walk.error; ++i) {
    const PKCS12_SAFEBAG* bag = sk_PKCS12_SAFEBAG_value(bags, i);
    switch (PKCS12_SAFEBAG_get_nid(bag)) {
      case NID_certBag: {
        if (PKCS12_SAFEBAG_get_bag_nid(bag) != NID_x509Certificate) break;  // SDSI certificates: ignored
        if (walk.certs.size() >= walk.max_certs) {
          walk.error = Error{too_many_certificates(name, walk.max_certs)};
          break;
        }
        X509* x = PKCS12_SAFEBAG_get1_cert(bag);
        const std::size_t index = walk.certs.size() + 1;
        if (x == nullptr) {
          walk.error = Error{name + ": certificate " + std::to_string(index) + ": " + drain_openssl_errors()};
          break;
        }
        auto cert = Certificate::from_x509(x, walk.pool);
        if (!cert) {
          walk.error = Error{name + ": certificate " + std::to_string(index) + ": " + cert.error().message};
          break;
        }
        walk.certs.push_back(std::move(cert.value()));
        walk.friendly_names.push_back(friendly_name(bag));
        walk.local_key_ids.push_back(local_key_id(bag));
        break;
      }
      case NID_keyBag:
        take_key(walk, PKCS12_SAFEBAG_get0_p8inf(bag), bag);
        break;
      case NID_pkcs8ShroudedKeyBag: {
        const X509_ALGOR* alg = nullptr;
        X509_SIG_get0(PKCS12_SAFEBAG_get0_pkcs8(bag), &alg, nullptr);
        if (const long iterations = pbe_iterations(alg); too_many_iterations(iterations)) {
          walk.error = Error{too_many_text(name, iterations)};
          break;
        }
        Pkcs8Ptr p8(PKCS12_decrypt_skey(bag, pass.data, pass.size));
        if (!p8) {
          walk.error = Error{name + ": cannot decrypt the private key: " + drain_openssl_errors()};
          walk.decrypt_failed = true;
          break;
        }
        take_key(walk, p8.get(), bag);
        break;
      }
      case NID_safeContentsBag:
        // Nesting is legal but never deep in practice; bound it so a crafted file cannot recurse forever.
        if (depth < 8) walk_bags(walk, PKCS12_SAFEBAG_get0_safes(bag), pass, name, depth + 1);
        break;
      default:
        break;  // CRL and secret bags: not certificates
    }
  }
}

Result<Pkcs12Ptr> parse(std::span<const std::uint8_t> der) {
  if (der.size() > static_cast<std::size_t>(INT32_MAX)) return Error{"too large"};
  const unsigned char* p = der.data();
  Pkcs12Ptr p12(d2i_PKCS12(nullptr, &p, static_cast<long>(der.size())));
  if (!p12) return Error{drain_openssl_errors()};
  if (p != der.data() + der.size()) return Error{"stray bytes after the PKCS#12 structure"};
  return p12;
}

}  // namespace

bool looks_like_pkcs12(std::span<const std::uint8_t> der) {
  bool ok = parse(der).ok();
  ERR_clear_error();
  return ok;
}

Result<Pkcs12Contents> read_pkcs12(std::span<const std::uint8_t> der, const std::string& name,
                                   const LoadOptions& options) {
  const PasswordSource& password = options.password;
  const std::string no_password = name + ": the PKCS#12 file is protected by a password and none was given" +
                                  (options.missing_password_hint.empty() ? "" : ": " + options.missing_password_hint);
  auto parsed = parse(der);
  if (!parsed) return Error{name + ": malformed PKCS#12 file: " + parsed.error().message};
  PKCS12* p12 = parsed->get();
  (void)load_legacy_provider_once();  // without it, RC2-encrypted files fail with a clear error below

  Pkcs12Contents out;
  Pkcs12Facts& facts = out.facts;
  facts.mac_present = PKCS12_mac_present(p12) == 1;

  if (facts.mac_present) {
    const ASN1_INTEGER* iter = nullptr;
    PKCS12_get0_mac(nullptr, nullptr, nullptr, &iter, p12);
    const long iterations = iter == nullptr ? 1 : ASN1_INTEGER_get(iter);
    if (too_many_iterations(iterations)) return Error{too_many_text(name, iterations)};
  }

  // The empty password first (null, then ""), so an unprotected file needs no prompt.
  Pass pass;
  std::optional<Secret> secret;
  bool opened = false;
  if (facts.mac_present) {
    if (PKCS12_verify_mac(p12, nullptr, 0) == 1) {
      opened = true;
    } else if (PKCS12_verify_mac(p12, "", 0) == 1) {
      pass = Pass{"", 0};
      opened = true;
    }
    ERR_clear_error();
    if (!opened) {
      facts.password_protected = true;
      if (password) secret = password(name);
      if (!secret) return Error{no_password};
      if (PKCS12_verify_mac(p12, secret->data(), static_cast<int>(secret->size())) != 1) {
        ERR_clear_error();
        return Error{name + ": wrong password for the PKCS#12 file"};
      }
      pass = Pass{secret->data(), static_cast<int>(secret->size())};
    }
  } else {
    // No MAC (rare; some Java tools): the password shows only when decrypting.
    pass = Pass{"", 0};
  }

  Pkcs7StackPtr safes(PKCS12_unpack_authsafes(p12));
  if (!safes) return Error{name + ": malformed PKCS#12 contents: " + drain_openssl_errors()};

  // Every safe, then every bag in it, with one password.
  auto walk_safes = [&](const Pass& with) {
    Walk walk;
    walk.max_certs = options.max_certificates;
    walk.pool = options.pool;
    for (int i = 0; i < sk_PKCS7_num(safes.get()) && !walk.error; ++i) {
      PKCS7* p7 = sk_PKCS7_value(safes.get(), i);
      BagStackPtr bags;
      const int nid = OBJ_obj2nid(p7->type);
      if (nid == NID_pkcs7_data) {
        bags.reset(PKCS12_unpack_p7data(p7));
      } else if (nid == NID_pkcs7_encrypted) {
        if (p7->d.encrypted == nullptr || p7->d.encrypted->enc_data == nullptr) {
          walk.error = Error{name + ": malformed PKCS#12 contents (encrypted data without content)"};
          break;
        }
        if (const long iterations = pbe_iterations(p7->d.encrypted->enc_data->algorithm);
            too_many_iterations(iterations)) {
          walk.error = Error{too_many_text(name, iterations)};
          break;
        }
        bags.reset(PKCS12_unpack_p7encdata(p7, with.data, with.size));
        if (!bags) {
          // With a MAC the password is known right: the encryption itself is the problem.
          walk.error = Error{name + ": cannot decrypt the PKCS#12 certificates: " + drain_openssl_errors()};
          walk.decrypt_failed = true;
          break;
        }
      } else {
        continue;  // public-key-encrypted safes (enveloped data) cannot be opened with a password
      }
      if (!bags) {
        walk.error = Error{name + ": malformed PKCS#12 contents: " + drain_openssl_errors()};
        break;
      }
      walk_bags(walk, bags.get(), with, name, 0);
    }
    return walk;
  };
  Walk walk = walk_safes(pass);
  if (walk.decrypt_failed && !facts.mac_present && !secret && password) {
    // No MAC (some Java tools, openssl -nomac): the empty password shows wrong only here, when a
    // safe or the key does not decrypt; ask for the password and read everything again with it.
    ERR_clear_error();
    facts.password_protected = true;
    secret = password(name);
    if (!secret) return Error{no_password};
    pass = Pass{secret->data(), static_cast<int>(secret->size())};
    walk = walk_safes(pass);
    if (walk.decrypt_failed) {
      ERR_clear_error();
      return Error{name + ": wrong password for the PKCS#12 file"};
    }
  }
  if (walk.error) return *walk.error;
  if (walk.certs.empty()) return Error{name + ": the PKCS#12 file holds no certificate"};

  facts.certificate_count = walk.certs.size();
  facts.has_private_key = walk.keys > 0;
  facts.leaf_index = find_leaf(walk.certs);
  facts.carries_chain = walk.certs.size() > 1;
  if (walk.key) {
    for (std::size_t i = 0; i < walk.certs.size(); ++i) {
      if (EVP_PKEY_eq(X509_get0_pubkey(walk.certs[i]->x509()), walk.key.get()) == 1) {
        facts.key_certificate_index = i;
        break;
      }
    }
    ERR_clear_error();
    facts.key_matches_leaf = facts.key_certificate_index.has_value() && facts.leaf_index.has_value() &&
                             *facts.key_certificate_index == *facts.leaf_index;
  } else if (walk.keys > 0) {
    facts.key_matches_leaf = false;  // a key bag OpenSSL cannot decode cannot match anything
  }
  // The private key goes no further than the comparison above.
  walk.key.reset();
  if (facts.leaf_index) facts.friendly_name = walk.friendly_names[*facts.leaf_index];
  out.certificates = std::move(walk.certs);
  return out;
}

}  // namespace uccert::pki
