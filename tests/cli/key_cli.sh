#!/bin/bash
# icnmesh key: new/show/sign/verify round trip, file modes, exit codes, and independent
# verification with OpenSSL (libsodium signs, OpenSSL verifies).
# usage: bash key_cli.sh <path-to-icnmesh> <source-dir>
set -u
ICNMESH=${1:?usage: key_cli.sh ICNMESH SOURCE_DIR}
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
cd "$WORK" || exit 1
failures=0
fail() { echo "FAIL: $*" >&2; failures=$((failures + 1)); }
expect_rc() {  # expect_rc WANT DESCRIPTION -- command...
  local want=$1 what=$2; shift 3
  "$@" >out.txt 2>err.txt
  local rc=$?
  [ "$rc" -eq "$want" ] || fail "$what: exit $rc, want $want (stderr: $(head -c 300 err.txt))"
}
hex_of() { od -An -tx1 -v | tr -d ' \n'; }

# --- new / show ---
DID=$("$ICNMESH" key new --out alice.pem) || fail "key new failed"
[[ "$DID" =~ ^did:key:z6Mk[1-9A-HJ-NP-Za-km-z]{44}$ ]] || fail "key new printed '$DID'"
[ "$(stat -c %a alice.pem)" = 600 ] || fail "key file mode is $(stat -c %a alice.pem), want 600"
[ "$("$ICNMESH" key show alice.pem)" = "$DID" ] || fail "key show differs from key new"
ls alice.pem.tmp-* >/dev/null 2>&1 && fail "temporary file left behind"
expect_rc 2 "new over an existing file" -- "$ICNMESH" key new --out alice.pem
grep -q "already exists" err.txt || fail "overwrite refusal message: $(cat err.txt)"
[ "$("$ICNMESH" key show alice.pem)" = "$DID" ] || fail "refused overwrite changed the key"
DID_FORCED=$("$ICNMESH" key new --out forced.pem) || fail "second key"
DID_FORCED2=$("$ICNMESH" key new --out forced.pem --force) || fail "--force failed"
[ "$DID_FORCED" != "$DID_FORCED2" ] || fail "--force did not replace the key"
[ "$(stat -c %a forced.pem)" = 600 ] || fail "forced key mode $(stat -c %a forced.pem)"
# umask must not loosen the mode
(umask 000 && "$ICNMESH" key new --out loose.pem >/dev/null) || fail "new with umask 000"
[ "$(stat -c %a loose.pem)" = 600 ] || fail "umask 000 key mode $(stat -c %a loose.pem)"

# --- sign / verify ---
printf 'The quick brown fox\n' >doc.txt
SIG=$("$ICNMESH" key sign --key alice.pem doc.txt) || fail "key sign failed"
[[ "$SIG" =~ ^[0-9a-f]{128}$ ]] || fail "signature is not 128 lower-case hex digits: $SIG"
[ "$("$ICNMESH" key sign --key alice.pem doc.txt)" = "$SIG" ] || fail "Ed25519 not deterministic"
expect_rc 0 "verify valid" -- "$ICNMESH" key verify --did "$DID" --sig "$SIG" doc.txt
[ "$(cat out.txt)" = valid ] || fail "verify printed '$(cat out.txt)'"
cp doc.txt modified.txt && printf '!' >>modified.txt
expect_rc 1 "verify modified file" -- "$ICNMESH" key verify --did "$DID" --sig "$SIG" modified.txt
[ "$(cat out.txt)" = invalid ] || fail "verify of modified file printed '$(cat out.txt)'"
expect_rc 1 "verify wrong DID" -- "$ICNMESH" key verify --did "$DID_FORCED2" --sig "$SIG" doc.txt
[ "$(cat out.txt)" = invalid ] || fail "wrong DID printed '$(cat out.txt)'"
if [ "${SIG:0:1}" = 0 ]; then BADSIG="1${SIG:1}"; else BADSIG="0${SIG:1}"; fi
expect_rc 1 "verify flipped signature" -- "$ICNMESH" key verify --did "$DID" --sig "$BADSIG" doc.txt
# Upper-case hex is the same signature.
expect_rc 0 "verify upper-case hex" -- "$ICNMESH" key verify --did "$DID" --sig "${SIG^^}" doc.txt

