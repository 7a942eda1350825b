#!/bin/sh
# javac's diagnostics (file:line: warning|error: [lint] message) as SARIF 2.1.0 on stdout, one result per
# diagnostic; the summary lines ("1 warning", "error: warnings found and -Werror specified") are not results.
# Usage: javac-to-sarif.sh <javac output file>
set -eu
awk '
function esc(s) { gsub(/\\/, "\\\\", s); gsub(/"/, "\\\"", s); gsub(/\t/, "\\t", s); return s }
BEGIN {
  printf "{\"version\":\"2.1.0\",\"$schema\":\"https://json.schemastore.org/sarif-2.1.0.json\",\"runs\":[{"
  printf "\"tool\":{\"driver\":{\"name\":\"javac\",\"informationUri\":\"https://docs.oracle.com/en/java/javase/17/docs/specs/man/javac.html\"}},\"results\":["
  count = 0
}
match($0, /^[^ :][^:]*\.java:[0-9]+: (warning|error): /) {
  head = substr($0, 1, RLENGTH); text = substr($0, RLENGTH + 1)
  split(head, f, ":"); file = f[1]; line = f[2]
  level = (head ~ /: error: $/) ? "error" : "warning"
  rule = "javac"
  if (match(text, /^\[[a-z-]+\] /)) { rule = substr(text, 2, RLENGTH - 3); text = substr(text, RLENGTH + 1) }
  printf "%s{\"ruleId\":\"%s\",\"level\":\"%s\",\"message\":{\"text\":\"%s\"},", (count++ ? "," : ""), rule, level, esc(text)
  printf "\"locations\":[{\"physicalLocation\":{\"artifactLocation\":{\"uri\":\"%s\"},\"region\":{\"startLine\":%d}}}]}", esc(file), line
}
END { printf "]}]}\n" }
' "$1"
