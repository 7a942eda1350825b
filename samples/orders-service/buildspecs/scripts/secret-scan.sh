#!/bin/sh
# A secret scan of a source tree, written as SARIF 2.1.0 to stdout. Each rule is an extended regular expression;
# a match is a result of level "error" at the file and line, its message naming the rule, never the secret.
# Each rule carries properties.security-severity, the score GitHub code scanning and Trivy write (9.0 and up
# critical, 7.0-8.9 high, 4.0-6.9 medium), which the gate reads before the level: private keys and cloud or
# GitHub credentials are critical, chat tokens and passwords in plain text high. A password whose value is a
# variable reference ("$ECR_PASSWORD") is not plain text and is not reported.
# Skips .git, target, reports, node_modules and .trivy (the scan stage's trivy and its DB), and this script
# (which holds the patterns).
# Usage: secret-scan.sh <dir>  (exit 0 whether or not it finds something: the gate judges the findings)
set -eu
root=${1:-.}
self=$(basename "$0")

# id <TAB> name <TAB> security-severity <TAB> pattern
rules='aws-access-key-id	AWS access key id	9.0	(A3T[A-Z0-9]|AKIA|ASIA|ABIA|ACCA)[A-Z0-9]{16}
aws-secret-access-key	AWS secret access key	9.5	[Aa][Ww][Ss]_?[Ss][Ee][Cc][Rr][Ee][Tt]_?([Aa][Cc][Cc][Ee][Ss][Ss]_?)?[Kk][Ee][Yy]["'"'"']?[ ]*[:=][ ]*["'"'"']?[A-Za-z0-9/+]{40}
private-key	private key	9.5	-----BEGIN ([A-Z]+ )?PRIVATE KEY-----
github-token	GitHub token	9.0	gh[pousr]_[A-Za-z0-9]{36}
slack-token	Slack token	8.0	xox[baprs]-[A-Za-z0-9-]{10,}
password-assignment	password in plain text	7.5	[Pp][Aa][Ss][Ss][Ww][Oo][Rr][Dd][A-Za-z_]*[ ]*[:=][ ]*["'"'"'][^"'"'"' $][^"'"'"' ]{7,}["'"'"']'

matches=$(mktemp)
trap 'rm -f "$matches"' EXIT
printf '%s\n' "$rules" | while IFS='	' read -r id name score pattern; do
  grep -rnIE --exclude-dir=.git --exclude-dir=target --exclude-dir=reports --exclude-dir=node_modules --exclude-dir=.trivy \
    --exclude="$self" -e "$pattern" "$root" 2>/dev/null \
    | awk -v id="$id" -v name="$name" -F: '{ print id "\t" name "\t" $1 "\t" $2 }' >> "$matches" || true
done

awk -F'\t' -v root="$root" -v rules="$rules" '
function esc(s) { gsub(/\\/, "\\\\", s); gsub(/"/, "\\\"", s); gsub(/\t/, "\\t", s); return s }
function rel(p) { if (index(p, root "/") == 1) p = substr(p, length(root) + 2); sub(/^\.\//, "", p); return p }
BEGIN {
  printf "{\"version\":\"2.1.0\",\"$schema\":\"https://json.schemastore.org/sarif-2.1.0.json\",\"runs\":[{"
  printf "\"tool\":{\"driver\":{\"name\":\"secret-scan\",\"version\":\"1.0\",\"rules\":["
  n = split(rules, lines, "\n")
  for (i = 1; i <= n; i++) {
    split(lines[i], f, "\t")
    printf "%s{\"id\":\"%s\",\"shortDescription\":{\"text\":\"%s\"},\"defaultConfiguration\":{\"level\":\"error\"}", (i > 1 ? "," : ""), f[1], esc(f[2])
    printf ",\"properties\":{\"security-severity\":\"%s\",\"tags\":[\"security\",\"secret\"]}}", f[3]
  }
  printf "]}},\"results\":["
  count = 0
}
{
  printf "%s{\"ruleId\":\"%s\",\"level\":\"error\",\"message\":{\"text\":\"possible %s in %s\"},", (count++ ? "," : ""), $1, esc($2), esc(rel($3))
  printf "\"locations\":[{\"physicalLocation\":{\"artifactLocation\":{\"uri\":\"%s\"},\"region\":{\"startLine\":%d}}}]}", esc(rel($3)), $4
}
END { printf "]}]}\n" }
' "$matches"
