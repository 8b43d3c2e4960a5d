#!/usr/bin/env bash
# The call load test: call setups per second over UDP on 127.0.0.1 at rising rates, with one sipp
# phone process per step that answers every call (-m N). Modes, run in turn:
#   sipp-invite  sipp's built-in uac against its built-in uas: a plain INVITE/BYE call, 6 messages
#   sipp-refer   a sipp UAC playing the REFER controller (refer-controller.xml) against the phone
#                (refer-phone.xml): the same 12 messages a call as sepapi's
#   sepapi       sepapi's CallController (REFER method) on JainSipTransport against the phone
# Prints each step, then the highest rate each mode held with every call completed. Builds nothing:
# build the shaded jar first with
#   mvn -B -q package -DskipTests -pl benchmarks -am
# Usage: benchmarks/load/call-load.sh [driver options]
#   e.g. MODES=sepapi benchmarks/load/call-load.sh --rates 200,400,800 --step-seconds 10
# Environment: MODES (default "sipp-invite sipp-refer sepapi"), JAVA (java), JAVA_OPTS (-Xms1g
#   -Xmx1g), JAR (benchmarks/target/benchmarks.jar), OUT (benchmarks/target/load).
# Driver options (defaults): --rates 100,200,400,600,800,1000,1200,1500, --step-seconds 10,
#   --warmup-seconds 10, --retries 1, --min-rate-fraction 0.9, --keep-going false,
#   --udp-buffer 0 (sepapi: the transport's udpBufferBytes; 0 keeps the stack's 64 KiB),
#   --threads 0 (sepapi: the controller's executor, 0 for its default, the common pool),
#   --sipp sipp, --sipp-args "".
# Everything runs on 127.0.0.1; sipp is started and stopped by the driver, by its own pid.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
jar="${JAR:-$here/../target/benchmarks.jar}"
out="${OUT:-$here/../target/load}"
java="${JAVA:-java}"
read -r -a java_opts <<< "${JAVA_OPTS:--Xms1g -Xmx1g}"
modes="${MODES:-sipp-invite sipp-refer sepapi}"

command -v sipp > /dev/null || { echo "sipp is not installed (Debian: apt-get install sip-tester)" >&2; exit 2; }
[ -f "$jar" ] || { echo "no $jar: build it first (see the head of this script)" >&2; exit 2; }
mkdir -p "$out"

for mode in $modes; do
  log="$out/calls-$mode-$(date +%Y%m%d-%H%M%S).log"
  "$java" "${java_opts[@]}" -cp "$jar" org.sepapi.benchmarks.load.CallLoad \
    --mode "$mode" --phone-scenario "$here/refer-phone.xml" \
    --controller-scenario "$here/refer-controller.xml" --out "$out" "$@" | tee "$log"
done
