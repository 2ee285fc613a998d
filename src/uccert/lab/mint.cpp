// Minting: a CertSpec, a subject key and an issuer (or none) become a signed certificate and its
// decoded view; the same spec makes a PKCS#10 request through pki/csr_builder.
#include "uccert/lab/mint.h"

#include <openssl/pem.h>
#include <openssl/rand.h>

#include <chrono>
#include <stdexcept>

#include "uccert/lab/mint_detail.h"
#include "uccert/pki/csr_builder.h"

namespace uccert::lab {

namespace mint_detail {

Result<const EVP_MD*> digest_for(const CertSpec& spec, EVP_PKEY* signer) {
  if (EVP_PKEY_get_base_id(signer) == EVP_PKEY_ED25519 || EVP_PKEY_get_base_id(signer) == EVP_PKEY_ED448)
    return static_cast<const EVP_MD*>(nullptr);
  const EVP_MD* md = EVP_get_digestbyname(spec.digest.c_str());
  if (md == nullptr) return Error{fmt::format("digest '{}' is not known", spec.digest)};
  return md;
}

}  // namespace mint_detail

using namespace mint_detail;

namespace {

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

}  // namespace

pki::UnixTime now() {
  return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch())
      .count();
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

// The request is assembled by pki/csr_builder (as `uccert csr` builds one); the spec adds what
// only tests want (any subject, raw extensions, other digests, RSASSA-PSS).
Result<pki::X509ReqPtr> make_csr(const CertSpec& spec, const KeyPair& key) {
  if (key.get() == nullptr) return Error{"make_csr: no key"};
  auto subject = build_name(spec.subject);
  if (!subject) return Error{"subject: " + subject.error().message};
  std::vector<pki::X509ExtensionPtr> exts;
  if (auto s = request_extensions(spec, key, exts, false); !s) return s.error();
  if (auto s = raw_extensions(spec, exts); !s) return s.error();
  auto req = pki::assemble_csr(subject->get(), key.get(), exts);
  if (!req) return req.error();
  if (auto s = sign_object(req->get(), X509_REQ_sign_ctx, spec, key.get()); !s) return s.error();
  return req;
}

}  // namespace uccert::lab
