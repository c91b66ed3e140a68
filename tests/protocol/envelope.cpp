// Envelopes: canonical signing bytes, domain separation, tamper, expiry and replay rules.
#include "protocol/wire/envelope.hpp"

#include <doctest/doctest.h>

#include "proto/execution.pb.h"
#include "proto/market.pb.h"
#include "protocol/crypto/ed25519.hpp"
#include "protocol/crypto/verifier.hpp"

using namespace icn;

namespace {

Ed25519Seed rfc8032_seed1() {
  auto bytes = hex_decode("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60");
  Ed25519Seed seed{};
  std::copy(bytes->begin(), bytes->end(), seed.begin());
  return seed;
}

v1::Bid fixed_bid(const std::string& executor) {
  v1::Bid bid;
  bid.set_job_id("sha256:abababababababababababababababababababababababababababababababab");
  bid.set_executor(executor);
  bid.set_price(42);
  return bid;
}

constexpr UnixMs kExpiry = 1700000000000;

// Computed independently in Python (struct.pack + hand-encoded Protobuf) for the bid above,
// signer = RFC 8032 test 1 key, sequence 7, expiry 1700000000000.
constexpr const char* kExpectedSigningHex =
    "69636e6d6573682f656e76656c6f70652f76310a000000010000000e69636e6d6573682f76312f6269640000"
    "00386469643a6b65793a7a364d6b74777570646d4c58565671547a43773469343672347547796f734758526e"
    "5233586a4e345a71376f4d4d737700000007656432353531390000000300000000000000070000018bcfe568"
    "00000000850a477368613235363a616261626162616261626162616261626162616261626162616261626162"
    "6162616261626162616261626162616261626162616261626162616261626162616212386469643a6b65793a"
    "7a364d6b74777570646d4c58565671547a43773469343672347547796f734758526e5233586a4e345a71376f"
    "4d4d7377182a";
constexpr const char* kExpectedSignatureHex =
    "f8c8e29bbe80c1ce237346c71d62cf70699322c5f979b7fd3d47f3d855fcb7cf"
    "fd884ef9713a94482c84b80006fbb11b04bcfeb43dbd14aa0f4a3339affaef0c";
constexpr const char* kExpectedDigest =
    "sha256:985c350fc7ec760bfa5138945d1d5418895ddac6c9796da1b9711594aa923cc5";

struct Fixture {
  Ed25519Signer signer{rfc8032_seed1()};
  SchemeVerifier verifier;
  ReplayGuard guard;
  v1::Envelope bid_envelope(std::uint64_t sequence = 7) const {
    return seal(signer, v1::MSG_BID, fixed_bid(signer.did()), sequence, kExpiry);
  }
};

std::string code_of(const Expected<void>& r) {
  return r ? "ok" : r.error().code;
}

}  // namespace

TEST_CASE("canonical signing bytes match the hard-coded layout") {
  Fixture f;
  v1::Envelope a = f.bid_envelope();
  CHECK(hex_encode(canonical_signing_bytes(a)) == kExpectedSigningHex);
  CHECK(hex_encode(ByteView(std::string_view(a.signature()))) == kExpectedSignatureHex);
  CHECK(envelope_digest(a) == kExpectedDigest);
}

TEST_CASE("two builds of the same message give identical bytes") {
  Fixture f;
  v1::Envelope a = f.bid_envelope();
  v1::Envelope b = f.bid_envelope();
  CHECK(canonical_signing_bytes(a) == canonical_signing_bytes(b));
  CHECK(a.SerializeAsString() == b.SerializeAsString());
  CHECK(envelope_digest(a) == envelope_digest(b));
  // The signature field is never part of the signing bytes, but is part of the digest.
  v1::Envelope c = a;
  c.set_signature("other");
  CHECK(canonical_signing_bytes(c) == canonical_signing_bytes(a));
  CHECK(envelope_digest(c) != envelope_digest(a));
}

