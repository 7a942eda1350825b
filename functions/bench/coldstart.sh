#!/usr/bin/env bash
# Cold start of each Lambda function without SnapStart, beside a minimal DynamoDB handler (docs/benchmarks.md,
# "Cold start"). From the repository root:
#
#   functions/bench/coldstart.sh                 # JDK 17 (the default java), 10 fresh JVMs per line
#   JAVA=/usr/lib/jvm/temurin-25-jdk-amd64/bin/java functions/bench/coldstart.sh
#   ROUNDS=3 SKIP_BUILD=1 functions/bench/coldstart.sh
#
# Builds functions.jar and the test classes, then runs dev.serverlesscd.functions.coldstart.ColdStartBenchmark,
# which starts DynamoDB Local and the other local services once and launches every probe in a fresh JVM.
# Results: stdout, and target/coldstart/<jdk>/results.md.
set -euo pipefail
cd "$(dirname "$0")/../.."
JAVA=${JAVA:-java}
ROUNDS=${ROUNDS:-10}
if [[ -z "${SKIP_BUILD:-}" ]]; then
  ./mvnw -q -B -pl functions -am package -DskipTests -DskipNpm   # the jar, and (skipTests) the test classes
  ./mvnw -q -B -pl functions dependency:build-classpath -Dmdep.includeScope=test \
    -Dmdep.outputFile="$PWD/functions/target/bench.cp"
  ./mvnw -q -B -pl functions dependency:tree -DoutputFile="$PWD/functions/target/bench.tree"
fi

# The minimal handler's own classpath: what software.amazon.awssdk:dynamodb pulls, the URL-connection client,
# SigV4 (http-auth-aws) and slf4j-api, as resolved for the functions module (the same versions as in the jar).
artifacts=$(awk '
  /^[+\\]- / { keep = ($0 ~ /awssdk:dynamodb:jar|awssdk:url-connection-client:jar|awssdk:http-auth-aws:jar|slf4j-api:jar/) }
  keep && /:compile$/ { n = split($0, f, " "); print f[n] }' functions/target/bench.tree \
  | awk -F: '{ print "/" $2 "-" $4 ".jar" }')
sdk_cp=""
for suffix in $artifacts; do
  path=$(tr ':' '\n' < functions/target/bench.cp | grep -F -- "$suffix" | head -1)
  [[ -n "$path" ]] || { echo "no jar for $suffix" >&2; exit 1; }
  sdk_cp="$sdk_cp:$path"
done

# The harness's own classpath: the test classpath, with the Netty version Fabric8's mock API server is built for
# (the test classpath mediates Netty down to the AWS SDK's 4.1.126, on which the mock server fails the JDK HTTP
# client's h2c upgrade with a NoSuchMethodError).
netty=4.1.135.Final
m2=$(tr ':' '\n' < functions/target/bench.cp | grep -m1 '/io/netty/' | sed 's#/io/netty/.*##')
[[ -f "$m2/io/netty/netty-codec-http2/$netty/netty-codec-http2-$netty.jar" ]] \
  || ./mvnw -q -B dependency:get -Dartifact=io.netty:netty-codec-http2:$netty
harness_cp=""
for path in $(tr ':' '\n' < functions/target/bench.cp); do
  if [[ "$path" == */io/netty/* ]]; then
    artifact=$(basename "$(dirname "$(dirname "$path")")")
    newer="$m2/io/netty/$artifact/$netty/$artifact-$netty.jar"
    [[ -f "$newer" ]] && path="$newer"
  fi
  harness_cp="$harness_cp:$path"
done

jdk=$("$JAVA" -XshowSettings:properties -version 2>&1 | awk -F' = ' '/java.version =/ { print $2 }')
out="functions/target/coldstart/jdk-$jdk"
rm -rf "$out"
"$JAVA" -version 2>&1 | head -1
java -cp "functions/target/test-classes:functions/target/classes$harness_cp" \
  dev.serverlesscd.functions.coldstart.ColdStartBenchmark \
  functions/target/functions.jar "$JAVA" "$ROUNDS" "$sdk_cp" "$out"
