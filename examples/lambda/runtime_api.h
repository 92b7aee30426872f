// Copyright 2026 The rewardkit Authors.
// SPDX-License-Identifier: Apache-2.0
//
// A client of the AWS Lambda Runtime API: HTTP/1.1 over one kept-alive TCP
// connection to AWS_LAMBDA_RUNTIME_API, with no third-party code.
//
//   RuntimeApi api;
//   if (!api.Open(getenv("AWS_LAMBDA_RUNTIME_API"), &error)) ...
//   Invocation inv;
//   while (api.Next(&inv, &error)) {          // blocks, with no timeout
//     ... score inv.event ...
//     api.Respond(inv.request_id, response, &error);
//   }
//
// Bodies are read with Content-Length or Transfer-Encoding: chunked (the
// service sends large events chunked). The client never sets a timeout: the
// execution environment is frozen between invocations, and a GET of the next
// invocation may legitimately wait for hours. It uses no signals (send() with
// MSG_NOSIGNAL) and resolves no names (the API's address is numeric, or
// "localhost"), so it works in a fully static binary.

#ifndef REWARDKIT_EXAMPLES_LAMBDA_RUNTIME_API_H_
#define REWARDKIT_EXAMPLES_LAMBDA_RUNTIME_API_H_

#include <cstddef>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace rewardkit::lambda {

// One HTTP/1.1 response. Buffers are reused across requests.
struct HttpResponse {
  int status = 0;
  std::vector<std::pair<std::string, std::string>> headers;  // names lower-cased
  std::string body;

  // The value of header `name` (lower case), or empty.
  std::string_view Header(std::string_view name) const;
};

// A keep-alive HTTP/1.1 connection to one host:port.
class HttpConnection {
 public:
  HttpConnection() = default;
  ~HttpConnection();
  HttpConnection(const HttpConnection&) = delete;
  HttpConnection& operator=(const HttpConnection&) = delete;

  // Sets the endpoint, "HOST:PORT" with a numeric IPv4 address, "[IPv6]:PORT"
  // or "localhost:PORT". Connects lazily.
  bool SetEndpoint(std::string_view endpoint, std::string* error);

  // Sends a request and reads its response. `extra_headers` are complete
  // header lines without CRLF ("Lambda-Runtime-Function-Error-Type: X");
  // `content_type` and `body` are for a request other than GET.
  // Reconnects once when a kept-alive connection turns out to be closed.
  bool Request(std::string_view method, std::string_view path,
               const std::vector<std::string>& extra_headers, std::string_view content_type,
               std::string_view body, HttpResponse* out, std::string* error);

  // The largest body accepted in a response.
  static constexpr size_t kMaxBody = size_t{1} << 30;
  // Capacity left spare after a body of known length, for in-place parsing
  // (rewardkit's RK_BATCH_PADDING).
  static constexpr size_t kBodySlack = 64;

 private:
  bool Connect(std::string* error);
  void Close();
  bool Send(std::string_view head, std::string_view body, std::string* error);
  // Reads more bytes into in_; false at end of stream or on error.
  bool Fill(std::string* error);
  bool ReadLine(std::string* line, std::string* error);
  bool ReadBytes(size_t n, std::string* out, std::string* error);
  bool ReadResponse(HttpResponse* out, bool* closed, std::string* error);

  std::string host_;  // for the Host header
  std::string address_;
  int port_ = 0;
  bool ipv6_ = false;
  int fd_ = -1;
  std::string head_;  // a request's head, reused
  std::string in_;    // bytes received and not yet consumed, from in_pos_
  size_t in_pos_ = 0;
};

// One invocation handed out by the Runtime API.
struct Invocation {
  std::string request_id;
  std::string deadline_ms;
  std::string function_arn;
  std::string trace_id;
  std::string event;  // the body
};

// The paths and headers of the Runtime API, version 2018-06-01.
class RuntimeApi {
 public:
  bool Open(std::string_view endpoint, std::string* error) {
    return http_.SetEndpoint(endpoint, error);
  }

  // Waits for the next invocation.
  bool Next(Invocation* out, std::string* error);
  // Each call fails (false, `*error` saying why) when the Runtime API cannot
  // be reached or answers other than 2xx; a runtime should then exit.

  // Posts an invocation's response (a JSON document).
  bool Respond(std::string_view request_id, std::string_view body, std::string* error);
  // Posts an invocation's error: `type` is "Function.X" or "Runtime.X".
  bool Fail(std::string_view request_id, std::string_view type, std::string_view message,
            std::string* error);
  // Posts a start-up error, before any invocation.
  bool FailInit(std::string_view type, std::string_view message, std::string* error);

 private:
  bool PostError(const std::string& path, std::string_view type, std::string_view message,
                 std::string* error);
  bool Post(const std::string& path, const std::vector<std::string>& headers,
            std::string_view content_type, std::string_view body, std::string* error);

  HttpConnection http_;
  HttpResponse response_;
  std::string path_;
  std::string error_body_;
};

// Appends `text` to `*out` as a JSON string, quotes included.
void AppendJsonString(std::string_view text, std::string* out);

}  // namespace rewardkit::lambda

#endif  // REWARDKIT_EXAMPLES_LAMBDA_RUNTIME_API_H_