TEST_CASE("seal fills every field and open accepts it") {
  Fixture f;
  v1::Envelope e = f.bid_envelope();
  CHECK(e.version() == 1);
  CHECK(e.signer() == f.signer.did());
  CHECK(e.type() == v1::MSG_BID);
  CHECK(e.domain() == "icnmesh/v1/bid");
  CHECK(e.scheme() == "ed25519");
  CHECK(e.sequence() == 7);
  CHECK(e.expires_at_unix_ms() == kExpiry);
  auto bid = open_as<v1::Bid>(e, f.verifier, f.guard, kExpiry, v1::MSG_BID);
  REQUIRE(bid);
  CHECK(bid->price() == 42);
  CHECK(bid->executor() == f.signer.did());
  CHECK(f.guard.highest(f.signer.did()) == 7u);
}

TEST_CASE("domain tags are distinct and defined for every message type") {
  std::vector<std::string> seen;
  for (int t = v1::MessageType_MIN; t <= v1::MessageType_MAX; ++t) {
    auto domain = domain_for(static_cast<v1::MessageType>(t));
    if (t == v1::MSG_UNSPECIFIED) {
      CHECK(domain.empty());
      continue;
    }
    CHECK(domain.rfind("icnmesh/v1/", 0) == 0);
    CHECK(std::find(seen.begin(), seen.end(), domain) == seen.end());
    seen.emplace_back(domain);
  }
  CHECK(domain_for(v1::MSG_EXECUTION_RECEIPT) == "icnmesh/v1/execution-receipt");
  CHECK(domain_for(v1::MSG_REPUTATION_SNAPSHOT) == "icnmesh/v1/reputation-snapshot");
}

TEST_CASE("domain separation: a bid signature does not verify as a receipt") {
  Fixture f;
  v1::Envelope e = f.bid_envelope();
  // Relabel the signed bid as a receipt, consistently (type and domain).
  e.set_type(v1::MSG_EXECUTION_RECEIPT);
  e.set_domain(std::string(domain_for(v1::MSG_EXECUTION_RECEIPT)));
  CHECK(code_of(open(e, f.verifier, f.guard, 0, v1::MSG_EXECUTION_RECEIPT)) == "bad_signature");
  // Only the domain relabelled: caught before the signature check.
  v1::Envelope d = f.bid_envelope();
  d.set_domain("icnmesh/v1/execution-receipt");
  CHECK(code_of(open(d, f.verifier, f.guard, 0, v1::MSG_BID)) == "wrong_domain");
  // Expecting a receipt but receiving a bid.
  CHECK(code_of(open(f.bid_envelope(), f.verifier, f.guard, 0, v1::MSG_EXECUTION_RECEIPT)) ==
        "wrong_type");
  CHECK_FALSE(f.guard.highest(f.signer.did()));
}

TEST_CASE("tampered payload, sequence, expiry, signer or scheme fail the signature") {
  Fixture f;
  auto tampered = [&](auto change) {
    v1::Envelope e = f.bid_envelope();
    change(e);
    return code_of(open(e, f.verifier, f.guard, 0, v1::MSG_BID));
  };
  CHECK(tampered([](v1::Envelope& e) {
          v1::Bid bid;
          REQUIRE(bid.ParseFromString(e.payload()));
          bid.set_price(1);
          e.set_payload(bid.SerializeAsString());
        }) == "bad_signature");
  CHECK(tampered([](v1::Envelope& e) { e.set_sequence(8); }) == "bad_signature");
  CHECK(tampered([](v1::Envelope& e) { e.set_expires_at_unix_ms(kExpiry + 1); }) ==
        "bad_signature");
  CHECK(tampered([](v1::Envelope& e) { e.set_signer(Ed25519Signer(Ed25519Seed{}).did()); }) ==
        "bad_signature");
  CHECK(tampered([](v1::Envelope& e) { e.set_scheme("sim-mac"); }) == "bad_signature");
  CHECK(tampered([](v1::Envelope& e) { e.set_signature(""); }) == "bad_signature");
  CHECK(tampered([](v1::Envelope& e) { e.set_version(2); }) == "bad_version");
  CHECK(f.guard.size() == 0);
}

