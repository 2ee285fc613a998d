// GeneralName (RFC 5280 4.2.1.6) into its plain value: subjectAltName entries, name-constraint
// subtrees (where an IP entry is an address and a mask), AIA and CRL distribution point locations.
#include <arpa/inet.h>
#include <openssl/x509v3.h>

#include <utility>

#include "uccert/pki/x509_fields.h"

namespace uccert::pki::x509_fields {

namespace {

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

}  // namespace

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

}  // namespace uccert::pki::x509_fields

