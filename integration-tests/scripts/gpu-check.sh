#!/usr/bin/env bash
# GPU check (issue 21, under 5 minutes on a GPU machine with JDK 17 and Maven): prints the devices DJL sees, checks that
# gradients, per-sample gradients, a Hessian-vector product and a Newton removal on every GPU agree with the CPU
# (GradientEngineDevicesTest), and times the quick debias benchmark on the CPU and on the GPU (same run, same data).
#
#   integration-tests/scripts/gpu-check.sh            # CUDA natives from Maven (-Pgpu: pytorch-native-cu128 2.7.1)
#   FUDLR_GPU_PROFILE= PYTORCH_LIBRARY_PATH=/opt/libtorch/lib PYTORCH_FLAVOR=cu128 integration-tests/scripts/gpu-check.sh
#                                                     # an existing libtorch 2.7.1 cu128 instead (CPU build on the class path)
set -euo pipefail
cd "$(dirname "$0")/../.."
profile="${FUDLR_GPU_PROFILE--Pgpu}"
export DJL_OFFLINE="${DJL_OFFLINE:-true}" OPT_OUT_TRACKING=true DJL_CACHE_DIR="${DJL_CACHE_DIR:-$HOME/.djl.ai}"

nvidia-smi --query-gpu=name,memory.total,driver_version --format=csv,noheader 2>/dev/null || echo "nvidia-smi: not available"
mvn -B -q $profile -DskipTests install
mvn -B -q $profile -pl integration-tests dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/gpu-check-cp.txt
cp="integration-tests/target/test-classes:$(cat integration-tests/target/gpu-check-cp.txt)"

echo "== devices"
printf 'System.out.println("PyTorch GPUs: " + ai.djl.engine.Engine.getEngine("PyTorch").getGpuCount());\n/exit\n' \
  | jshell -q --class-path "$cp" -R-Dai.djl.offline=true 2>/dev/null || echo "jshell: not available"

echo "== CPU vs GPU agreement (gradients, per-sample gradients, HVP, Newton removal)"
mvn -B $profile -pl tribuo-fudlr surefire:test -Dtest=GradientEngineDevicesTest | grep -E "Tests run:|agree|Skipped|no GPU" || true

echo "== speed: quick debias benchmark"
for device in cpu gpu; do
  start=$(date +%s.%N)
  java -Xmx8g -cp "$cp" dev.fudlr.bench.DebiasBenchmark --quick --device "$device" --out "target/gpu-check-$device" > "target/gpu-check-$device.log" 2>&1
  end=$(date +%s.%N)
  printf '%s: %.1f s wall\n' "$device" "$(echo "$end - $start" | bc)"
done
echo "(ratio = cpu / gpu seconds; per-stage costs in target/gpu-check-*/debias.md)"
