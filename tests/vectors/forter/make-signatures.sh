#!/bin/sh
# Signatures of the Forter decision notifications in this folder, computed independently of the
# crate with coreutils' `sha256sum` and checked against OpenSSL's `openssl dgst -sha256`:
#
#   X-Forter-Signature = hex(sha256(secret . X-Forter-Token . X-Forter-SiteID . raw body))
#
# (forter/forter-magento2 Controller/Callback/Validations.php, `calculateHash`). Each line of
# cases.txt is `<case> <secret> <token> <site id>`; the body is `<case>.body`, byte for byte (no
# trailing newline unless the file has one). Writes signatures.txt, one line per case:
# `<case> <secret> <token> <site id> <signature>`. Run it after editing a case; the test
# tests/tests/webhooks.rs reads signatures.txt.
set -eu
cd "$(dirname "$0")"
while read -r case secret token site; do
    sha=$({ printf '%s%s%s' "$secret" "$token" "$site"; cat "$case.body"; } | sha256sum | cut -d' ' -f1)
    ossl=$({ printf '%s%s%s' "$secret" "$token" "$site"; cat "$case.body"; } | openssl dgst -sha256 -r | cut -d' ' -f1)
    if [ "$sha" != "$ossl" ]; then
        echo "sha256sum and openssl disagree on $case" >&2
        exit 1
    fi
    printf '%s %s %s %s %s\n' "$case" "$secret" "$token" "$site" "$sha"
done < cases.txt > signatures.txt
