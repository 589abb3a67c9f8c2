#!/bin/sh
# Builds hako and lays out build/hakod/lib and build/hako/lib for bin/hakod and bin/hako.
set -eu
top=$(dirname "$(dirname "$(readlink -f "$0")")")
cd "$top"
export JAVA_HOME=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
if [ ! -x "$JAVA_HOME/bin/java" ]; then
    echo "JDK 25 not found at $JAVA_HOME: install Temurin 25 or set JAVA_HOME" >&2
    exit 1
fi
# copy-dependencies adds to target/dependency and never removes: start it empty, so build/*/lib
# holds exactly what each program needs now.
rm -rf hakod/target/dependency hako-cli/target/dependency
mvn -q -B -DskipTests install
for app in hakod:hakod hako:hako-cli; do
    name=${app%%:*}
    module=${app#*:}
    rm -rf "build/$name"
    mkdir -p "build/$name/lib"
    cp "$module"/target/dependency/*.jar "build/$name/lib/"
    cp "$module"/target/"$module"-*.jar "build/$name/lib/"
done
# The CLI runs a JVM per command: AotTraining runs the common commands against a canned daemon
# so the AOT cache (JDK 25) holds the classes of picocli, gRPC, ttrpc and protobuf. The cache
# skips Java 5 classes, which is what picocli ships: they are raised to Java 8 first.
"$JAVA_HOME/bin/java" scripts/tools/RaiseClassVersion.java build/hako/lib/*.jar
"$JAVA_HOME/bin/java" -XX:AOTCacheOutput=build/hako/hako.aot -Xlog:aot=off -Xlog:cds=off \
    --sun-misc-unsafe-memory-access=allow \
    -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -XX:-UsePerfData \
    -cp "build/hako/lib/*" dev.hako.cli.AotTraining >/dev/null 2>&1 \
    || echo "note: the CLI's AOT cache was not made; hako starts a little slower" >&2
# hakod's AOT cache: a training run starts the daemon on a temporary store and has the CLI ask it
# what a first session asks (dev.hako.daemon.AotTraining). It needs root, as hakod does.
HAKOD_AOT_TRAINING=1 bin/hakod bin/hako >/dev/null 2>&1 \
    || echo "note: hakod's AOT cache was not made; hakod starts a little slower" >&2
echo "built: bin/hakod and bin/hako"
