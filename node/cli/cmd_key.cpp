// icnmesh key: create, show, sign and verify with Ed25519 identities (did:key).
// File signatures cover "icnmesh/file-signature/v1\n" || SHA-256(contents)
// (protocol/wire/file_signature.hpp, docs/protocol.md "File signatures").
#include <sys/stat.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <iostream>
#include <utility>

#include "node/cli/cli.hpp"
#include "node/keyfile.hpp"
#include "protocol/crypto/ed25519.hpp"
#include "protocol/crypto/sha256.hpp"
#include "protocol/identity/did.hpp"
#include "protocol/wire/file_signature.hpp"

namespace icn::cli {

namespace {

constexpr const char* kOverview =
    "usage: icnmesh key <verb> [options]\n"
    "\n"
    "verbs:\n"
    "  new --out FILE [--force]        create a key file (PKCS#8 PEM, mode 0600), print its DID\n"
    "  show [--public-hex] FILE        print the key's DID (or its raw public key in hex)\n"
    "  sign --key FILE PATH            print the hex Ed25519 signature of PATH\n"
    "  verify --did DID --sig HEX PATH print \"valid\" (exit 0) or \"invalid\" (exit 1)\n"
    "  inspect-did DID                 print the raw Ed25519 public key (hex) inside a did:key\n"
    "\n"
    "A file signature covers the bytes \"icnmesh/file-signature/v1\\n\" followed by the 32-byte\n"
    "SHA-256 of the file. Key files are the PEM format of `openssl genpkey -algorithm ed25519`.\n"
    "Run 'icnmesh key <verb> --help' for a verb's options.\n";

std::string hex_of(const PublicKey& key) {
  return hex_encode(ByteView(key.data(), key.size()));
}

// Streams PATH through SHA-256; throws InputError "PATH: reason" when it cannot be read.
Digest sha256_of_file(const std::string& path) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) throw InputError(path + ": " + std::strerror(errno));
  if (S_ISDIR(st.st_mode)) throw InputError(path + ": is a directory");
  std::ifstream in(path, std::ios::binary);
  if (!in) throw InputError(path + ": " + std::strerror(errno));
  Sha256 hash;
  char buf[1 << 16];
  while (in) {
    in.read(buf, sizeof buf);
    hash.update(ByteView(reinterpret_cast<const std::uint8_t*>(buf),
                         static_cast<std::size_t>(in.gcount())));
  }
  if (in.bad()) throw InputError(path + ": read error");
  return hash.finish();
}

Ed25519Seed load_key(const std::string& path) {
  auto seed = node::read_key_file(path, &std::cerr);
  if (!seed) throw InputError(seed.error().message);
  return *seed;
}

// Runs a verb: prints its usage on --help, otherwise checks the required names are present.
bool wants_help(const Parsed& parsed, const std::string& synopsis,
                const po::options_description& options) {
  if (!parsed.help) return false;
  std::cout << usage_text(synopsis, options);
  return true;
}

// Throws UsageError naming the first missing option or positional, e.g. "missing --out".
void require(const Parsed& parsed,
             const std::vector<std::pair<std::string, std::string>>& names_and_shown) {
  for (const auto& [name, shown] : names_and_shown) {
    if (parsed.vm.count(name) == 0) throw UsageError("missing " + shown);
  }
}

int key_new(const std::vector<std::string>& args) {
  const std::string synopsis = "icnmesh key new --out FILE [--force]";
  po::options_description opts("options");
  opts.add_options()("out,o", po::value<std::string>(), "key file to create (mode 0600)")(
      "force,f", "replace FILE if it exists");
  auto parsed = parse(args, opts, {});
  if (wants_help(parsed, synopsis, opts)) return kOk;
  require(parsed, {{"out", "--out FILE"}});
  const auto& out = parsed.vm["out"].as<std::string>();
  Ed25519Seed seed = node::fresh_seed();
  Ed25519Signer signer(seed);
  auto written = node::write_key_file(out, seed, parsed.vm.count("force") > 0);
  seed.fill(0);
  if (!written) throw InputError(written.error().message);
  std::cout << signer.did() << "\n";
  return kOk;
}

