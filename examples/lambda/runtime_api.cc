// Copyright 2026 The rewardkit Authors.
// SPDX-License-Identifier: Apache-2.0

#include "runtime_api.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <cstdio>
#include <cstring>

namespace rewardkit::lambda {
namespace {

constexpr std::string_view kApi = "/2018-06-01/runtime";
constexpr size_t kMaxHead = 64 * 1024;  // status line and headers

char Lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

bool EqualsLower(std::string_view a, std::string_view lower) {
  if (a.size() != lower.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (Lower(a[i]) != lower[i]) return false;
  }
  return true;
}

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

std::string Errno(const char* what) {
  char buf[128];
  std::snprintf(buf, sizeof buf, "%s: %s", what, std::strerror(errno));
  return buf;
}

}  // namespace

std::string_view HttpResponse::Header(std::string_view name) const {
  for (const auto& [key, value] : headers) {
    if (key == name) return value;
  }
  return {};
}

// -----------------------------------------------------------------------------
// HttpConnection

HttpConnection::~HttpConnection() { Close(); }

void HttpConnection::Close() {
  if (fd_ >= 0) ::close(fd_);
  fd_ = -1;
  in_.clear();
  in_pos_ = 0;
}

bool HttpConnection::SetEndpoint(std::string_view endpoint, std::string* error) {
  size_t colon = endpoint.rfind(':');
  if (endpoint.empty() || colon == std::string_view::npos || colon + 1 == endpoint.size()) {
    *error = "AWS_LAMBDA_RUNTIME_API must be HOST:PORT, got \"" + std::string(endpoint) + "\"";
    return false;
  }
  std::string_view host = endpoint.substr(0, colon);
  std::string_view port = endpoint.substr(colon + 1);
  int p = 0;
  auto [end, ec] = std::from_chars(port.data(), port.data() + port.size(), p);
  if (ec != std::errc() || end != port.data() + port.size() || p <= 0 || p > 65535) {
    *error = "AWS_LAMBDA_RUNTIME_API has an invalid port: \"" + std::string(endpoint) + "\"";
    return false;
  }
  host_ = std::string(endpoint);
  port_ = p;
  ipv6_ = host.size() >= 2 && host.front() == '[' && host.back() == ']';
  if (ipv6_) host = host.substr(1, host.size() - 2);
  address_ = host == "localhost" ? "127.0.0.1" : std::string(host);
  unsigned char probe[sizeof(in6_addr)];
  if (inet_pton(ipv6_ ? AF_INET6 : AF_INET, address_.c_str(), probe) != 1) {
    *error = "AWS_LAMBDA_RUNTIME_API must name a numeric address (or localhost), got \"" +
             std::string(endpoint) + "\"";
    return false;
  }
  Close();
  return true;
}

bool HttpConnection::Connect(std::string* error) {
  Close();
  int fd = ::socket(ipv6_ ? AF_INET6 : AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) {
    *error = Errno("socket");
    return false;
  }
  int rc = -1;
  if (ipv6_) {
    sockaddr_in6 addr{};
    addr.sin6_family = AF_INET6;
    addr.sin6_port = htons(static_cast<uint16_t>(port_));
    inet_pton(AF_INET6, address_.c_str(), &addr.sin6_addr);
    rc = ::connect(fd, reinterpret_cast<const sockaddr*>(&addr), sizeof addr);
  } else {
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(static_cast<uint16_t>(port_));
    inet_pton(AF_INET, address_.c_str(), &addr.sin_addr);
    rc = ::connect(fd, reinterpret_cast<const sockaddr*>(&addr), sizeof addr);
  }
  if (rc != 0) {
    *error = Errno(("connect to " + host_).c_str());
    ::close(fd);
    return false;
  }
  int one = 1;
  ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
  fd_ = fd;
  return true;
}

bool HttpConnection::Send(std::string_view head, std::string_view body, std::string* error) {
  // One sendmsg for both, so that a small request is one segment.
  while (!head.empty() || !body.empty()) {
    iovec iov[2] = {{const_cast<char*>(head.data()), head.size()},
                    {const_cast<char*>(body.data()), body.size()}};
    msghdr msg{};
    msg.msg_iov = head.empty() ? &iov[1] : iov;
    msg.msg_iovlen = head.empty() ? 1 : 2;
    ssize_t n = ::sendmsg(fd_, &msg, MSG_NOSIGNAL);
    if (n < 0) {
      if (errno == EINTR) continue;
      *error = Errno("send");
      return false;
    }
    auto sent = static_cast<size_t>(n);
    const size_t from_head = std::min(sent, head.size());
    head.remove_prefix(from_head);
    body.remove_prefix(sent - from_head);
  }
  return true;
}

bool HttpConnection::Fill(std::string* error) {
  if (in_pos_ > 0 && in_pos_ == in_.size()) {
    in_.clear();
    in_pos_ = 0;
  }
  const size_t old = in_.size();
  const size_t want = 64 * 1024;
  in_.resize(old + want);
  for (;;) {
    // Acknowledge at once: the Runtime API answers each request in a few
    // small writes, and a delayed ACK (40 ms) against a server that does not
    // disable Nagle's algorithm would stall every invocation. Linux clears
    // the flag after use, so it is set before every read.
    int one = 1;
    ::setsockopt(fd_, IPPROTO_TCP, TCP_QUICKACK, &one, sizeof one);
    ssize_t n = ::recv(fd_, in_.data() + old, want, 0);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      in_.resize(old);
      *error = n == 0 ? "the Runtime API closed the connection" : Errno("recv");
      return false;
    }
    in_.resize(old + static_cast<size_t>(n));
    return true;
  }
}

