#include "uccert/net/tls_client_context.h"

#include "uccert/net/tls_session.h"

namespace uccert::net {

Result<std::shared_ptr<asio::ssl::context>> SharedTlsClientContext::get() {
  std::lock_guard lock(mutex_);
  if (!context_) {
    auto made = probe_detail::make_context(nullptr);
    if (!made) return made.error();
    context_ = std::make_shared<asio::ssl::context>(std::move(*made));
  }
  return context_;
}

}  // namespace uccert::net