int key_show(const std::vector<std::string>& args) {
  const std::string synopsis = "icnmesh key show [--public-hex] FILE";
  po::options_description opts("options");
  opts.add_options()("public-hex", "print the raw 32-byte public key in hex instead of the DID");
  auto parsed = parse(args, opts, {"file"});
  if (wants_help(parsed, synopsis, opts)) return kOk;
  require(parsed, {{"file", "FILE"}});
  Ed25519Signer signer(load_key(parsed.vm["file"].as<std::string>()));
  std::cout << (parsed.vm.count("public-hex") ? hex_of(signer.public_key()) : signer.did()) << "\n";
  return kOk;
}

int key_sign(const std::vector<std::string>& args) {
  const std::string synopsis = "icnmesh key sign --key FILE PATH";
  po::options_description opts("options");
  opts.add_options()("key,k", po::value<std::string>(), "key file (PKCS#8 PEM Ed25519)");
  auto parsed = parse(args, opts, {"path"});
  if (wants_help(parsed, synopsis, opts)) return kOk;
  require(parsed, {{"key", "--key FILE"}, {"path", "PATH"}});
  Ed25519Signer signer(load_key(parsed.vm["key"].as<std::string>()));
  Digest digest = sha256_of_file(parsed.vm["path"].as<std::string>());
  std::cout << hex_encode(signer.sign(file_signature_message_for_digest(digest))) << "\n";
  return kOk;
}

int key_verify(const std::vector<std::string>& args) {
  const std::string synopsis = "icnmesh key verify --did DID --sig HEX PATH";
  po::options_description opts("options");
  opts.add_options()("did", po::value<std::string>(), "signer's DID (did:key:z6Mk...)")(
      "sig", po::value<std::string>(), "signature: 128 hex digits");
  auto parsed = parse(args, opts, {"path"});
  if (wants_help(parsed, synopsis, opts)) return kOk;
  require(parsed, {{"did", "--did DID"}, {"sig", "--sig HEX"}, {"path", "PATH"}});
  const auto& did = parsed.vm["did"].as<std::string>();
  auto key = public_key_from_did(did);
  if (!key) throw InputError("--did " + did + ": " + key.error().message);
  const auto& sig_hex = parsed.vm["sig"].as<std::string>();
  auto signature = hex_decode(sig_hex);
  if (!signature || signature->size() != kEd25519SignatureSize) {
    throw InputError("--sig: expected 128 hex digits (a 64-byte Ed25519 signature), got \"" +
                     sig_hex.substr(0, 140) + "\"");
  }
  Digest digest = sha256_of_file(parsed.vm["path"].as<std::string>());
  bool valid = ed25519_verify(*key, file_signature_message_for_digest(digest), *signature);
  std::cout << (valid ? "valid" : "invalid") << "\n";
  return valid ? kOk : kFailed;
}

int key_inspect_did(const std::vector<std::string>& args) {
  const std::string synopsis = "icnmesh key inspect-did DID";
  po::options_description opts("options");
  auto parsed = parse(args, opts, {"did-arg"});
  if (wants_help(parsed, synopsis, opts)) return kOk;
  require(parsed, {{"did-arg", "DID"}});
  const auto& did = parsed.vm["did-arg"].as<std::string>();
  auto key = public_key_from_did(did);
  if (!key) throw InputError(did + ": " + key.error().message);
  std::cout << hex_of(*key) << "\n";
  return kOk;
}

}  // namespace

int cmd_key(const std::vector<std::string>& args) {
  if (args.empty()) {
    std::cerr << kOverview;
    return kUsage;
  }
  const std::string& verb = args[0];
  if (verb == "--help" || verb == "-h" || verb == "help") {
    std::cout << kOverview;
    return kOk;
  }
  std::vector<std::string> rest(args.begin() + 1, args.end());
  if (verb == "new") return key_new(rest);
  if (verb == "show") return key_show(rest);
  if (verb == "sign") return key_sign(rest);
  if (verb == "verify") return key_verify(rest);
  if (verb == "inspect-did") return key_inspect_did(rest);
  std::cerr << "icnmesh key: unknown verb '" << verb << "'\n\n" << kOverview;
  return kUsage;
}

}  // namespace icn::cli
