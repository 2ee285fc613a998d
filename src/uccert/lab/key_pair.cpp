// KeyPair and KeySpec: generating, reading and writing one private key, and its identifiers.
#include <openssl/pem.h>
#include <openssl/x509.h>

#include <stdexcept>

#include "uccert/lab/mint_detail.h"

namespace uccert::lab {

using namespace mint_detail;

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

}  // namespace uccert::lab
