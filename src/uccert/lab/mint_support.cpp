// Small helpers every minting file uses: OpenSSL's errors as text, memory BIOs, shared keys.
#include "uccert/lab/mint_detail.h"

namespace uccert::lab::mint_detail {

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

bool is_rsa(EVP_PKEY* k) {
  return EVP_PKEY_get_base_id(k) == EVP_PKEY_RSA;
}

std::string as_string(const pki::Bytes& b) {
  return std::string(b.begin(), b.end());
}

}  // namespace uccert::lab::mint_detail
