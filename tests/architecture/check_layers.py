#!/usr/bin/env python3
"""Checks that every include goes down the layers, as the build declares them.

Usage: check_layers.py SOURCE_DIR

The layers are the `rigcheck_layer(NAME ... DEPENDS ...)` calls of the top-level
CMakeLists.txt. A file belongs to the layer of its folder (src/<layer>/, or src/rules/<part>/ for
the rules' parts) or, for a public header, of include/rigcheck/<layer>/ (each header of
include/rigcheck/rules/ to the part that defines it, below). The build already refuses an
include of another layer's private or detail header unless that layer is below; what it cannot
refuse is an include of a public header of a layer above, since every public header sits under
one include folder. This check refuses that, for src/, include/, tools/ and the CLI, and says
which file includes what.
"""
import os
import re
import sys

# Public headers of include/rigcheck/rules/ and the part of the rules that defines them.
RULES_HEADERS = {
    "expression.hpp": "rules_language",
    "rule_set.hpp": "rules_packs",
    "engine.hpp": "rules_engine",
}
# Programs built from some layers' objects: the layers they may use.
PROGRAMS = {
    "tools/native_rules": ["core", "model", "load", "analysis", "rules_language", "rules_facts", "rules_packs",
                           "rules_batch"],
}
INCLUDE = re.compile(r'^\s*#\s*include\s*[<"](rigcheck/[^>"]+)[>"]', re.M)


def read_layers(source_dir):
    text = open(os.path.join(source_dir, "CMakeLists.txt")).read()
    layers = {}
    directories = {}
    for call in re.finditer(r"rigcheck_layer\(([^)]*)\)", text):
        words = call.group(1).split()
        name = words[0]
        deps, directory, mode = [], name, None
        for word in words[1:]:
            if word in ("DEPENDS", "DIRECTORY", "GENERATED"):
                mode = word
            elif mode == "DEPENDS":
                deps.append(word)
            elif mode == "DIRECTORY":
                directory = word
        layers[name] = deps
        directories[directory] = name
    return layers, directories


def closure(layers, name):
    seen = set()
    todo = [name]
    while todo:
        layer = todo.pop()
        if layer in seen:
            continue
        seen.add(layer)
        todo.extend(layers[layer])
    return seen


def layer_of_path(relative, directories):
    """The layer a file of the tree belongs to, or None."""
    parts = relative.split("/")
    if parts[0] == "include" and len(parts) >= 3 and parts[1] == "rigcheck":
        if parts[2] == "rules" and len(parts) == 4:
            return RULES_HEADERS.get(parts[3])
        return parts[2] if len(parts) > 3 else "project"  # include/rigcheck/rigcheck.hpp: the whole
    if parts[0] == "src" and len(parts) >= 2:
        if parts[1] == "cli":
            return "cli"
        for depth in (3, 2):
            key = "/".join(parts[1:depth])
            if key in directories:
                return directories[key]
    return None


def detail_headers(source_dir, directories):
    """rigcheck/.../detail/x.hpp -> the layer whose folder holds it."""
    found = {}
    for directory, layer in directories.items():
        root = os.path.join(source_dir, "src", directory, "include")
        for folder, _, files in os.walk(root):
            for name in files:
                path = os.path.join(folder, name)
                found[os.path.relpath(path, root).replace(os.sep, "/")] = layer
    return found


def main():
    source_dir = os.path.abspath(sys.argv[1])
    layers, directories = read_layers(source_dir)
    layers["cli"] = ["project"]
    details = detail_headers(source_dir, directories)
    problems = []
    checked = 0
    for top in ("include", "src", "tools"):
        for folder, _, files in os.walk(os.path.join(source_dir, top)):
            for name in files:
                if not name.endswith((".hpp", ".cpp")):
                    continue
                path = os.path.join(folder, name)
                relative = os.path.relpath(path, source_dir).replace(os.sep, "/")
                program = next((p for p in PROGRAMS if relative.startswith(p + "/")), None)
                if program:
                    allowed = set(PROGRAMS[program])
                    owner = program
                else:
                    owner = layer_of_path(relative, directories)
                    if owner is None:
                        problems.append(f"{relative}: belongs to no layer")
                        continue
                    allowed = closure(layers, owner)
                checked += 1
                for included in INCLUDE.findall(open(path, encoding="utf-8").read()):
                    if included == "rigcheck/core/version.hpp":
                        target = "core"
                    elif included in details:
                        target = details[included]
                    else:
                        target = layer_of_path("include/" + included, directories)
                    if target is None:
                        problems.append(f"{relative}: includes <{included}>, which no layer has")
                    elif target not in allowed:
                        problems.append(f"{relative} ({owner}) includes <{included}> of {target}, a layer it does not build on")
    for problem in problems:
        print(problem)
    print(f"{checked} files checked, {len(problems)} problems")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
