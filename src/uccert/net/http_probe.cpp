// HTTPS (lyncdiscover, web services): one GET on the dialled endpoint, then the redirects the
// mobile clients follow, each hop a new connection within the probe's one deadline. Only the
// response head is read, capped at kMaxHttpResponseHead bytes.
#include <algorithm>

#include <asio/read_until.hpp>
#include <asio/write.hpp>
#include <fmt/format.h>

#include "uccert/net/prober.h"

namespace uccert::net::probe_detail {

std::string Prober::why_no_answer(const HttpAnswer& a) const {
  if (a.timed_out) return fmt::format("no answer within {}", seconds());
  if (a.too_large) return fmt::format("the response head exceeds {} bytes", kMaxHttpResponseHead);
  if (a.not_http) return "the server answered something that is not HTTP";
  return describe(a.ec);
}

// The URL of the first GET: the name dialled, its port, --http-path.
Url Prober::first_url() const {
  Url u;
  u.scheme = "https";
  u.host = lower_name(o_.host);
  u.port = o_.port;
  u.target = o_.http_path.empty() ? std::string("/") : o_.http_path;
  return u;
}

// One GET of `url` on an established TLS stream; reads the head only, at most
// kMaxHttpResponseHead bytes; the body is never read.
asio::awaitable<HttpAnswer> Prober::http_exchange(SslStream& stream, DeadlineGuard& guard, const Url& url) {
  HttpAnswer out;
  std::string req = fmt::format(
      "GET {} HTTP/1.1\r\nHost: {}\r\nUser-Agent: uccert\r\nAccept: */*\r\nConnection: close\r\n\r\n", url.target,
      url.authority());
  co_await asio::async_write(stream, asio::buffer(req), awaitable_ec(out.ec));
  if (out.ec) {
    out.timed_out = guard.fired();
    co_return out;
  }
  std::string buf;
  std::size_t n = co_await asio::async_read_until(stream, asio::dynamic_buffer(buf, kMaxHttpResponseHead), "\r\n\r\n",
                                                  awaitable_ec(out.ec));
  if (out.ec == asio::error::not_found) {
    out.too_large = true;
    co_return out;
  }
  if (out.ec) {
    out.timed_out = guard.fired();
    co_return out;
  }
  out.response = parse_http_response(std::string_view(buf).substr(0, n));
  out.not_http = !out.response;
  co_return out;
}

// The answer's status line and headers become the endpoint's (the last answer wins).
void Prober::record_http_answer(const HttpResponse& r, evidence::EndpointFacts& facts) {
  facts.application_status = r.status_line;
  auto set = [&](const char* k, const std::optional<std::string>& v) {
    if (v) {
      facts.application_details[k] = *v;
    } else {
      facts.application_details.erase(k);
    }
  };
  set(key::kHttpServer, r.header("Server"));
  set(key::kHttpLocation, r.header("Location"));
}

asio::awaitable<void> Prober::https_get(Handshake& hs, DeadlineGuard& guard, evidence::EndpointFacts& facts) {
  const Url url = first_url();
  auto answer = co_await http_exchange(*hs.stream, guard, url);
  if (!answer.response) {
    if (answer.too_large || answer.not_http) {
      facts.application_status = fmt::format("no HTTP response: {}", why_no_answer(answer));
      facts.application_details[key::kProtocolError] = answer.too_large ? "response too large" : "not HTTP";
    } else {
      protocol_failure("HTTP", answer.ec, answer.timed_out, facts, hs);
    }
    co_return;
  }
  if (o_.client_identity && hs.cert_requested) facts.application_details[key::kClientCertOutcome] = "accepted";
  record_http_answer(*answer.response, facts);
  if (is_followed_redirect(answer.response->status_code)) {
    if (auto location = answer.response->header("Location")) {
      redirect_ = PendingRedirect{url, answer.response->status_code, std::move(*location)};
    }
  }
}

// SNI for a redirect hop: as the first connection on the name dialled (so --sni and --no-sni
// hold), else the hop's host unless it is an IP address.
std::string Prober::hop_sni(const Url& u) const {
  if (u.host == lower_name(o_.host)) return sni_;
  return is_ip_literal(u.host) ? std::string() : u.host;
}

// Mobile clients follow the autodiscover redirects (DNS-01, MOB-04): each hop is a new TCP +
// TLS connection and one GET, all within the probe's one deadline. The chain judged stays the
// dialled endpoint's; a hop on another host:port has its certificate named, since that is the
// next one the client meets. Kept per hop: its URL (at most kMaxUrlLength) and status code.
asio::awaitable<void> Prober::follow_redirects(asio::ssl::context& ctx, evidence::EndpointFacts& facts) {
  PendingRedirect pending = std::move(*redirect_);
  redirect_.reset();
  Url current = pending.from;
  std::string location = std::move(pending.location);
  std::vector<std::string> seen{current.text()};
  std::string hops = fmt::format("{} {}", current.text(), pending.status);
  int followed = 0;
  auto stop = [&](std::string line, std::string why) {
    facts.application_status = std::move(line);
    facts.application_details[key::kProtocolError] = std::move(why);
  };
  auto out_of_time = [&](const std::string& url) {
    stop(fmt::format("no final HTTP response: no answer within {} after {} redirect{} (waiting for {})", seconds(),
                     followed, followed == 1 ? "" : "s", url),
         fmt::format("no answer within {} after {} redirect{}", seconds(), followed, followed == 1 ? "" : "s"));
  };
  while (true) {
    auto next = resolve_location(current, location);
    if (!next) {
      stop(fmt::format("redirect not followed: the Location \"{}\" sent by {} cannot be used: {}", printable(location),
                       current.text(), next.error().message),
           "unusable Location");
      break;
    }
    const std::string url = next->text();
    if (next->scheme != "https") {
      hops += fmt::format(" -> {} (not followed)", url);
      stop(fmt::format("redirect to plain HTTP not followed: {} (mobile clients need HTTPS at every hop)", url),
           "redirect to plain HTTP");
      break;
    }
    if (followed >= kMaxHttpRedirects) {
      hops += fmt::format(" -> {} (not followed)", url);
      stop(fmt::format("no final HTTP response: more than {} redirects; last Location: {}", kMaxHttpRedirects, url),
           "too many redirects");
      break;
    }
    if (std::find(seen.begin(), seen.end(), url) != seen.end()) {
      hops += " -> " + url;
      stop(fmt::format("redirect loop: {} came back after {} redirect{}", url, followed + 1, followed == 0 ? "" : "s"),
           "redirect loop");
      break;
    }
    seen.push_back(url);
    ++followed;
    hops += " -> " + url;
    if (Clock::now() >= deadline_) {
      out_of_time(url);
      break;
    }
    const Target t = make_target(next->host, next->port);
    evidence::EndpointFacts scratch;  // the hop's own handshake facts are not the endpoint's
    auto hs = co_await connect_and_handshake(ctx, t, hop_sni(*next), scratch);
    if (!hs || !hs->handshake_error.empty()) {
      hops += " (failed)";
      if (Clock::now() >= deadline_) {
        out_of_time(url);
      } else {
        std::string why = hs ? fmt::format("{}: TLS handshake refused: {}", where(t, hs->address), hs->handshake_error)
                             : hs.error().message;
        stop(fmt::format("redirect {} to {} failed: {}", followed, url, why), fmt::format("redirect failed: {}", why));
      }
      if (hs) {
        asio::error_code ignored;
        hs->stream->next_layer().close(ignored);
      }
      break;
    }
    if (next->host != lower_name(o_.host) || next->port != o_.port) {
      const auto& leaf = hs->chain.front();
      facts.application_details[key::http_hop_certificate(followed)] =
          fmt::format("{}: {}, SHA-1 {}", where(t, hs->address), leaf->subject.text, leaf->sha1_thumbprint);
    }
    HttpAnswer answer;
    {
      DeadlineGuard guard(io_, deadline_);
      guard.watch(&hs->stream->next_layer());
      answer = co_await http_exchange(*hs->stream, guard, *next);
      guard.watch(nullptr);
      asio::error_code ignored;
      hs->stream->next_layer().close(ignored);
    }
    if (!answer.response) {
      hops += " (no answer)";
      if (answer.timed_out) {
        out_of_time(url);
      } else {
        stop(fmt::format("no final HTTP response: redirect {} to {}: {}", followed, url, why_no_answer(answer)),
             why_no_answer(answer));
      }
      break;
    }
    const int code = answer.response->status_code;
    hops += fmt::format(" {}", code);
    record_http_answer(*answer.response, facts);
    auto next_location = answer.response->header("Location");
    if (!is_followed_redirect(code) || !next_location) break;  // the final answer
    current = std::move(*next);
    location = std::move(*next_location);
  }
  facts.application_details[key::kHttpRedirects] = std::to_string(followed);
  facts.application_details[key::kHttpHops] = std::move(hops);
}

}  // namespace uccert::net::probe_detail
