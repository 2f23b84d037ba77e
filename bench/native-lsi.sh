#!/usr/bin/env bash
# The native LSI figure (issue 15, item 7): whole-process wall time of `dumpstack dump` through the C LSI sample
# (Native/samples/lsisas, Storport, run by the supervised in-process child) against the C# LSI_SAS stack, the same
# raw memory image and the same lsi-sas1068 model, alternately, each on a fresh disk image after a sync.
#
#   flock /tmp/dotnet.lock dotnet build bench -c Release
#   flock /tmp/dotnet.lock bench/native-lsi.sh [SIZE_MIB=1024] [RUNS=5]
#
# Prints each run, then the medians and their ratio (goal: native <= 1.2x managed).
set -euo pipefail
size_mib=${1:-1024}
runs=${2:-5}
root=$(cd "$(dirname "$0")/.." && pwd)
out=$root/bench/bin/Release/net10.0
dumpstack=$out/dumpstack
library=$out/native/liblsisas.so
[[ -x $dumpstack && -f $library ]] || { echo "build first: dotnet build bench -c Release" >&2; exit 2; }
work=${BENCH_WORK:-/tmp/dumpstack-bench}/native-lsi
mkdir -p "$work"
memory=$work/memory-${size_mib}MiB.raw
if [[ ! -f $memory ]]; then
    head -c $((size_mib * 1048576)) /dev/urandom > "$memory"
fi
disk_mib=$((size_mib + 64))
manifest() { # name miniport
    cat > "$work/$1.yaml" <<YAML
stack: $1
port: diskdump
miniport: $2
hardware:
  controller: lsi-sas1068
  disks:
    - target: 0
      image: $1.img
      size: $disk_mib MiB
      sector_size: 512
dump:
  disk: 0
  offset: 1 MiB
  length: $((size_mib + 32)) MiB
YAML
}
manifest managed LSI_SAS
manifest native "{native: $library, name: lsisas, links: storport, sha256: $(sha256sum "$library" | cut -d' ' -f1)}"

run() { # name -> seconds on stdout
    rm -f "$work/$1.img"
    sync
    local start end
    start=$(date +%s.%N)
    "$dumpstack" dump -m "$work/$1.yaml" --memory "$memory" > "$work/$1.log" 2>&1 || { cat "$work/$1.log" >&2; exit 1; }
    end=$(date +%s.%N)
    echo "$end - $start" | bc
}
median() { sort -n | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}'; }

run managed > /dev/null; run native > /dev/null # warm-up
managed=(); native=()
for ((i = 0; i < runs; i++)); do
    if ((i % 2 == 0)); then m=$(run managed); n=$(run native); else n=$(run native); m=$(run managed); fi
    managed+=("$m"); native+=("$n")
    printf 'run %d: managed %.3f s, native %.3f s\n' $((i + 1)) "$m" "$n"
done
m=$(printf '%s\n' "${managed[@]}" | median)
n=$(printf '%s\n' "${native[@]}" | median)
printf '%s MiB, medians of %d: C# LSI_SAS %.3f s, C lsisas %.3f s, ratio %.2fx (goal <= 1.20x)\n' "$size_mib" "$runs" "$m" "$n" "$(echo "$n / $m" | bc -l)"
cmp <(head -c $((1048576 + 0xFA8)) "$work/managed.img") <(head -c $((1048576 + 0xFA8)) "$work/native.img") > /dev/null \
    || echo "note: the two disks' first bytes differ" >&2
