#include "runtime/container/docker_client.hpp"

#include <curl/curl.h>
#include <errno.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <sys/un.h>
#include <unistd.h>

#include <cstdint>
#include <mutex>

namespace icn::runtime::docker {
namespace {

constexpr const char* kApiPrefix = "http://localhost/v1.41";

std::size_t collect(char* data, std::size_t size, std::size_t count, void* user) {
  static_cast<std::string*>(user)->append(data, size * count);
  return size * count;
}

void init_curl_once() {
  static std::once_flag once;
  std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

}  // namespace

HttpResponse DockerClient::request(const std::string& method, const std::string& path,
                                   const std::string& json_body, long timeout_ms,
                                   const std::string& content_type) const {
  init_curl_once();
  HttpResponse response;
  CURL* curl = curl_easy_init();
  if (curl == nullptr) {
    response.error = "curl_easy_init failed";
    return response;
  }
  const std::string url = (path == "/_ping" ? std::string("http://localhost") : kApiPrefix) + path;
  curl_slist* headers = nullptr;
  const std::string type_header = "Content-Type: " + content_type;
  headers = curl_slist_append(headers, type_header.c_str());
  curl_easy_setopt(curl, CURLOPT_UNIX_SOCKET_PATH, socket_.c_str());
  curl_easy_setopt(curl, CURLOPT_URL, url.c_str());
  curl_easy_setopt(curl, CURLOPT_CUSTOMREQUEST, method.c_str());
  curl_easy_setopt(curl, CURLOPT_HTTPHEADER, headers);
  curl_easy_setopt(curl, CURLOPT_TIMEOUT_MS, timeout_ms);
  curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, collect);
  curl_easy_setopt(curl, CURLOPT_WRITEDATA, &response.body);
  if (method == "POST" || method == "PUT") {
    curl_easy_setopt(curl, CURLOPT_POSTFIELDS, json_body.c_str());
    curl_easy_setopt(curl, CURLOPT_POSTFIELDSIZE, static_cast<long>(json_body.size()));
  }
  const CURLcode rc = curl_easy_perform(curl);
  if (rc == CURLE_OK) {
    curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &response.status);
  } else {
    response.error = curl_easy_strerror(rc);
  }
  curl_slist_free_all(headers);
  curl_easy_cleanup(curl);
  return response;
}

bool DockerClient::ping() const {
  const HttpResponse r = request("GET", "/_ping", "", 1000);
  return r.status == 200 && r.body == "OK";
}

Expected<int> DockerClient::attach(const std::string& container_id) const {
  sockaddr_un addr{};
  addr.sun_family = AF_UNIX;
  if (socket_.size() >= sizeof(addr.sun_path)) {
    return fail("docker", "socket path too long: " + socket_);
  }
  ::memcpy(addr.sun_path, socket_.c_str(), socket_.size() + 1);
  const int fd = ::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) return fail("docker", std::string("socket: ") + ::strerror(errno));
  if (::connect(fd, reinterpret_cast<const sockaddr*>(&addr), sizeof(addr)) != 0) {
    const std::string why = ::strerror(errno);
    ::close(fd);
    return fail("docker", "connect " + socket_ + ": " + why);
  }
  const timeval tv{10, 0};  // the daemon answers the upgrade at once; never hang on it
  ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
  const std::string req = "POST /v1.41/containers/" + container_id +
                          "/attach?stream=1&stdin=1&stdout=1&stderr=1 HTTP/1.1\r\n"
                          "Host: localhost\r\nConnection: Upgrade\r\nUpgrade: tcp\r\n"
                          "Content-Length: 0\r\n\r\n";
  if (::send(fd, req.data(), req.size(), MSG_NOSIGNAL) != static_cast<ssize_t>(req.size())) {
    ::close(fd);
    return fail("docker", "attach: could not send the request");
  }
  // Read the response head byte by byte so that no stream byte is consumed with it.
  std::string head;
  char c = 0;
  while (head.size() < 8192 && head.find("\r\n\r\n") == std::string::npos) {
    if (::recv(fd, &c, 1, 0) != 1) break;
    head.push_back(c);
  }
  const timeval none{0, 0};
  ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &none, sizeof(none));
  if (head.rfind("HTTP/1.1 101", 0) != 0 && head.rfind("HTTP/1.1 200", 0) != 0) {
    ::close(fd);
    return fail("docker", "attach refused: " + head.substr(0, head.find("\r\n")));
  }
  return fd;
}

void StreamDemuxer::feed(const char* data, std::size_t size, std::string& out, std::string& err) {
  std::size_t i = 0;
  while (i < size) {
    if (remaining_ == 0) {
      const std::size_t take = std::min<std::size_t>(8 - header_.size(), size - i);
      header_.append(data + i, take);
      i += take;
      if (header_.size() < 8) return;
      stream_ = static_cast<unsigned char>(header_[0]);
      remaining_ = (std::uint32_t(static_cast<unsigned char>(header_[4])) << 24) |
                   (std::uint32_t(static_cast<unsigned char>(header_[5])) << 16) |
                   (std::uint32_t(static_cast<unsigned char>(header_[6])) << 8) |
                   std::uint32_t(static_cast<unsigned char>(header_[7]));
      header_.clear();
      continue;
    }
    const std::size_t take = std::min<std::size_t>(remaining_, size - i);
    (stream_ == 2 ? err : out).append(data + i, take);
    remaining_ -= static_cast<std::uint32_t>(take);
    i += take;
  }
}

}  // namespace icn::runtime::docker
