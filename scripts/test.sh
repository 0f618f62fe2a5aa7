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
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
root=$PWD

export PIP_DISABLE_PIP_VERSION_CHECK=1 PIP_NO_INPUT=1 PYTHONDONTWRITEBYTECODE=1
python=${PYTHON:-python3}
venv=$root/.venv
stamp=$venv/.requirements-test.sha256

# Each step prints its start time since the script began, and the time the previous step took,
# so a CI log shows where the time goes.
step_started=$SECONDS
step() {
    printf '\n==> [%4ds, previous step %ds] %s\n' "$SECONDS" "$((SECONDS - step_started))" "$*" >&2
    step_started=$SECONDS
}

# --- Python environment -------------------------------------------------------------------
want=$( { sha256sum requirements-test.txt; "$python" -c 'import sys; print(sys.version)'; } | sha256sum | cut -d' ' -f1)
if [[ ! -x $venv/bin/python ]] || ! "$venv/bin/python" -c 'import sys' 2>/dev/null; then
    step "creating .venv with $("$python" --version 2>&1)"
    rm -rf "$venv"
    "$python" -m venv "$venv"
fi
if [[ ! -f $stamp || $(cat "$stamp") != "$want" ]]; then
    step "installing requirements-test.txt into .venv (about 1.7 GB of wheels the first time)"
    rm -f "$stamp"
    "$venv/bin/python" -m pip install --progress-bar off --requirement requirements-test.txt
    echo "$want" > "$stamp"
else
    step ".venv is up to date with requirements-test.txt"
fi

# --- Browser ------------------------------------------------------------------------------
# tests/python/test_report.py opens the HTML report in Debian's Chromium, driven by Playwright
# (pinned in requirements-test.txt; it never downloads a browser of its own). Installed once.
if ! command -v chromium >/dev/null 2>&1; then
    step "installing Debian's chromium package (for tests/python/test_report.py)"
    sudo=()
    (( $(id -u) == 0 )) || sudo=(sudo)
    "${sudo[@]}" apt-get update -qq
    DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq chromium >/dev/null
else
    step "chromium is installed ($(chromium --version 2>/dev/null | head -n1))"
fi

# --- Rust ---------------------------------------------------------------------------------
# The command-line tool alone, as `cargo run --release` builds it: the same package selection
# gives the same dependency features, so a build made by the README's first command is reused.
# The Python package below shares the dependencies whose features agree (pyo3 reads PYO3_PYTHON).
export PYO3_PYTHON=$venv/bin/python
step "cargo build --release --locked (the whosaid command-line tool)"
cargo build --release --locked -p whosaid

# --- Python package ---------------------------------------------------------------------------
step "maturin build --release (python/) and install the wheel into .venv"
rm -rf target/wheels
"$venv/bin/maturin" build --quiet --release --locked --manifest-path python/Cargo.toml \
    --interpreter "$venv/bin/python" --out target/wheels
"$venv/bin/python" -m pip install --quiet --no-deps --force-reinstall target/wheels/whosaid-*.whl

# A failing check does not stop the later ones from running; the script still fails.
failed=()
step "cargo fmt --check"
cargo fmt --all --check || failed+=("cargo fmt")
step "cargo clippy --workspace --all-targets -- -D warnings"
cargo clippy --locked --workspace --all-targets -- -D warnings || failed+=("cargo clippy")
step "cargo test --locked --no-fail-fast"
cargo test --locked --no-fail-fast || failed+=("cargo test")

# --- Dataset tests --------------------------------------------------------------------------
step "pytest tests/python"
export WHOSAID_BIN=$root/target/release/whosaid
export HF_DATASETS_OFFLINE=1 HF_HUB_OFFLINE=1 HF_HUB_DISABLE_TELEMETRY=1
# Spark and Ray stay on this machine: loopback only, no usage statistics.
export SPARK_LOCAL_IP=127.0.0.1 RAY_USAGE_STATS_ENABLED=0
"$venv/bin/python" -m pytest -p no:cacheprovider -ra tests/python "$@" || failed+=("pytest tests/python")

if (( ${#failed[@]} )); then
    step "FAILED: ${failed[*]}"
    exit 1
fi
step "all tests passed"
