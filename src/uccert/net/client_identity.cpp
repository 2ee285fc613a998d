#include "uccert/net/client_identity.h"

#include <fstream>
#include <iterator>

#include <fmt/format.h>
#include <openssl/err.h>
#include <openssl/pem.h>

namespace uccert::net {

namespace {

Result<std::string> read_all(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Error{fmt::format("{}: cannot be read", path)};
  std::string data((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (data.size() > 1024 * 1024) return Error{fmt::format("{}: larger than 1 MiB, not a client certificate", path)};
  return data;
}

pki::BioPtr mem_bio(const std::string& data) {
  return pki::BioPtr(BIO_new_mem_buf(data.data(), static_cast<int>(data.size())));
}

bool looks_pem(const std::string& data) { return data.find("-----BEGIN ") != std::string::npos; }

}  // namespace

Result<ClientIdentity> load_client_identity(const ClientIdentitySource& source) {
  ERR_clear_error();
  auto cert_data = read_all(source.cert_file);
  if (!cert_data) return cert_data.error();
  ClientIdentity id;
  id.origin = source.cert_file;
  id.chain.reset(sk_X509_new_null());

  if (!looks_pem(*cert_data)) {
    // PKCS#12
    auto bio = mem_bio(*cert_data);
    pki::Pkcs12Ptr p12(d2i_PKCS12_bio(bio.get(), nullptr));
    if (!p12) return Error{fmt::format("{}: neither PEM nor PKCS#12", source.cert_file)};
    EVP_PKEY* key = nullptr;
    X509* cert = nullptr;
    STACK_OF(X509)* ca = nullptr;
    if (PKCS12_parse(p12.get(), source.password.c_str(), &key, &cert, &ca) != 1) {
      return Error{fmt::format("{}: cannot open the PKCS#12 (wrong password?): {}", source.cert_file,
                               pki::drain_openssl_errors())};
    }
    id.key.reset(key);
    id.cert.reset(cert);
    if (ca != nullptr) id.chain.reset(ca);
  } else {
    auto bio = mem_bio(*cert_data);
    id.cert.reset(PEM_read_bio_X509(bio.get(), nullptr, nullptr, nullptr));
    if (!id.cert) return Error{fmt::format("{}: no PEM certificate", source.cert_file)};
    while (X509* extra = PEM_read_bio_X509(bio.get(), nullptr, nullptr, nullptr)) {
      sk_X509_push(id.chain.get(), extra);
    }
    ERR_clear_error();  // the loop ends on "no start line"
    const std::string& key_path = source.key_file.empty() ? source.cert_file : source.key_file;
    std::string key_data;
    if (source.key_file.empty()) {
      key_data = *cert_data;
    } else {
      auto k = read_all(source.key_file);
      if (!k) return k.error();
      key_data = std::move(*k);
    }
    auto kbio = mem_bio(key_data);
    id.key.reset(PEM_read_bio_PrivateKey(kbio.get(), nullptr, nullptr,
                                         const_cast<char*>(source.password.c_str())));  // NOLINT
    if (!id.key) {
      return Error{fmt::format("{}: no readable private key{}", key_path,
                               source.key_file.empty() ? " (give it with --client-key)" : "")};
    }
  }
  if (!id.cert || !id.key) return Error{fmt::format("{}: no certificate and key in it", source.cert_file)};
  if (X509_check_private_key(id.cert.get(), id.key.get()) != 1) {
    ERR_clear_error();
    return Error{fmt::format("{}: the private key does not belong to the certificate", source.cert_file)};
  }
  return id;
}

}  // namespace uccert::net
