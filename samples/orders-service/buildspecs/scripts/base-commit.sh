#!/bin/sh
# The commit whose benchmarks a change is measured against, in the same build (buildspecs/benchmark.yml):
#   1. BASE_COMMIT, when the pipeline passes one (a push's `before`, a pull request's base);
#   2. else, when HEAD is not on origin's default branch (a pull request, a feature branch), where it forked from it:
#      git merge-base HEAD origin/HEAD, the pull request's base;
#   3. else HEAD's first parent: the branch's tip before this commit, a push's `before` for a push of one commit or
#      of a merge (a shallow clone is deepened by one commit first).
# Prints "<sha> <how it was chosen>" and exits 0, or prints why there is none and exits 1.
set -u

if [ -n "${BASE_COMMIT:-}" ]; then
  sha=$(git rev-parse --verify --quiet "$BASE_COMMIT^{commit}" 2>/dev/null) \
    || { git fetch --quiet origin "$BASE_COMMIT" 2>/dev/null && sha=$(git rev-parse --verify --quiet "$BASE_COMMIT^{commit}"); } \
    || { echo "BASE_COMMIT $BASE_COMMIT is not in this checkout"; exit 1; }
  echo "$sha given as BASE_COMMIT"
  exit 0
fi
if ! git rev-parse --is-inside-work-tree >/dev/null 2>&1; then
  echo "the source is not a git checkout"
  exit 1
fi
head=$(git rev-parse HEAD)
default=$(git symbolic-ref --quiet refs/remotes/origin/HEAD 2>/dev/null || true)
if [ -n "$default" ]; then
  fork=$(git merge-base HEAD "$default" 2>/dev/null || true)
  if [ -n "$fork" ] && [ "$fork" != "$head" ]; then
    echo "$fork where HEAD forked from ${default#refs/remotes/}"
    exit 0
  fi
fi
if [ "$(git rev-parse --is-shallow-repository 2>/dev/null)" = true ]; then
  git fetch --quiet --deepen=1 origin 2>/dev/null || true
fi
if parent=$(git rev-parse --verify --quiet "HEAD^1"); then
  echo "$parent first parent of HEAD"
  exit 0
fi
echo "HEAD has no parent (the first commit)"
exit 1
