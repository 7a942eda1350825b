#!/bin/sh
# The benchmark stage's measurement (buildspecs/benchmark.yml): the JMH benchmarks of the change (HEAD) and of its
# base commit (scripts/base-commit.sh), built side by side and run alternately on this host, so that both see the
# same machine at the same time: round 1 base then head, round 2 head then base, and so on (ABBA, so a drift of the
# host's load weighs on both sides alike). Each run is one JMH fork per benchmark, written as JMH JSON:
#   <out>/paired/base-<round>.json, <out>/paired/head-<round>.json, and <out>/paired/base.txt ("<sha> <how>").
# Without a base to measure (the first commit, a base that has no benchmarks or does not build) only the head runs,
# (two forks at most) and <out>/paired/skipped says why: the gate then compares with the stored baseline, and at most
# warns.
#
# Usage: paired-benchmark.sh [<out dir>]     (default reports/benchmark)
# Env:   BENCHMARK_ROUNDS (default 5), JMH_OPTS (default "-wi 2 -w 200ms -i 3 -r 200ms": short forks, many of them;
#        the gate reads the spread of the forks), BENCHMARKS (a JMH pattern; default: every benchmark), BASE_COMMIT
set -eu

out=${1:-reports/benchmark}
rounds=${BENCHMARK_ROUNDS:-5}
jmh_opts=${JMH_OPTS:--wi 2 -w 200ms -i 3 -r 200ms}
here=$(pwd)
mkdir -p "$out/paired"
out=$(cd "$out" && pwd)

# Builds the benchmarks of the checkout in $1 and prints their classpath.
build() {
  (cd "$1" && ./mvnw -B -ntp -q -Pbenchmark -DskipTests test-compile \
      org.apache.maven.plugins:maven-dependency-plugin:3.8.1:build-classpath \
      -Dmdep.outputFile=target/benchmark.classpath -Dmdep.includeScope=test >&2 \
    && test -f target/test-classes/META-INF/BenchmarkList \
    && printf '%s/target/test-classes:%s/target/classes:%s' "$1" "$1" "$(cat target/benchmark.classpath)")
}

# Runs one fork of every benchmark on classpath $2, JSON to $1.
# JMH refuses to start while another JMH on the host holds its lock (java.io.tmpdir/jmh.lock), which on a shared host
# (two builds of the local runtime at once, a developer's own JMH) would fail the stage for nothing the change did.
# This pipeline's benchmark builds on one host take turns instead (flock, where the host has it; after 15 minutes of
# waiting they measure anyway), and JMH is told not to refuse: whatever else measures at the same time is noise,
# which the paired comparison reports as inconclusive, never as a regression.
measure() {
  (
    if command -v flock >/dev/null 2>&1; then
      flock -w 900 9 || echo "waited 15 minutes for another benchmark on this host; measuring anyway (the comparison shows the noise)" >&2
    fi
    # shellcheck disable=SC2086 # JMH_OPTS and BENCHMARKS are word lists
    java -Djmh.ignoreLock=true -cp "$2" org.openjdk.jmh.Main $jmh_opts -f 1 -foe true -rf json -rff "$1" ${BENCHMARKS:-}
  ) 9>"${TMPDIR:-/tmp}/serverless-cd-benchmark.lock"
}

worktree=
cleanup() {
  if [ -n "$worktree" ] && [ -d "$worktree" ]; then
    git worktree remove --force "$worktree" >/dev/null 2>&1 || rm -rf "$worktree"
  fi
}
trap cleanup EXIT

echo "building the change's benchmarks"
head_cp=$(build "$here")

base_cp=
if base=$(sh "$here/buildspecs/scripts/base-commit.sh"); then
  sha=${base%% *}
  echo "base commit: $base"
  top=$(git rev-parse --show-toplevel)
  prefix=$(git rev-parse --show-prefix)
  worktree="$(dirname "$top")/benchmark-base-$$"
  if git worktree add --quiet --detach "$worktree" "$sha" >&2; then
    if [ ! -x "$worktree/$prefix/mvnw" ]; then
      echo "the base commit $sha has no ./mvnw in ${prefix:-the top directory}" > "$out/paired/skipped"
    elif base_cp=$(build "$worktree/$prefix"); then
      echo "$base" > "$out/paired/base.txt"
    else
      base_cp=
      echo "the base commit $sha's benchmarks do not build (no benchmark profile, or a compile error)" > "$out/paired/skipped"
    fi
  else
    echo "the base commit $sha cannot be checked out" > "$out/paired/skipped"
  fi
else
  echo "no base commit: $base" > "$out/paired/skipped"
fi
if [ -z "$base_cp" ]; then
  echo "not paired: $(cat "$out/paired/skipped"); measuring the change alone (2 forks at most), for the trend"
  if [ "$rounds" -gt 2 ]; then rounds=2; fi
fi

round=1
while [ "$round" -le "$rounds" ]; do
  if [ -n "$base_cp" ] && [ $((round % 2)) -eq 1 ]; then
    echo "round $round: base"; measure "$out/paired/base-$round.json" "$base_cp" || { base_cp=; rm -f "$out"/paired/base-*.json; echo "the base commit's benchmarks fail to run" > "$out/paired/skipped"; }
  fi
  echo "round $round: head"; measure "$out/paired/head-$round.json" "$head_cp"
  if [ -n "$base_cp" ] && [ $((round % 2)) -eq 0 ]; then
    echo "round $round: base"; measure "$out/paired/base-$round.json" "$base_cp" || { base_cp=; rm -f "$out"/paired/base-*.json; echo "the base commit's benchmarks fail to run" > "$out/paired/skipped"; }
  fi
  round=$((round + 1))
done
if [ -f "$out/paired/skipped" ]; then
  rm -f "$out/paired/base.txt" "$out"/paired/base-*.json
fi
ls "$out/paired"
