#!/usr/bin/env bash
# Installs rigcheck's build and test dependencies from Debian packages, when any is missing.
set -euo pipefail
packages=(
  cmake g++ make pkg-config
  libboost-dev libyaml-cpp-dev librange-v3-dev catch2 libbenchmark-dev
  nlohmann-json3-dev libcli11-dev libfmt-dev graphviz libgraphviz-dev
  python3 python3-jsonschema python3-yaml clang-format
)
missing=()
for package in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
if ((${#missing[@]})); then
  echo "installing: ${missing[*]}"
  sudo_prefix=()
  [ "$(id -u)" -eq 0 ] || sudo_prefix=(sudo)
  "${sudo_prefix[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${sudo_prefix[@]}" apt-get install -y -qq "${missing[@]}"
fi