# --- malformed input and usage errors: exit 2 ---
expect_rc 2 "malformed DID" -- "$ICNMESH" key verify --did did:key:zNotAKey0 --sig "$SIG" doc.txt
grep -q "did" err.txt || fail "malformed DID message: $(cat err.txt)"
expect_rc 2 "did:web" -- "$ICNMESH" key verify --did did:web:example.com --sig "$SIG" doc.txt
expect_rc 2 "odd hex" -- "$ICNMESH" key verify --did "$DID" --sig abc doc.txt
expect_rc 2 "short signature" -- "$ICNMESH" key verify --did "$DID" --sig "${SIG:0:126}" doc.txt
expect_rc 2 "non-hex signature" -- "$ICNMESH" key verify --did "$DID" --sig "zz${SIG:2}" doc.txt
expect_rc 2 "bad flag" -- "$ICNMESH" key new --out x.pem --bogus
[ -e x.pem ] && fail "bad flag still created a file"
expect_rc 2 "unknown verb" -- "$ICNMESH" key frobnicate
grep -q "usage" err.txt || fail "unknown verb: no usage on stderr"
expect_rc 2 "no verb" -- "$ICNMESH" key
expect_rc 2 "missing --out" -- "$ICNMESH" key new
expect_rc 2 "missing file" -- "$ICNMESH" key sign --key alice.pem no-such-file
grep -q "^no-such-file: " err.txt || fail "unreadable file message: $(cat err.txt)"
expect_rc 2 "missing key file" -- "$ICNMESH" key show no-such.pem
grep -q "^no-such.pem: " err.txt || fail "missing key message: $(cat err.txt)"
expect_rc 2 "not a key" -- "$ICNMESH" key show doc.txt
grep -q "doc.txt: not a PEM Ed25519 private key" err.txt || fail "not-a-key message: $(cat err.txt)"
for verb in "" new show sign verify inspect-did; do
  expect_rc 0 "key $verb --help" -- "$ICNMESH" key $verb --help
  grep -q "usage" out.txt || fail "key $verb --help printed no usage"
done

# --- permissions warning is a warning, not a failure ---
cp alice.pem open.pem && chmod 644 open.pem
expect_rc 0 "world-readable key" -- "$ICNMESH" key show open.pem
grep -q "permissions 0644 are too open" err.txt || fail "no permissions warning: $(cat err.txt)"
[ "$(cat out.txt)" = "$DID" ] || fail "show of 0644 key printed '$(cat out.txt)'"

# --- independent verification with OpenSSL ---
if command -v openssl >/dev/null; then
  # openssl reads our key file and derives the same public key as the DID holds.
  openssl pkey -in alice.pem -pubout -out pub.pem 2>err.txt || fail "openssl cannot read key: $(cat err.txt)"
  OSSL_PUB=$(openssl pkey -in alice.pem -pubout -outform DER | tail -c 32 | hex_of)
  [ "$("$ICNMESH" key show --public-hex alice.pem)" = "$OSSL_PUB" ] || fail "public key differs from OpenSSL's"
  [ "$("$ICNMESH" key inspect-did "$DID")" = "$OSSL_PUB" ] || fail "DID does not decode to OpenSSL's key"
  # Rebuild the signed message: tag || SHA-256(contents), then check with OpenSSL's Ed25519.
  { printf 'icnmesh/file-signature/v1\n'; openssl dgst -sha256 -binary doc.txt; } >msg.bin
  [ "$(wc -c <msg.bin)" -eq 58 ] || fail "message is $(wc -c <msg.bin) bytes, want 26 + 32"
  printf '%s' "$SIG" | sed 's/../\\x&/g' | xargs -0 printf >sig.bin
  [ "$(wc -c <sig.bin)" -eq 64 ] || fail "signature file is $(wc -c <sig.bin) bytes"
  openssl pkeyutl -verify -pubin -inkey pub.pem -rawin -in msg.bin -sigfile sig.bin >out.txt 2>&1 ||
    fail "OpenSSL rejects our signature: $(cat out.txt)"
  grep -q "Signature Verified Successfully" out.txt || fail "openssl said: $(cat out.txt)"
  # ... and rejects it for the modified file (the check can fail).
  { printf 'icnmesh/file-signature/v1\n'; openssl dgst -sha256 -binary modified.txt; } >msg2.bin
  openssl pkeyutl -verify -pubin -inkey pub.pem -rawin -in msg2.bin -sigfile sig.bin >/dev/null 2>&1 &&
    fail "OpenSSL accepted the signature for a modified file"
  # A key made by OpenSSL works with icnmesh, and OpenSSL-made signatures verify in icnmesh.
  openssl genpkey -algorithm ed25519 -out ossl.pem 2>/dev/null && chmod 600 ossl.pem
  OSSL_DID=$("$ICNMESH" key show ossl.pem) || fail "icnmesh cannot read an OpenSSL key"
  openssl pkeyutl -sign -inkey ossl.pem -rawin -in msg.bin -out ossl_sig.bin || fail "openssl sign"
  OSSL_SIG=$(hex_of <ossl_sig.bin)
  expect_rc 0 "verify OpenSSL signature" -- "$ICNMESH" key verify --did "$OSSL_DID" --sig "$OSSL_SIG" doc.txt
else
  fail "openssl not installed"
fi

# --- known vector: RFC 8032 test 1 key ---
printf '%s\n' '-----BEGIN PRIVATE KEY-----' \
  'MC4CAQAwBQYDK2VwBCIEIJ1hsZ3v/VpguoRK9JLsLMREScVpezJpGXA7rAMcrn9g' \
  '-----END PRIVATE KEY-----' >rfc.pem
chmod 600 rfc.pem
[ "$("$ICNMESH" key show rfc.pem)" = "did:key:z6MktwupdmLXVVqTzCw4i46r4uGyosGXRnR3XjN4Zq7oMMsw" ] ||
  fail "RFC 8032 test 1 key has DID $("$ICNMESH" key show rfc.pem)"

if [ "$failures" -ne 0 ]; then
  echo "$failures failure(s)" >&2
  exit 1
fi
echo "key_cli: all checks passed"
