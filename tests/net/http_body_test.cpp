#include "uccert/net/http_body.h"

#include <gtest/gtest.h>

namespace uccert::net {
namespace {

using State = ResponseAssembler::State;

TEST(ResponseAssembler, ContentLengthBodyInPieces) {
  ResponseAssembler a(100, 1024);
  EXPECT_EQ(a.feed("HTTP/1.1 200 OK\r\nContent-Le"), State::kNeedMore);
  EXPECT_EQ(a.feed("ngth: 5\r\n\r\nab"), State::kNeedMore);
  EXPECT_EQ(a.feed("cdeEXTRA"), State::kComplete);
  EXPECT_EQ(a.body(), "abcde");
  EXPECT_EQ(a.head()->status_code, 200);
}

TEST(ResponseAssembler, ChunkedBodyWithExtensionsAndTrailer) {
  ResponseAssembler a(100, 1024);
  a.feed("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3;ext=1\r\nabc\r\n");
  EXPECT_EQ(a.state(), State::kNeedMore);
  EXPECT_EQ(a.feed("A\r\n0123456789\r\n0\r\nX-Trailer: 1\r\n\r\n"), State::kComplete);
  EXPECT_EQ(a.body(), "abc0123456789");
}

TEST(ResponseAssembler, BodyToTheCloseCompletesOnFinish) {
  ResponseAssembler a(100, 1024);
  a.feed("HTTP/1.0 200 OK\r\n\r\nhello");
  EXPECT_EQ(a.state(), State::kNeedMore);
  EXPECT_EQ(a.finish(), State::kComplete);
  EXPECT_EQ(a.body(), "hello");
}

TEST(ResponseAssembler, SkipsInterimResponses) {
  ResponseAssembler a(100, 1024);
  EXPECT_EQ(a.feed("HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok"), State::kComplete);
  EXPECT_EQ(a.body(), "ok");
}

TEST(ResponseAssembler, RefusesAnAnnouncedLengthOverTheCapAtOnce) {
  ResponseAssembler a(10, 1024);
  EXPECT_EQ(a.feed("HTTP/1.1 200 OK\r\nContent-Length: 52428800\r\n\r\n"), State::kError);
  EXPECT_TRUE(a.body_too_large());
  EXPECT_EQ(a.error(), "the response announces 52428800 bytes, more than the 10 accepted");
}

TEST(ResponseAssembler, RefusesABodyToTheCloseOverTheCap) {
  ResponseAssembler a(10, 1024);
  a.feed("HTTP/1.1 200 OK\r\n\r\n0123456789");
  EXPECT_EQ(a.state(), State::kNeedMore);
  EXPECT_EQ(a.feed("x"), State::kError);
  EXPECT_TRUE(a.body_too_large());
}

TEST(ResponseAssembler, RefusesChunksOverTheCap) {
  ResponseAssembler a(10, 1024);
  EXPECT_EQ(a.feed("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nFFFFFFFF\r\n"), State::kError);
  EXPECT_TRUE(a.body_too_large());
}

TEST(ResponseAssembler, MalformedInputIsOneLine) {
  {
    ResponseAssembler a(10, 1024);
    EXPECT_EQ(a.feed("SSH-2.0-OpenSSH\r\n\r\n"), State::kError);
    EXPECT_EQ(a.error(), "the server answered something that is not HTTP");
  }
  {
    ResponseAssembler a(10, 1024);
    EXPECT_EQ(a.feed("HTTP/1.1 200 OK\r\nContent-Length: -1\r\n\r\n"), State::kError);
    EXPECT_EQ(a.error(), "malformed Content-Length \"-1\"");
  }
  {
    ResponseAssembler a(100, 1024);
    EXPECT_EQ(a.feed("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n"), State::kError);
    EXPECT_EQ(a.error(), "malformed chunked body: bad chunk size");
  }
  {
    ResponseAssembler a(100, 16);
    EXPECT_EQ(a.feed("HTTP/1.1 200 OK\r\nServer: a-very-long-header\r\n"), State::kError);
    EXPECT_EQ(a.error(), "the response head exceeds 16 bytes");
  }
}

TEST(ResponseAssembler, ACloseBeforeTheEndIsSaid) {
  ResponseAssembler a(100, 1024);
  a.feed("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nabc");
  EXPECT_EQ(a.finish(), State::kError);
  EXPECT_EQ(a.error(), "the server closed the connection after 3 of 10 bytes");
  ResponseAssembler b(100, 1024);
  EXPECT_EQ(b.finish(), State::kError);
  EXPECT_EQ(b.error(), "the server closed the connection without answering");
}

TEST(CacheLifetime, MaxAgeWinsOverExpiresAndNoStoreIsNeverKept) {
  auto head = [](std::string headers) {
    return *parse_http_response("HTTP/1.1 200 OK\r\n" + headers + "\r\n");
  };
  const long long now = 1780272000;  // 2026-06-01T00:00:00Z
  EXPECT_EQ(cache_lifetime(head("Cache-Control: public, max-age=600\r\nExpires: Mon, 01 Jun 2026 02:00:00 GMT\r\n"),
                           now).max_age,
            600);
  EXPECT_EQ(cache_lifetime(head("Expires: Mon, 01 Jun 2026 02:00:00 GMT\r\n"), now).max_age, 7200);
  EXPECT_EQ(cache_lifetime(head("Expires: 0\r\n"), now).max_age, 0);  // malformed: already expired
  EXPECT_FALSE(cache_lifetime(head(""), now).max_age.has_value());
  EXPECT_TRUE(cache_lifetime(head("Cache-Control: no-store\r\n"), now).no_store);
  EXPECT_TRUE(cache_lifetime(head("Cache-Control: max-age=5, no-cache\r\n"), now).no_store);
}

TEST(HttpDate, ParsesImfFixdateOnly) {
  EXPECT_EQ(parse_http_date("Sun, 06 Nov 1994 08:49:37 GMT"), 784111777);
  EXPECT_FALSE(parse_http_date("Sunday, 06-Nov-94 08:49:37 GMT"));
  EXPECT_FALSE(parse_http_date("Sun, 06 Foo 1994 08:49:37 GMT"));
  EXPECT_FALSE(parse_http_date("Sun, 06 Nov 1994 25:49:37 GMT"));
}

}  // namespace
}  // namespace uccert::net
