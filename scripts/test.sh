#!/bin/sh
# The whole test suite: unit tests, the root integration tests against a real registry, overlayfs,
# runc, conmon and the CNI plugins, and critest (the Kubernetes CRI validation suite, from
# ../shared/critest) against a private hakod, and a short soak (bench/soak/run.sh --check). Installs
# what the tests need first.
set -eu
top=$(dirname "$(dirname "$(readlink -f "$0")")")
cd "$top"
if [ "$(id -u)" != 0 ]; then
    echo "the integration tests need root" >&2
    exit 1
fi
"$top/scripts/install-deps.sh" test
"$top/scripts/build.sh"
export JAVA_HOME=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
rc=0
mvn -B -Dhako.it.skip=false test "$@" || rc=$?
# critest runs even when a test above failed: its summary belongs in every CI log.
"$top/scripts/critest.sh" || rc=$?
# A short soak: a few hundred lifecycles through one hakod, failing on anything left behind (fds,
# threads, mounts, namespaces, cgroups, iptables rules, monitors, bundles, database rows).
"$top/bench/soak/run.sh" --pods 100 --runs 50 --pulls 20 --check || rc=$?
exit "$rc"
