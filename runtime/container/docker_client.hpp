#pragma once
// A minimal Docker Engine API (v1.41) client over the daemon's unix socket: plain requests with
// libcurl, and the hijacked attach stream (stdin/stdout of a container) on a raw socket,
// because libcurl cannot hand over an upgraded HTTP connection.
#include <string>

#include "protocol/core/error.hpp"

namespace icn::runtime::docker {

struct HttpResponse {
  long status = 0;  // 0: the request did not complete (see error)
  std::string body;
  std::string error;  // transport error text
};

class DockerClient {
 public:
  explicit DockerClient(std::string socket_path) : socket_(std::move(socket_path)) {}
  const std::string& socket_path() const { return socket_; }

  /// `method` `path` (below /v1.41) with an optional body (JSON unless `content_type` says).
  HttpResponse request(const std::string& method, const std::string& path,
                       const std::string& body = "", long timeout_ms = 30'000,
                       const std::string& content_type = "application/json") const;
  /// True when GET /_ping answers "OK" within a second.
  bool ping() const;
  /// Opens POST /containers/{id}/attach?stream=1&stdin=1&stdout=1&stderr=1 and returns the
  /// connected socket once the daemon switched protocols; the caller owns (closes) it.
  Expected<int> attach(const std::string& container_id) const;

 private:
  std::string socket_;
};

/// Splits Docker's multiplexed stream: 8-byte headers {stream, 0, 0, 0, size (big-endian u32)}
/// followed by `size` bytes. Feed bytes as they arrive; frames may be split anywhere.
class StreamDemuxer {
 public:
  /// Appends complete payload bytes to `out` (stream 1) or `err` (stream 2).
  void feed(const char* data, std::size_t size, std::string& out, std::string& err);

 private:
  std::string header_;
  std::uint32_t remaining_ = 0;
  int stream_ = 0;
};

}  // namespace icn::runtime::docker
