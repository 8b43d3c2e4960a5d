#!/usr/bin/env bash
# The NOTIFY load test of issue 4: sipp, as a registrar, sends reg NOTIFYs for N subscriptions at a
# rising rate, first against a second sipp that subscribes and answers 200 (the load generator's
# own ceiling for this NOTIFY flow), then against a bare JAIN-SIP stack that only answers 200 (the
# stack's ceiling on this machine), then against sepapi (SubscriptionService on JainSipTransport).
# Prints each step, then the highest rate each held and the ratios between them (sepapi/bare,
# target 90% or more; sepapi/sipp, target 70% or more; bare/sipp). Builds nothing: build the
# shaded jar first with
#   mvn -B -q package -DskipTests -pl benchmarks -am
# Usage: benchmarks/load/notify-load.sh [driver options]
#   e.g. benchmarks/load/notify-load.sh --subscriptions 1000 --rates 2000,3000,4000 --step-seconds 10
# Environment: MODES (default "sipp bare sepapi"), JAVA (java), JAVA_OPTS (-Xms1g -Xmx1g),
#   JAR (benchmarks/target/benchmarks.jar), OUT (benchmarks/target/load).
# Driver options (defaults): --subscriptions 1000, --rates 2000,4000,...,16000, --step-seconds 10,
#   --warmup-seconds 10, --retries 1, --min-rate-fraction 0.75, --keep-going false, --strict false,
#   --subscribe-rate 500, --udp-buffer 0 (an experiment: see README.md), --sipp sipp, --sipp-args "".
#   After the ramp, --overload true (false) runs the overload step for the JVM peers:
#   --overload-seconds 60, --recovery-seconds 30, --recovery-fraction 0.9 (see README.md).
# Everything runs on 127.0.0.1; sipp is started and stopped by the driver, by its own pid.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
jar="${JAR:-$here/../target/benchmarks.jar}"
out="${OUT:-$here/../target/load}"
java="${JAVA:-java}"
read -r -a java_opts <<< "${JAVA_OPTS:--Xms1g -Xmx1g}"
modes="${MODES:-sipp bare sepapi}"

command -v sipp > /dev/null || { echo "sipp is not installed (Debian: apt-get install sip-tester)" >&2; exit 2; }
[ -f "$jar" ] || { echo "no $jar: build it first (see the head of this script)" >&2; exit 2; }
mkdir -p "$out"

declare -A held
for mode in $modes; do
  log="$out/$mode-$(date +%Y%m%d-%H%M%S).log"
  "$java" "${java_opts[@]}" -cp "$jar" org.sepapi.benchmarks.load.NotifyLoad \
    --mode "$mode" --scenario "$here/notifier.xml" --subscriber-scenario "$here/subscriber.xml" \
    --out "$out" "$@" | tee "$log"
  held[$mode]="$(sed -n 's/^RESULT .* held=\([0-9]*\).*/\1/p' "$log")"
done

# RATIO a/b: the highest rate mode a held over mode b's, for the modes that ran
ratio() {
  [ -n "${held[$1]:-}" ] && [ -n "${held[$2]:-}" ] || return 0
  awk -v a="${held[$1]}" -v b="${held[$2]}" -v num="$1" -v den="$2" -v note="$3" 'BEGIN {
    if (b > 0) printf "RATIO %s/%s = %d/%d = %.0f%% (%s)\n", num, den, a, b, 100 * a / b, note
    else printf "RATIO %s/%s: %s held no step\n", num, den, den }'
}
ratio sepapi bare "target: 90% or more"
ratio sepapi sipp "target: 70% or more"
ratio bare sipp "for information"
