// SMTP (RFC 3207): the greeting, EHLO and STARTTLS a mail client sends before its TLS handshake,
// each reply capped at kMaxSmtpReply bytes.
#include <array>

#include <asio/write.hpp>
#include <fmt/format.h>

#include "uccert/net/prober.h"

namespace uccert::net::probe_detail {

asio::awaitable<Result<SmtpReply>> Prober::smtp_read(tcp::socket& sock, std::string& buf, const std::string& address,
                                                     DeadlineGuard& guard, std::string_view phase) {
  std::array<char, 1024> chunk{};
  while (true) {
    if (auto n = complete_smtp_reply(buf)) {
      auto reply = parse_smtp_reply(std::string_view(buf).substr(0, *n));
      buf.erase(0, *n);
      if (!reply) co_return Error{fmt::format("{}: {}: not an SMTP reply", where(address), phase)};
      co_return *reply;
    }
    if (buf.size() > kMaxSmtpReply) {
      co_return Error{fmt::format("{}: {}: reply longer than {} bytes", where(address), phase, kMaxSmtpReply)};
    }
    asio::error_code ec;
    std::size_t n = co_await sock.async_read_some(asio::buffer(chunk), awaitable_ec(ec));
    if (ec) co_return fail(address, std::string(phase), ec, guard.fired());
    buf.append(chunk.data(), n);
  }
}

asio::awaitable<Status> Prober::smtp_preamble(tcp::socket& sock, const std::string& address, DeadlineGuard& guard,
                                              evidence::EndpointFacts& facts) {
  std::string buf;
  auto greeting = co_await smtp_read(sock, buf, address, guard, "waiting for the SMTP greeting");
  if (!greeting) co_return greeting.error();
  facts.application_details[key::kSmtpGreeting] = greeting->first_line();
  if (greeting->code != 220) {
    co_return Error{fmt::format("{}: the SMTP server refused the session: {}", where(address), greeting->first_line())};
  }
  asio::error_code ec;
  std::string ehlo = fmt::format("EHLO {}\r\n", o_.ehlo_name);
  co_await asio::async_write(sock, asio::buffer(ehlo), awaitable_ec(ec));
  if (ec) co_return fail(address, "sending EHLO", ec, guard.fired());
  auto caps = co_await smtp_read(sock, buf, address, guard, "waiting for the EHLO reply");
  if (!caps) co_return caps.error();
  facts.application_details[key::kSmtpEhlo] = caps->first_line();
  if (caps->code != 250) {
    co_return Error{fmt::format("{}: EHLO refused: {}", where(address), caps->first_line())};
  }
  if (!caps->has_keyword("STARTTLS")) {
    co_return Error{fmt::format("{}: the SMTP server does not offer STARTTLS (EHLO answered {})", where(address),
                                caps->first_line())};
  }
  std::string starttls = "STARTTLS\r\n";
  co_await asio::async_write(sock, asio::buffer(starttls), awaitable_ec(ec));
  if (ec) co_return fail(address, "sending STARTTLS", ec, guard.fired());
  auto go = co_await smtp_read(sock, buf, address, guard, "waiting for the STARTTLS reply");
  if (!go) co_return go.error();
  if (go->code != 220) {
    co_return Error{fmt::format("{}: the SMTP server refused STARTTLS: {}", where(address), go->first_line())};
  }
  facts.application_status = go->first_line();
  co_return Ok{};
}

}  // namespace uccert::net::probe_detail
