#!/bin/sh
# Installs a pinned Trivy release (the Linux x86-64 build, as CodeBuild's standard images run) into a directory:
# downloads $TRIVY_DOWNLOAD_BASE/v$TRIVY_VERSION/trivy_${TRIVY_VERSION}_Linux-64bit.tar.gz and the release's
# trivy_${TRIVY_VERSION}_checksums.txt, checks the tarball's SHA-256 against the line naming it, extracts only the
# trivy binary and checks that it runs. Nothing is installed unless all of that succeeded.
# Environment: TRIVY_VERSION (required, e.g. 0.58.1), TRIVY_DOWNLOAD_BASE (default Trivy's GitHub releases),
# TRIVY_DOWNLOAD_TIMEOUT (seconds per file, default 300).
# Usage: install-trivy.sh [dir]  (default $TRIVY_INSTALL_DIR, else $HOME/.local/bin; the caller puts it on PATH)
# Exit 0 with one line on stdout when installed; otherwise non-zero with one line on stderr saying why.
set -u

fail() {
  printf '%s\n' "$*" >&2
  exit 1
}

version=${TRIVY_VERSION:-}
base=${TRIVY_DOWNLOAD_BASE:-https://github.com/aquasecurity/trivy/releases/download}
base=${base%/}
timeout=${TRIVY_DOWNLOAD_TIMEOUT:-300}
dir=${1:-${TRIVY_INSTALL_DIR:-}}
if [ -z "$dir" ]; then
  [ -n "${HOME:-}" ] || fail "no install directory: pass one, or set TRIVY_INSTALL_DIR or HOME"
  dir=$HOME/.local/bin
fi

[ -n "$version" ] || fail "TRIVY_VERSION is not set: no Trivy release to install"
case $version in
  v*) version=${version#v} ;;
esac
case $version in
  [0-9]*.[0-9]*.[0-9]*) ;;
  *) fail "TRIVY_VERSION '$version' is not a release version such as 0.58.1" ;;
esac
case $version in
  *[!0-9A-Za-z.+-]*) fail "TRIVY_VERSION '$version' is not a release version such as 0.58.1" ;;
esac
case $timeout in
  '' | *[!0-9]*) fail "TRIVY_DOWNLOAD_TIMEOUT '$timeout' is not a number of seconds" ;;
esac
for tool in curl sha256sum tar; do
  command -v "$tool" >/dev/null 2>&1 || fail "cannot install trivy: $tool is not on PATH"
done

tarball="trivy_${version}_Linux-64bit.tar.gz"
checksums="trivy_${version}_checksums.txt"
work=$(mktemp -d 2>/dev/null) || fail "cannot install trivy: cannot create a temporary directory"
trap 'rm -rf "$work"' EXIT

# download <file name> <to>: one line naming the URL and curl's own error when it fails
download() {
  url="$base/v$version/$1"
  if ! curl --fail --silent --show-error --location --connect-timeout 20 --max-time "$timeout" \
      --output "$2" "$url" 2> "$work/curl.err"; then
    reason=$(tail -n 1 "$work/curl.err")
    fail "cannot download $url: ${reason#curl: }"
  fi
}

download "$checksums" "$work/checksums.txt"
download "$tarball" "$work/$tarball"

# the checksums file's lines are "<sha256>  <file name>" (sha256sum's format; "*" before the name in binary mode)
expected=$(awk -v f="$tarball" '$2 == f || $2 == "*" f { print $1; exit }' "$work/checksums.txt")
[ -n "$expected" ] || fail "checksum missing: $checksums has no line for $tarball"
case $expected in
  *[!0-9a-fA-F]*) fail "checksum unreadable: $checksums gives '$expected' for $tarball, not a SHA-256" ;;
esac
[ ${#expected} -eq 64 ] || fail "checksum unreadable: $checksums gives '$expected' for $tarball, not a SHA-256"
actual=$(sha256sum "$work/$tarball" | cut -d ' ' -f 1)
expected=$(printf '%s' "$expected" | tr 'A-F' 'a-f')
[ "$actual" = "$expected" ] || fail "checksum mismatch for $tarball: $checksums says $expected, the download is $actual"

mkdir "$work/x" || fail "cannot install trivy: cannot create a directory in $work"
# Trivy's tarballs hold trivy, LICENSE, README.md and contrib/ at the top; only trivy is taken
if ! tar -xzf "$work/$tarball" -C "$work/x" trivy 2> "$work/tar.err" \
    && ! tar -xzf "$work/$tarball" -C "$work/x" ./trivy 2> /dev/null; then
  fail "cannot extract trivy from $tarball: $(head -n 1 "$work/tar.err")"
fi
[ -f "$work/x/trivy" ] || fail "cannot extract trivy from $tarball: it has no file trivy"
chmod 0755 "$work/x/trivy" || fail "cannot install trivy: cannot make $work/x/trivy executable"
if ! "$work/x/trivy" --version > "$work/version.out" 2>&1; then
  fail "the trivy of $tarball does not run here: $(tail -n 1 "$work/version.out")"
fi

mkdir -p "$dir" 2> "$work/mkdir.err" || fail "cannot install trivy in $dir: $(tail -n 1 "$work/mkdir.err")"
# through a name in the target directory, so that the rename into place is atomic
if ! { cp "$work/x/trivy" "$dir/.trivy.$$" && mv -f "$dir/.trivy.$$" "$dir/trivy"; } 2> "$work/cp.err"; then
  rm -f "$dir/.trivy.$$"
  fail "cannot install trivy in $dir: $(tail -n 1 "$work/cp.err")"
fi
echo "installed trivy $version in $dir ($tarball, sha256 $actual): $(head -n 1 "$work/version.out")"