bool HttpConnection::ReadLine(std::string* line, std::string* error) {
  for (;;) {
    size_t eol = in_.find("\r\n", in_pos_);
    if (eol != std::string::npos) {
      line->assign(in_, in_pos_, eol - in_pos_);
      in_pos_ = eol + 2;
      return true;
    }
    if (in_.size() - in_pos_ > kMaxHead) {
      *error = "a line of the Runtime API's response is longer than 64 KiB";
      return false;
    }
    if (!Fill(error)) return false;
  }
}

bool HttpConnection::ReadBytes(size_t n, std::string* out, std::string* error) {
  if (out->size() + n > kMaxBody) {
    *error = "the Runtime API's response body is larger than 1 GiB";
    return false;
  }
  while (n > 0) {
    if (in_pos_ == in_.size() && !Fill(error)) return false;
    size_t take = std::min(n, in_.size() - in_pos_);
    out->append(in_, in_pos_, take);
    in_pos_ += take;
    n -= take;
  }
  return true;
}

bool HttpConnection::ReadResponse(HttpResponse* out, bool* closed, std::string* error) {
  std::string line;
  if (!ReadLine(&line, error)) return false;
  // "HTTP/1.1 200 OK"
  if (line.size() < 12 || line.compare(0, 5, "HTTP/") != 0 || line[8] != ' ') {
    *error = "the Runtime API sent a malformed status line: \"" + line.substr(0, 80) + "\"";
    return false;
  }
  auto [end, ec] = std::from_chars(line.data() + 9, line.data() + 12, out->status);
  if (ec != std::errc() || end != line.data() + 12) {
    *error = "the Runtime API sent a malformed status code: \"" + line.substr(0, 80) + "\"";
    return false;
  }
  out->headers.clear();
  out->body.clear();
  bool chunked = false;
  bool has_length = false;
  size_t length = 0;
  *closed = line.compare(0, 8, "HTTP/1.0") == 0;
  for (;;) {
    if (!ReadLine(&line, error)) return false;
    if (line.empty()) break;
    size_t colon = line.find(':');
    if (colon == std::string::npos) continue;
    std::string name = line.substr(0, colon);
    for (char& c : name) c = Lower(c);
    std::string_view value = Trim(std::string_view(line).substr(colon + 1));
    if (name == "transfer-encoding") {
      chunked = EqualsLower(value, "chunked");
    } else if (name == "content-length") {
      auto [e, err] = std::from_chars(value.data(), value.data() + value.size(), length);
      if (err != std::errc() || e != value.data() + value.size()) {
        *error = "the Runtime API sent a malformed Content-Length";
        return false;
      }
      has_length = true;
    } else if (name == "connection") {
      *closed = EqualsLower(value, "close");
    }
    out->headers.emplace_back(std::move(name), std::string(value));
  }
  if (chunked) {
    for (;;) {
      if (!ReadLine(&line, error)) return false;
      size_t size = 0;
      std::string_view digits = Trim(std::string_view(line).substr(0, line.find(';')));
      auto [e, err] = std::from_chars(digits.data(), digits.data() + digits.size(), size, 16);
      if (digits.empty() || err != std::errc() || e != digits.data() + digits.size()) {
        *error = "the Runtime API sent a malformed chunk size: \"" + line.substr(0, 40) + "\"";
        return false;
      }
      if (size == 0) break;
      if (!ReadBytes(size, &out->body, error)) return false;
      if (!ReadLine(&line, error)) return false;
      if (!line.empty()) {
        *error = "the Runtime API sent a chunk longer than its size";
        return false;
      }
    }
    // Trailers, up to the empty line.
    do {
      if (!ReadLine(&line, error)) return false;
    } while (!line.empty());
  } else if (has_length) {
    // Room to spare after the body, so an event can be scored in place
    // (RK_BATCH_PADDED).
    if (length <= kMaxBody) out->body.reserve(length + kBodySlack);
    if (!ReadBytes(length, &out->body, error)) return false;
  } else if (out->status != 204 && out->status != 304 && out->status >= 200) {
    // No length: the body runs to the end of the connection.
    std::string ignored;
    while (Fill(&ignored)) {
    }
    out->body.append(in_, in_pos_, std::string::npos);
    in_pos_ = in_.size();
    *closed = true;
  }
  return true;
}

