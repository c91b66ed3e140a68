#include "protocol/crypto/ed25519.hpp"

#include <openssl/bio.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <sodium.h>

#include <memory>

#include "protocol/crypto/sodium_init.hpp"

namespace icn {

namespace {

struct BioFree {
  void operator()(BIO* b) const { BIO_free(b); }
};
struct PkeyFree {
  void operator()(EVP_PKEY* k) const { EVP_PKEY_free(k); }
};
using BioPtr = std::unique_ptr<BIO, BioFree>;
using PkeyPtr = std::unique_ptr<EVP_PKEY, PkeyFree>;

// Refuses to prompt for a passphrase: encrypted key files are not supported.
int no_passphrase(char*, int, int, void*) {
  return -1;
}

}  // namespace

Ed25519KeyPair ed25519_key_pair_from_seed(const Ed25519Seed& seed) {
  ensure_sodium();
  Ed25519KeyPair kp;
  crypto_sign_seed_keypair(kp.public_key.data(), kp.secret_key.data(), seed.data());
  return kp;
}

Bytes ed25519_sign(const Ed25519KeyPair& key_pair, ByteView message) {
  ensure_sodium();
  Bytes signature(crypto_sign_BYTES);
  crypto_sign_detached(signature.data(), nullptr, message.data, message.size,
                       key_pair.secret_key.data());
  return signature;
}

bool ed25519_verify(const PublicKey& public_key, ByteView message, ByteView signature) {
  ensure_sodium();
  if (signature.size != crypto_sign_BYTES) return false;
  return crypto_sign_verify_detached(signature.data, message.data, message.size,
                                     public_key.data()) == 0;
}

std::string ed25519_private_key_to_pem(const Ed25519Seed& seed) {
  PkeyPtr key(EVP_PKEY_new_raw_private_key(EVP_PKEY_ED25519, nullptr, seed.data(), seed.size()));
  BioPtr bio(BIO_new(BIO_s_mem()));
  if (!key || !bio ||
      PEM_write_bio_PrivateKey(bio.get(), key.get(), nullptr, nullptr, 0, nullptr, nullptr) != 1) {
    ERR_clear_error();
    return {};  // only on allocation failure
  }
  char* data = nullptr;
  long size = BIO_get_mem_data(bio.get(), &data);
  std::string pem(data, static_cast<std::size_t>(size));
  OPENSSL_cleanse(data, static_cast<std::size_t>(size));
  return pem;
}

Expected<Ed25519Seed> ed25519_private_key_from_pem(std::string_view pem) {
  BioPtr bio(BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())));
  if (!bio) return fail("bad_key", "out of memory");
  PkeyPtr key(PEM_read_bio_PrivateKey(bio.get(), nullptr, no_passphrase, nullptr));
  ERR_clear_error();
  if (!key) return fail("bad_key", "not a PEM private key (or an encrypted one)");
  if (EVP_PKEY_id(key.get()) != EVP_PKEY_ED25519) {
    return fail("bad_key", "not an Ed25519 private key");
  }
  Ed25519Seed seed{};
  std::size_t size = seed.size();
  if (EVP_PKEY_get_raw_private_key(key.get(), seed.data(), &size) != 1 || size != seed.size()) {
    ERR_clear_error();
    return fail("bad_key", "Ed25519 private key has the wrong length");
  }
  return seed;
}

Ed25519Signer::Ed25519Signer(const Ed25519Seed& seed)
    : key_pair_(ed25519_key_pair_from_seed(seed)),
      did_(did_from_public_key(key_pair_.public_key)) {}

Ed25519Signer::~Ed25519Signer() {
  sodium_memzero(key_pair_.secret_key.data(), key_pair_.secret_key.size());
}

Bytes Ed25519Signer::sign(ByteView message) const {
  return ed25519_sign(key_pair_, message);
}

}  // namespace icn
