// What the lab's servers say, as pure functions of what they were sent: a Lync Front End or Edge
// answering SIP OPTIONS (and refusing an MTLS peer by Subject CN as Lync refuses Exchange UM,
// seed article 002), the autodiscover service, and the lab's plain HTTP files.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "uccert/lab/scenario.h"

namespace uccert::lab {

// The SIP response to `request` (a whole request head) from `endpoint`. `peer_cn` is the Subject
// CN of the client certificate presented, nullopt when none was. With accepted_peers set and a
// peer that is not one of them: 504 with the ms-diagnostics 1010 / CERT_E_CN_NO_MATCH that Lync
// sends (UM-02, E-25); else 200 OK. Headers the response must echo (Via, From, To, Call-ID, CSeq)
// are copied from the request.
std::string sip_answer(std::string_view request, const ScenarioEndpoint& endpoint,
                       const std::optional<std::string>& peer_cn);

// The HTTP response to a request whose first line is `request_line` ("GET /path HTTP/1.1") on an
// HTTPS endpoint: the autodiscover document (its links on https://WEB_SERVICES/...), a 302, or a
// short text; 405 for anything but GET and HEAD.
std::string https_answer(std::string_view request_line, const ScenarioEndpoint& endpoint);

// A plain HTTP response carrying `body` (200), or 404 when nullopt.
std::string http_file_answer(const std::optional<std::string>& body, std::string_view content_type);

// The path of an HTTP request line ("/x" of "GET /x HTTP/1.1"), "" when it is not one.
std::string_view request_path(std::string_view request_line);

}  // namespace uccert::lab
