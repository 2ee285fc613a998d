// A request and a response as the page's logic sees them, apart from the HTTP library: the
// service (serve/service.h) is tested through these without a socket.
#pragma once

#include <map>
#include <string>
#include <utility>
#include <vector>

namespace uccert::serve {

struct Upload {
  std::string filename;  // as the browser sent it (shown, never used as a path)
  std::string content;   // in memory only: uploads are never written to disk
};

struct HttpRequest {
  std::string method;                          // "GET", "POST"
  std::string path;                            // without the query
  std::map<std::string, std::string> query;    // decoded
  std::map<std::string, std::string> headers;  // names lower-cased
  std::map<std::string, std::string> fields;   // form fields
  std::map<std::string, Upload> files;         // form file fields
  std::string header(const std::string& lower_name) const {
    auto it = headers.find(lower_name);
    return it == headers.end() ? std::string() : it->second;
  }
};

struct HttpResponse {
  int status = 200;
  std::string content_type = "text/plain; charset=utf-8";
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;
};

}  // namespace uccert::serve
