#!/usr/bin/env python3
"""The layering rules of docs/architecture.md, checked rather than only documented.

  protocol/  never includes CAF, actors/, runtime/, sim/ or node/ headers, and never reads a
             clock, randomness, the environment, files or sockets;
  runtime/   never includes CAF, actors/, sim/ or node/ headers;
  actors/    never includes sim/ or node/ headers, and never reads a clock, randomness, the
             environment, files or sockets (everything comes from its World).

Usage: check_layering.py ROOT        exit 0 when the tree keeps the rules, 1 with one line per
                                     violation (FILE:LINE: rule: text)
       check_layering.py --self-test ROOT
                                     plants one violation of each rule in a copy of the tree
                                     and checks that every one is caught (and the copy without
                                     them passes)
"""
import os
import re
import shutil
import sys
import tempfile

SOURCE = re.compile(r"\.(cpp|hpp|h|cc|inl)$")

INCLUDE = re.compile(r'^\s*#\s*include\s*[<"]([^">]+)[">]')

# What each folder may not include (prefixes of the include path).
FORBIDDEN_INCLUDES = {
    "protocol": ["caf/", "actors/", "runtime/", "sim/", "node/"],
    "runtime": ["caf/", "actors/", "sim/", "node/"],
    "actors": ["sim/", "node/"],
}

# What protocol/ and actors/ may not call or include: the world's services only.
WORLD_ACCESS = [
    ("clock", re.compile(r"\b(system_clock|steady_clock|high_resolution_clock)\b|\btime\s*\(\s*(nullptr|NULL|0)\s*\)|\bclock_gettime\b|\bgettimeofday\b")),
    ("randomness", re.compile(r"\b(std::)?s?rand\s*\(|\brandom_device\b|\bgetrandom\b|/dev/u?random|\brandombytes_\w+")),
    ("environment", re.compile(r"\bgetenv\s*\(|\bsecure_getenv\s*\(|\benviron\b")),
    ("files", re.compile(r"\b(std::)?[io]?fstream\b|\bfopen\s*\(|#\s*include\s*<(fstream|filesystem)>|\bstd::filesystem\b")),
    ("sockets", re.compile(r"#\s*include\s*<(sys/socket\.h|netinet/|arpa/inet\.h|netdb\.h)|\bsocket\s*\(|\bconnect\s*\(")),
]
WORLD_RULE_FOLDERS = ["protocol", "actors"]

# Files allowed to use a world service because they ARE its implementation in protocol/:
# none today. (Key generation and signing take randomness and keys from their callers.)
EXEMPT = set()


def strip_comments(text):
    text = re.sub(r"/\*.*?\*/", lambda m: "\n" * m.group(0).count("\n"), text, flags=re.S)
    return [re.sub(r"//.*$", "", line) for line in text.split("\n")]


def strip_strings(line):
    return re.sub(r'"(\\.|[^"\\])*"', '""', line)


def check(root):
    problems = []
    for folder in sorted(set(FORBIDDEN_INCLUDES) | set(WORLD_RULE_FOLDERS)):
        base = os.path.join(root, folder)
        for dirpath, _, files in sorted(os.walk(base)):
            for name in sorted(files):
                if not SOURCE.search(name):
                    continue
                path = os.path.join(dirpath, name)
                rel = os.path.relpath(path, root)
                if rel in EXEMPT:
                    continue
                with open(path, encoding="utf-8", errors="replace") as f:
                    lines = strip_comments(f.read())
                for number, line in enumerate(lines, 1):
                    m = INCLUDE.match(line)
                    if m:
                        for prefix in FORBIDDEN_INCLUDES.get(folder, []):
                            if m.group(1).startswith(prefix):
                                problems.append(f"{rel}:{number}: {folder}/ includes {prefix}: {line.strip()}")
                    if folder in WORLD_RULE_FOLDERS:
                        code = strip_strings(line) if not m else line
                        for rule, pattern in WORLD_ACCESS:
                            if pattern.search(code):
                                problems.append(f"{rel}:{number}: {folder}/ reads the {rule} directly: {line.strip()}")
    return problems


PLANTS = [
    ("protocol/core/zz_planted.cpp", "#include <caf/all.hpp>\n", "protocol/ includes caf/"),
    ("runtime/zz_planted.cpp", "#include <caf/all.hpp>\n", "runtime/ includes caf/"),
    ("actors/zz_planted.cpp", '#include "sim/core.hpp"\n', "actors/ includes sim/"),
    ("actors/zz_planted2.cpp", '#include "node/cli/cli.hpp"\n', "actors/ includes node/"),
    ("protocol/zz_planted3.cpp", "auto t = std::chrono::system_clock::now();\n", "protocol/ reads the clock"),
    ("actors/zz_planted4.cpp", "int r = std::rand();\n", "actors/ reads the randomness"),
    ("actors/zz_planted5.cpp", 'const char* h = getenv("HOME");\n', "actors/ reads the environment"),
    ("protocol/zz_planted6.cpp", "#include <fstream>\n", "protocol/ reads the files"),
    ("actors/zz_planted7.cpp", "#include <sys/socket.h>\n", "actors/ reads the sockets"),
]


def self_test(root):
    with tempfile.TemporaryDirectory() as tmp:
        copy = os.path.join(tmp, "tree")
        for folder in ["protocol", "runtime", "actors"]:
            shutil.copytree(os.path.join(root, folder), os.path.join(copy, folder))
        clean = check(copy)
        if clean:
            print("self-test: the unplanted tree already fails:\n" + "\n".join(clean))
            return 1
        failed = 0
        for rel, text, expected in PLANTS:
            path = os.path.join(copy, rel)
            with open(path, "w") as f:
                f.write("// planted by check_layering.py --self-test\n" + text)
            found = [p for p in check(copy) if p.startswith(rel + ":")]
            os.remove(path)
            if not any(expected in p for p in found):
                print(f"self-test: planted '{text.strip()}' in {rel} was not caught as '{expected}'")
                failed += 1
            else:
                print(f"caught: {found[0]}")
        # Comments and strings mentioning a forbidden call are not violations.
        path = os.path.join(copy, "actors", "zz_comment.cpp")
        with open(path, "w") as f:
            f.write('// std::rand() is never called here\nconst char* s = "getenv(";\n')
        if check(copy):
            print("self-test: a comment or string was taken for a violation")
            failed += 1
        return 1 if failed else 0


def main(argv):
    if len(argv) == 3 and argv[1] == "--self-test":
        return self_test(argv[2])
    if len(argv) != 2:
        print(__doc__)
        return 2
    problems = check(argv[1])
    for p in problems:
        print(p)
    if not problems:
        print("layering: protocol/, runtime/ and actors/ keep their rules")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
