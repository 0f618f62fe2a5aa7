#!/usr/bin/env bash
# Runs every test of whosaid: formatting and lints, Rust unit/integration tests, then the Python
# tests (tests/python) against the release binary and the whosaid Python package (python/, built
# with maturin and installed into .venv), including PySpark local[2] and Ray Data runs, and the
# HTML report in headless Chromium. Needs Rust (cargo), python3 >= 3.11, Java 17+ (for PySpark)
# and apt-get (Debian's chromium is installed when missing); Python packages are installed into
# .venv from requirements-test.txt (exact pins), and reinstalled only when that file changes. The
# release binary is built exactly as the README's first command builds it (`cargo run --release`),
# so after that command nothing is compiled twice. Extra arguments are passed to pytest, e.g.
# `scripts/test.sh -k determinism -x`.
#
# CI runs this on a fresh clone of 2 cores and must finish within 25 minutes, so the steps run
# side by side where they can: the downloads (pip, apt-get) wait on the network while the release
# build compiles, and clippy and the Rust tests run at the lowest CPU priority, so they use only
# the cores that the release build's final (one-core) link and the Python tests leave idle and
# never slow the path to the Python tests. A background step's output goes to
# target/test-logs/NAME.log and is printed when the script waits for it; its failure fails the
# script. Each step prints when it started and how long it took, so a CI log shows where the
# time goes.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
root=$PWD

export PIP_DISABLE_PIP_VERSION_CHECK=1 PIP_NO_INPUT=1 PYTHONDONTWRITEBYTECODE=1
python=${PYTHON:-python3}
venv=$root/.venv
stamp=$venv/.requirements-test.sha256
logs=$root/target/test-logs
rm -rf "$logs"
mkdir -p "$logs"

# `step TITLE`: prints the seconds since the script began and the time the previous step took.
step_started=$SECONDS
step() {
    printf '\n==> [%4ds, previous step %ds] %s\n' "$SECONDS" "$((SECONDS - step_started))" "$*" >&2
    step_started=$SECONDS
}

# `background NAME COMMAND...` runs COMMAND (a function or program) in the background, its output
# in $logs/NAME.log; `finish NAME` waits for it, prints that output and returns its exit status.
# When the script ends early (a failed install, Ctrl-C), the background steps still running are
# stopped with it.
declare -A pids started
# `tree PID`: PID and every process below it.
tree() {
    ps -eo pid=,ppid= | awk -v root="$1" '
        { parent[$1] = $2 } END { for (p in parent) for (q = p; q in parent; q = parent[q]) if (q == root) { print p; break } }'
}
stop_background() {
    local pid
    for pid in "${pids[@]}"; do tree "$pid" | xargs -r kill 2>/dev/null || true; done
}
trap stop_background EXIT
background() {
    local name=$1
    shift
    step "started in the background: $name (output shown when it is waited for)"
    ( trap 'echo "$SECONDS" > "$logs/$name.end"' EXIT; step_started=$SECONDS; "$@" ) \
        > "$logs/$name.log" 2>&1 < /dev/null &
    pids[$name]=$!
    started[$name]=$SECONDS
}
finish() {
    local name=$1 status=0
    [[ -n ${pids[$name]:-} ]] || return 0  # never started: nothing to do
    wait "${pids[$name]}" || status=$?
    unset 'pids[$name]'
    step "waited for $name (ran from ${started[$name]}s to $(cat "$logs/$name.end" 2>/dev/null || echo '?')s, exit status $status); its output:"
    cat "$logs/$name.log" >&2
    return "$status"
}
# A failing check does not stop the later ones from running; the script still fails. A failed
# install does stop it (nothing after it could run).
failed=()
must() { finish "$1" || { step "FAILED: $1 (output above)"; exit 1; }; }

# --- Python environment -------------------------------------------------------------------
want=$( { sha256sum requirements-test.txt; "$python" -c 'import sys; print(sys.version)'; } | sha256sum | cut -d' ' -f1)
if [[ ! -x $venv/bin/python ]] || ! "$venv/bin/python" -c 'import sys' 2>/dev/null; then
    step "creating .venv with $("$python" --version 2>&1)"
    rm -rf "$venv"
    "$python" -m venv "$venv"