bool HttpConnection::Request(std::string_view method, std::string_view path,
                             const std::vector<std::string>& extra_headers,
                             std::string_view content_type, std::string_view body,
                             HttpResponse* out, std::string* error) {
  head_.clear();
  head_.append(method).append(" ").append(path).append(" HTTP/1.1\r\nHost: ");
  head_.append(host_).append("\r\n");
  if (method != "GET") {
    head_.append("Content-Type: ").append(content_type).append("\r\nContent-Length: ");
    head_.append(std::to_string(body.size())).append("\r\n");
  }
  for (const std::string& h : extra_headers) head_.append(h).append("\r\n");
  head_.append("\r\n");

  for (int attempt = 0; attempt < 2; ++attempt) {
    const bool reused = fd_ >= 0;
    if (!reused && !Connect(error)) return false;
    bool closed = false;
    bool ok = Send(head_, body, error) && ReadResponse(out, &closed, error);
    if (ok) {
      if (closed) Close();
      return true;
    }
    Close();
    // A kept-alive connection the server had closed: once more, anew.
    if (!reused) return false;
  }
  return false;
}

// -----------------------------------------------------------------------------
// RuntimeApi

bool RuntimeApi::Next(Invocation* out, std::string* error) {
  path_.assign(kApi).append("/invocation/next");
  if (!http_.Request("GET", path_, {}, {}, {}, &response_, error)) return false;
  if (response_.status != 200) {
    *error = "GET " + path_ + ": HTTP " + std::to_string(response_.status) + ": " +
             response_.body.substr(0, 200);
    return false;
  }
  out->request_id = response_.Header("lambda-runtime-aws-request-id");
  out->deadline_ms = response_.Header("lambda-runtime-deadline-ms");
  out->function_arn = response_.Header("lambda-runtime-invoked-function-arn");
  out->trace_id = response_.Header("lambda-runtime-trace-id");
  if (out->request_id.empty()) {
    *error = "GET " + path_ + ": no Lambda-Runtime-Aws-Request-Id header";
    return false;
  }
  out->event.swap(response_.body);
  return true;
}

bool RuntimeApi::Post(const std::string& path, const std::vector<std::string>& headers,
                      std::string_view content_type, std::string_view body,
                      std::string* error) {
  if (!http_.Request("POST", path, headers, content_type, body, &response_, error)) return false;
  if (response_.status < 200 || response_.status > 299) {
    *error = "POST " + path + ": HTTP " + std::to_string(response_.status) + ": " +
             response_.body.substr(0, 200);
    return false;
  }
  return true;
}

bool RuntimeApi::Respond(std::string_view request_id, std::string_view body,
                         std::string* error) {
  path_.assign(kApi).append("/invocation/").append(request_id).append("/response");
  return Post(path_, {}, "application/json", body, error);
}

bool RuntimeApi::Fail(std::string_view request_id, std::string_view type,
                      std::string_view message, std::string* error) {
  return PostError(
      std::string(kApi).append("/invocation/").append(request_id).append("/error"), type,
      message, error);
}

bool RuntimeApi::FailInit(std::string_view type, std::string_view message, std::string* error) {
  return PostError(std::string(kApi).append("/init/error"), type, message, error);
}

bool RuntimeApi::PostError(const std::string& path, std::string_view type,
                           std::string_view message, std::string* error) {
  error_body_.assign("{\"errorMessage\":");
  AppendJsonString(message, &error_body_);
  error_body_.append(",\"errorType\":");
  AppendJsonString(type, &error_body_);
  error_body_.append(",\"stackTrace\":[]}");
  // The media type the Runtime API's specification asks of error reports.
  return Post(path, {"Lambda-Runtime-Function-Error-Type: " + std::string(type)},
              "application/vnd.aws.lambda.error+json", error_body_, error);
}

void AppendJsonString(std::string_view text, std::string* out) {
  static constexpr char kHex[] = "0123456789abcdef";
  out->push_back('"');
  for (char c : text) {
    const auto u = static_cast<unsigned char>(c);
    if (c == '"' || c == '\\') {
      out->push_back('\\');
      out->push_back(c);
    } else if (u < 0x20) {
      out->append("\\u00");
      out->push_back(kHex[u >> 4]);
      out->push_back(kHex[u & 15]);
    } else {
      out->push_back(c);
    }
  }
  out->push_back('"');
}

}  // namespace rewardkit::lambda
