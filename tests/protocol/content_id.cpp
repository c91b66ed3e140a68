// Content ids ("sha256:" + 64 lower-case hex) from protocol/core/content_id.hpp.
#include "protocol/core/content_id.hpp"

#include <doctest/doctest.h>

using namespace icn;

TEST_CASE("content id of abc and of the empty string (FIPS 180-2 vectors)") {
  CHECK(content_id(std::string_view("abc")) ==
        "sha256:ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  CHECK(content_id(std::string_view("")) ==
        "sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
}

TEST_CASE("incremental hashing equals one-shot") {
  Sha256 h;
  h.update(std::string_view("a")).update(std::string_view("bc"));
  CHECK(content_id_from_digest(h.finish()) == content_id(std::string_view("abc")));
}

TEST_CASE("is_content_id and parse_content_id") {
  const std::string id = content_id(std::string_view("abc"));
  CHECK(is_content_id(id));
  auto digest = parse_content_id(id);
  REQUIRE(digest);
  CHECK(*digest == sha256(std::string_view("abc")));
  CHECK(content_id_from_digest(*digest) == id);

  std::string upper = id;
  upper[10] = 'A';
  for (const std::string& bad :
       {std::string(""), std::string("sha256:"), id.substr(0, id.size() - 1), id + "0",
        "sha512:" + id.substr(7), "SHA256:" + id.substr(7), upper,
        "sha256:" + std::string(63, '0') + "g"}) {
    CHECK_FALSE(is_content_id(bad));
    CHECK_FALSE(parse_content_id(bad));
  }
}
