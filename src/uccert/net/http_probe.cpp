// HTTPS (lyncdiscover, web services): one GET on the dialled endpoint, then the redirects the
// mobile clients follow, then a TLS handshake with each web services host the final autodiscover
// document links to; each hop a new connection within the probe's one deadline. The response head
// is read, capped at kMaxHttpResponseHead bytes, and the body only of an autodiscover document
// (at most kMaxAutodiscoverDocument bytes).
#include <algorithm>

#include <asio/read.hpp>
#include <asio/read_until.hpp>
#include <asio/write.hpp>
#include <fmt/format.h>

#include "uccert/net/autodiscover_links.h"
#include "uccert/net/prober.h"

namespace uccert::net::probe_detail {

namespace {

evidence::HopCertificate make_hop(std::string kind, int number, std::string via, const Url& url) {
  evidence::HopCertificate hop;
  hop.kind = std::move(kind);
  hop.number = number;
  hop.via = std::move(via);
  hop.url = url.text();
  hop.host = url.host;
  hop.port = url.port;
  return hop;
}

}  // namespace

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
  if (!out.response || out.response->status_code != 200) co_return out;
  // An autodiscover document is read whole (its links are the next hops); any other body never.
  const auto type = out.response->header("Content-Type");
  const auto length = out.response->header("Content-Length");
  if (!type || !is_autodiscover_document(*type) || !length) co_return out;
  std::size_t size = 0;
  try {
    size = static_cast<std::size_t>(std::stoul(*length));
  } catch (const std::exception&) {
    co_return out;
  }
  if (size > kMaxAutodiscoverDocument) co_return out;
  std::string body = buf.substr(n);
  if (body.size() < size) {
    asio::error_code ec;
    co_await asio::async_read(stream, asio::dynamic_buffer(body, size), asio::transfer_exactly(size - body.size()),
                              awaitable_ec(ec));
    if (ec && body.size() < size) co_return out;  // the head stands; the document is incomplete
  }
  out.body = body.substr(0, size);
  co_return out;
}

// The autodiscover document of the final answer: its links are visited once the walk ends.
void Prober::keep_document(const Url& url, HttpAnswer& answer) {
  if (answer.body.empty()) {
    document_.reset();
    return;
  }
  document_ = PendingDocument{url, std::move(answer.body)};
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
  keep_document(url, answer);
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
    const bool elsewhere = next->host != lower_name(o_.host) || next->port != o_.port;
    if (!hs || !hs->handshake_error.empty()) {
      hops += " (failed)";
      if (elsewhere) {
        auto hop = make_hop("redirect", followed, fmt::format("redirect {}", followed), *next);
        hop.error = hs ? fmt::format("TLS handshake refused: {}", hs->handshake_error) : hs.error().message;
        if (hs) hop.address = hs->address;
        facts.hops.push_back(std::move(hop));
      }
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
    if (elsewhere) {
      const auto& leaf = hs->chain.front();
      facts.application_details[key::http_hop_certificate(followed)] =
          fmt::format("{}: {}, SHA-1 {}", where(t, hs->address), leaf->subject.text, leaf->sha1_thumbprint);
      auto hop = make_hop("redirect", followed, fmt::format("redirect {}", followed), *next);
      hop.address = hs->address;
      hop.chain = hs->chain;
      facts.hops.push_back(std::move(hop));
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
    keep_document(*next, answer);
    auto next_location = answer.response->header("Location");
    if (!is_followed_redirect(code) || !next_location) break;  // the final answer
    current = std::move(*next);
    location = std::move(*next_location);
  }
  facts.application_details[key::kHttpRedirects] = std::to_string(followed);
  facts.application_details[key::kHttpHops] = std::move(hops);
}

// Whether host:port is the endpoint dialled or a hop already recorded.
bool Prober::already_met(const std::string& host, std::uint16_t port, const evidence::EndpointFacts& facts) const {
  if (host == lower_name(o_.host) && port == o_.port) return true;
  return std::any_of(facts.hops.begin(), facts.hops.end(),
                     [&](const evidence::HopCertificate& h) { return h.host == host && h.port == port; });
}

// The web services URLs the final autodiscover document links to (FE-07, RP-04): a mobile client
// goes there next, so each host:port not met yet gets one TLS handshake (SNI: its host) and its
// chain recorded, within the probe's one deadline. Nothing is sent over it.
asio::awaitable<void> Prober::follow_links(asio::ssl::context& ctx, evidence::EndpointFacts& facts) {
  PendingDocument document = std::move(*document_);
  document_.reset();
  int number = 0;
  for (const auto& link : autodiscover_links(document.body)) {
    auto url = resolve_location(document.from, link.href);
    ++number;
    if (!url || url->scheme != "https" || already_met(url->host, url->port, facts)) continue;
    auto hop = make_hop("link", number, link.name.empty() ? std::string("link") : "link " + link.name, *url);
    if (Clock::now() >= deadline_) {
      hop.error = fmt::format("not reached: no time left within {}", seconds());
      facts.hops.push_back(std::move(hop));
      continue;
    }
    const Target t = make_target(url->host, url->port);
    evidence::EndpointFacts scratch;  // the link's own handshake facts are not the endpoint's
    auto hs = co_await connect_and_handshake(ctx, t, hop_sni(*url), scratch);
    if (!hs) {
      hop.error = hs.error().message;
    } else {
      hop.address = hs->address;
      if (hs->handshake_error.empty()) {
        hop.chain = hs->chain;
      } else {
        hop.error = fmt::format("TLS handshake refused: {}", hs->handshake_error);
      }
      asio::error_code ignored;
      hs->stream->next_layer().close(ignored);
    }
    facts.hops.push_back(std::move(hop));
  }
}

}  // namespace uccert::net::probe_detail