TEST_CASE("expired envelopes are rejected with code expired") {
  Fixture f;
  v1::Envelope e = f.bid_envelope();
  CHECK(code_of(open(e, f.verifier, f.guard, kExpiry + 1, v1::MSG_BID)) == "expired");
  CHECK(f.guard.size() == 0);
  CHECK(code_of(open(e, f.verifier, f.guard, kExpiry, v1::MSG_BID)) == "ok");  // inclusive
}

TEST_CASE("replays are rejected with code replay") {
  Fixture f;
  CHECK(code_of(open(f.bid_envelope(7), f.verifier, f.guard, 0, v1::MSG_BID)) == "ok");
  auto again = open(f.bid_envelope(7), f.verifier, f.guard, 0, v1::MSG_BID);
  REQUIRE_FALSE(again);
  CHECK(again.error().code == "replay");
  CHECK(again.error().message.find("sequence 7") != std::string::npos);
  CHECK(code_of(open(f.bid_envelope(3), f.verifier, f.guard, 0, v1::MSG_BID)) == "replay");
  CHECK(code_of(open(f.bid_envelope(9), f.verifier, f.guard, 0, v1::MSG_BID)) == "ok");
  CHECK(f.guard.highest(f.signer.did()) == 9u);
  // Sequences are per signer.
  Ed25519Signer other(Ed25519Seed{});
  auto e = seal(other, v1::MSG_BID, fixed_bid(other.did()), 1, kExpiry);
  CHECK(code_of(open(e, f.verifier, f.guard, 0, v1::MSG_BID)) == "ok");
  CHECK(f.guard.size() == 2);
}

TEST_CASE("a forged envelope does not advance the replay guard") {
  Fixture f;
  CHECK(code_of(open(f.bid_envelope(5), f.verifier, f.guard, 0, v1::MSG_BID)) == "ok");
  v1::Envelope forged = f.bid_envelope(1000);
  forged.set_signature(std::string(64, '\0'));
  CHECK(code_of(open(forged, f.verifier, f.guard, 0, v1::MSG_BID)) == "bad_signature");
  CHECK(f.guard.highest(f.signer.did()) == 5u);
  // The genuine next message is still accepted.
  CHECK(code_of(open(f.bid_envelope(6), f.verifier, f.guard, 0, v1::MSG_BID)) == "ok");
}

TEST_CASE("open_as: bad payload is rejected and does not advance the guard") {
  Fixture f;
  v1::ExecutionReceipt receipt;
  receipt.set_job_id("j");
  auto ok = seal(f.signer, v1::MSG_EXECUTION_RECEIPT, receipt, 1, kExpiry);
  auto parsed =
      open_as<v1::ExecutionReceipt>(ok, f.verifier, f.guard, 0, v1::MSG_EXECUTION_RECEIPT);
  REQUIRE(parsed);
  CHECK(parsed->job_id() == "j");

  // A validly signed envelope whose payload is not a protobuf message (field 0 is invalid).
  v1::Envelope garbage = ok;
  garbage.set_sequence(2);
  garbage.set_payload(std::string("\x00\x01\x02", 3));
  Bytes sig = f.signer.sign(canonical_signing_bytes(garbage));
  garbage.set_signature(sig.data(), sig.size());
  auto bad =
      open_as<v1::ExecutionReceipt>(garbage, f.verifier, f.guard, 0, v1::MSG_EXECUTION_RECEIPT);
  REQUIRE_FALSE(bad);
  CHECK(bad.error().code == "bad_payload");
  CHECK(f.guard.highest(f.signer.did()) == 1u);
}

TEST_CASE("ReplayGuard keeps the maximum and is pure state") {
  ReplayGuard guard;
  CHECK_FALSE(guard.is_replay("a", 0));
  guard.record("a", 5);
  guard.record("a", 3);
  CHECK(guard.highest("a") == 5u);
  CHECK(guard.is_replay("a", 5));
  CHECK(guard.is_replay("a", 4));
  CHECK_FALSE(guard.is_replay("a", 6));
  CHECK_FALSE(guard.is_replay("b", 0));
}
