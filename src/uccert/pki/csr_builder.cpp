#include "uccert/pki/csr_builder.h"

#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/objects.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include <utility>

namespace uccert::pki {

namespace {

using GeneralNamePtr = OpenSslPtr<GENERAL_NAME, GENERAL_NAME_free>;
using Asn1Ia5StringPtr = OpenSslPtr<ASN1_IA5STRING, ASN1_IA5STRING_free>;
inline void free_obj_stack(STACK_OF(ASN1_OBJECT) * s) noexcept { sk_ASN1_OBJECT_pop_free(s, ASN1_OBJECT_free); }
using ObjStackPtr = OpenSslPtr<STACK_OF(ASN1_OBJECT), free_obj_stack>;
inline void free_ext_stack(STACK_OF(X509_EXTENSION) * s) noexcept {
  sk_X509_EXTENSION_pop_free(s, X509_EXTENSION_free);
}
using ExtStackPtr = OpenSslPtr<STACK_OF(X509_EXTENSION), free_ext_stack>;

Error fail(const std::string& what) { return Error{what + ": " + drain_openssl_errors()}; }

std::string describe(const CsrKeySpec& spec) {
  return spec.algorithm == CsrKeySpec::Algorithm::kRsa ? "RSA-" + std::to_string(spec.rsa_bits) : "ECDSA-" + spec.curve;
}

Status add_ext(std::vector<X509ExtensionPtr>& out, int nid, void* value, const std::string& what) {
  X509_EXTENSION* ext = X509V3_EXT_i2d(nid, 0, value);
  if (ext == nullptr) return fail(what);
  out.emplace_back(ext);
  return Ok{};
}

Status add_san(const std::vector<std::string>& dns_names, std::vector<X509ExtensionPtr>& out) {
  if (dns_names.empty()) return Ok{};
  GeneralNamesPtr names(sk_GENERAL_NAME_new_null());
  if (!names) return fail("subjectAltName");
  for (const auto& d : dns_names) {
    GeneralNamePtr gn(GENERAL_NAME_new());
    Asn1Ia5StringPtr s(ASN1_IA5STRING_new());
    if (!gn || !s || ASN1_STRING_set(s.get(), d.data(), static_cast<int>(d.size())) != 1)
      return fail("subjectAltName " + d);
    GENERAL_NAME_set0_value(gn.get(), GEN_DNS, s.release());
    if (sk_GENERAL_NAME_push(names.get(), gn.get()) == 0) return fail("subjectAltName");
    static_cast<void>(gn.release());
  }
  return add_ext(out, NID_subject_alt_name, names.get(), "subjectAltName");
}

Status add_eku(const std::vector<std::string>& ekus, std::vector<X509ExtensionPtr>& out) {
  if (ekus.empty()) return Ok{};
  ObjStackPtr stack(sk_ASN1_OBJECT_new_null());
  if (!stack) return fail("extendedKeyUsage");
  for (const auto& e : ekus) {
    Asn1ObjectPtr obj(OBJ_txt2obj(e.c_str(), 0));
    if (!obj) {
      ERR_clear_error();
      return Error{"extendedKeyUsage: '" + e + "' is not an OID or a known purpose"};
    }
    if (sk_ASN1_OBJECT_push(stack.get(), obj.get()) == 0) return fail("extendedKeyUsage");
    static_cast<void>(obj.release());
  }
  return add_ext(out, NID_ext_key_usage, stack.get(), "extendedKeyUsage");
}

}  // namespace

Result<EvpPkeyPtr> generate_csr_key(const CsrKeySpec& spec) {
  EVP_PKEY* k = nullptr;
  if (spec.algorithm == CsrKeySpec::Algorithm::kRsa) {
    if (spec.rsa_bits < 2048 || spec.rsa_bits > 16384)
      return Error{describe(spec) + ": RSA keys for a certificate request are 2048 to 16384 bits"};
    k = EVP_PKEY_Q_keygen(nullptr, nullptr, "RSA", static_cast<size_t>(spec.rsa_bits));
  } else {
    if (spec.curve != "P-256" && spec.curve != "P-384") return Error{describe(spec) + ": the curve is P-256 or P-384"};
    k = EVP_PKEY_Q_keygen(nullptr, nullptr, "EC", spec.curve.c_str());
  }
  if (k == nullptr) return fail(describe(spec) + ": key generation failed");
  return EvpPkeyPtr(k);
}

Result<X509ReqPtr> assemble_csr(const X509_NAME* subject, EVP_PKEY* key,
                                const std::vector<X509ExtensionPtr>& extensions) {
  if (key == nullptr) return Error{"certificate request: no key"};
  X509ReqPtr req(X509_REQ_new());
  if (!req) return fail("X509_REQ_new");
  if (X509_REQ_set_version(req.get(), 0) != 1) return fail("request version");
  if (subject != nullptr && X509_REQ_set_subject_name(req.get(), subject) != 1) return fail("subject");
  if (X509_REQ_set_pubkey(req.get(), key) != 1) return fail("public key");
  if (!extensions.empty()) {
    ExtStackPtr stack(sk_X509_EXTENSION_new_null());
    if (!stack) return fail("request extensions");
    for (const auto& e : extensions) {
      X509_EXTENSION* copy = X509_EXTENSION_dup(e.get());
      if (copy == nullptr || sk_X509_EXTENSION_push(stack.get(), copy) == 0) {
        X509_EXTENSION_free(copy);
        return fail("request extensions");
      }
    }
    if (X509_REQ_add_extensions(req.get(), stack.get()) != 1) return fail("request extensions");
  }
  return req;
}

Result<X509ReqPtr> build_csr(const CsrSpec& spec, EVP_PKEY* key) {
  X509NamePtr subject(X509_NAME_new());
  if (!subject) return fail("X509_NAME_new");
  if (!spec.common_name.empty() &&
      X509_NAME_add_entry_by_txt(subject.get(), "CN", MBSTRING_UTF8,
                                 reinterpret_cast<const unsigned char*>(spec.common_name.data()),
                                 static_cast<int>(spec.common_name.size()), -1, 0) != 1)
    return fail("subject CN " + spec.common_name);
  std::vector<X509ExtensionPtr> extensions;
  if (auto s = add_san(spec.dns_names, extensions); !s) return s.error();
  if (auto s = add_eku(spec.ekus, extensions); !s) return s.error();
  auto req = assemble_csr(subject.get(), key, extensions);
  if (!req) return req.error();
  if (X509_REQ_sign(req->get(), key, EVP_sha256()) <= 0) return fail("signing the request with SHA-256");
  return req;
}

Result<std::string> csr_pem(const X509_REQ* csr) {
  if (csr == nullptr) return Error{"certificate request: none"};
  BioPtr bio(BIO_new(BIO_s_mem()));
  // The writer takes a non-const pointer but does not modify the request.
  if (!bio || PEM_write_bio_X509_REQ(bio.get(), const_cast<X509_REQ*>(csr)) != 1) return fail("encoding the request");
  char* data = nullptr;
  const long len = BIO_get_mem_data(bio.get(), &data);
  if (len <= 0 || data == nullptr) return fail("encoding the request");
  return std::string(data, static_cast<std::size_t>(len));
}

Result<BuiltCsr> make_csr(const CsrSpec& spec, const CsrKeySpec& key_spec) {
  auto key = generate_csr_key(key_spec);
  if (!key) return key.error();
  auto req = build_csr(spec, key->get());
  if (!req) return req.error();
  auto pem = csr_pem(req->get());
  if (!pem) return pem.error();
  BioPtr bio(BIO_new(BIO_s_mem()));
  if (!bio || PEM_write_bio_PrivateKey(bio.get(), key->get(), nullptr, nullptr, 0, nullptr, nullptr) != 1)
    return fail("encoding the private key");
  // From the BIO's buffer straight into the Secret (the memory BIO is freed with a clearing free).
  char* data = nullptr;
  const long len = BIO_get_mem_data(bio.get(), &data);
  if (len <= 0 || data == nullptr) return fail("encoding the private key");
  return BuiltCsr{Secret(data, static_cast<std::size_t>(len)), std::move(*pem)};
}

}  // namespace uccert::pki