fi
install_requirements() {
    step "installing requirements-test.txt into .venv (about 1.7 GB of wheels the first time)"
    rm -f "$stamp"
    "$venv/bin/python" -m pip install --progress-bar off --requirement requirements-test.txt
    echo "$want" > "$stamp"
}
if [[ ! -f $stamp || $(cat "$stamp") != "$want" ]]; then
    background requirements install_requirements
else
    step ".venv is up to date with requirements-test.txt"
fi

# --- Browser ------------------------------------------------------------------------------
# tests/python/test_report.py opens the HTML report in Debian's Chromium, driven by Playwright
# (pinned in requirements-test.txt; it never downloads a browser of its own). Installed once.
install_chromium() {
    local sudo=()
    (( $(id -u) == 0 )) || sudo=(sudo)
    "${sudo[@]}" apt-get update -qq
    DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq chromium >/dev/null
}
if ! command -v chromium >/dev/null 2>&1; then
    step "installing Debian's chromium package (for tests/python/test_report.py)"
    background chromium install_chromium
else
    step "chromium is installed ($(chromium --version 2>/dev/null | head -n1))"
fi

# --- Rust checks, at the lowest CPU priority ----------------------------------------------------
# pyo3 (in the Python package, which clippy checks) reads PYO3_PYTHON, as does maturin below.
export PYO3_PYTHON=$venv/bin/python
step "cargo fetch --locked (every crate, before the builds below run side by side)"
cargo fetch --locked
step "cargo fmt --check"
cargo fmt --all --check || failed+=("cargo fmt")
rust_checks() {
    local status=0
    step "cargo clippy --workspace --all-targets -- -D warnings"
    nice -n 19 cargo clippy --locked --workspace --all-targets -- -D warnings || { status=1; echo "cargo clippy" >> "$logs/failed"; }
    step "cargo test --locked --no-fail-fast"
    nice -n 19 cargo test --locked --no-fail-fast || { status=1; echo "cargo test" >> "$logs/failed"; }
    return "$status"
}
background rust-checks rust_checks

# --- Release build ------------------------------------------------------------------------
# The command-line tool alone, as `cargo run --release` builds it: the same package selection
# gives the same dependency features, so a build made by the README's first command is reused.
# The Python package below shares the dependencies whose features agree.
step "cargo build --release --locked (the whosaid command-line tool)"
cargo build --release --locked -p whosaid

# --- Python package ---------------------------------------------------------------------------
must requirements
step "maturin build --release (python/) and install the wheel into .venv"
rm -rf target/wheels
"$venv/bin/maturin" build --quiet --release --locked --manifest-path python/Cargo.toml \
    --interpreter "$venv/bin/python" --out target/wheels
"$venv/bin/python" -m pip install --quiet --no-deps --force-reinstall target/wheels/whosaid-*.whl

# --- Dataset tests --------------------------------------------------------------------------
must chromium
step "pytest tests/python"
export WHOSAID_BIN=$root/target/release/whosaid
export HF_DATASETS_OFFLINE=1 HF_HUB_OFFLINE=1 HF_HUB_DISABLE_TELEMETRY=1
# Spark and Ray stay on this machine: loopback only, no usage statistics.
export SPARK_LOCAL_IP=127.0.0.1 RAY_USAGE_STATS_ENABLED=0
"$venv/bin/python" -m pytest -p no:cacheprovider -ra --durations=15 tests/python "$@" || failed+=("pytest tests/python")

# --- Rust checks' results -------------------------------------------------------------------
# Nothing else of ours runs now: give the checks back normal priority, so that on a busy machine
# they do not wait behind other work (only root may raise a priority; otherwise they stay low).
if (( $(id -u) == 0 )); then
    tree "${pids[rust-checks]}" | xargs -r renice -n 0 -p >/dev/null 2>&1 || true
fi
if ! finish rust-checks; then
    if [[ -f $logs/failed ]]; then mapfile -t -O "${#failed[@]}" failed < "$logs/failed"; else failed+=("Rust checks"); fi
fi
if (( ${#failed[@]} )); then
    step "FAILED: ${failed[*]}"
    exit 1
fi
step "all tests passed"
