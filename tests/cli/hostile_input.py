#!/usr/bin/env python3
"""Every icnmesh command over mutated copies of every shipped input (docs/testing.md).

Job specs, scenarios, a recorded trace, a ledger database, a key file and the example WASM
modules are mutated the way a hostile or careless user would: truncation, byte flips,
hostile numbers, huge strings, deep nesting, duplicated and deleted lines, random bytes.
Each run must exit 0, 1 or 2, with no signal, no sanitizer report and no hang. The
mutations are drawn from a fixed seed, so a failure is reproduced by running this again;
each failing input is kept under WORK_DIR/failures/.

Usage: hostile_input.py ICNMESH SOURCE_DIR [WORK_DIR]
"""
import concurrent.futures
import hashlib
import os
import pathlib
import random
import re
import shutil
import subprocess
import sys
import tempfile

SEED = 17
JOBS = 2  # ctest counts this test as two processors
MAX_EVENTS = 5000  # bounds a simulation or replay of a mutated scenario
TIMEOUT_S = 120  # per run: a sanitizer build is slow, but nothing legitimate takes this long
SANITIZER_REPORTS = ("ERROR: AddressSanitizer", "ERROR: LeakSanitizer", "runtime error:",
                     "UndefinedBehaviorSanitizer")
HOSTILE_NUMBERS = [b"9223372036854775807", b"18446744073709551615", b"18446744073709551616",
                   b"-1", b"-9223372036854775808", b"0", b"4294967295", b"4294967296",
                   b"1e308", b"-1e308", b"1e-320", b"nan", b"NaN", b"inf", b"-inf",
                   b"99999999999999999999999999"]
NUMBER = re.compile(rb"-?\b\d+(?:\.\d+)?(?:[eE][+-]?\d+)?\b")
STRING = re.compile(rb'"[^"\n]*"')
# Jobs made to run until a limit stops them: a mutation that raises the limit (up to the 10
# years a wall time may be) makes them run that long, by design, so `exec` skips them.
RUNS_UNTIL_STOPPED = {"wasm-spin.pbtxt", "native-timeout.pbtxt", "container-oom.pbtxt"}


def lines_of(data):
    return data.split(b"\n")


def mutate(data, kind, rng, json):
    """One mutation of `data`; returns the new bytes."""
    if kind == "truncate":
        return data[:rng.randrange(len(data) + 1)]
    if kind == "flip":
        out = bytearray(data or b"\0")
        for _ in range(rng.randint(1, 8)):
            out[rng.randrange(len(out))] = rng.randrange(256)
        return bytes(out)
    if kind == "number":
        numbers = list(NUMBER.finditer(data))
        if not numbers:
            return data + b"\n" + rng.choice(HOSTILE_NUMBERS)
        out = data
        for m in sorted(rng.sample(numbers, min(len(numbers), rng.randint(1, 3))),
                        key=lambda m: -m.start()):
            out = out[:m.start()] + rng.choice(HOSTILE_NUMBERS) + out[m.end():]
        return out
    if kind == "nudge-number":
        # Values a file may hold but rarely does: they get past the limits to the code below.
        numbers = list(NUMBER.finditer(data))
        if not numbers:
            return data
        m = rng.choice(numbers)
        text = m.group().decode()
        value = float(text) if any(c in text for c in ".eE") else int(text)
        nudged = rng.choice([value * 10, value * 1000, value + 1, value // 3 if isinstance(
            value, int) else value / 3, 0, 1, -value])
        return data[:m.start()] + str(nudged).encode() + data[m.end():]
    if kind == "huge-string":
        strings = list(STRING.finditer(data))
        huge = b'"' + b"A" * rng.choice([70_000, 2_000_000, 20_000_000]) + b'"'
        if not strings:
            return data + b"\nname: " + huge + b"\n"
        m = rng.choice(strings)
        return data[:m.start()] + huge + data[m.end():]
    if kind == "deep":
        depth = rng.choice([40, 10_000, 100_000])
        nest = (b"[" * depth + b"]" * depth) if json else (b"x {" * depth + b"}" * depth)
        if json:
            at = data.find(b"{") + 1
            return data[:at] + b'"deep": ' + nest + b"," + data[at:]
        lines = lines_of(data)
        lines.insert(rng.randrange(len(lines) + 1), nest)
        return b"\n".join(lines)
    if kind == "duplicate-lines":
        lines = lines_of(data)
        for _ in range(rng.randint(1, 4)):
            i = rng.randrange(len(lines))
            lines[i:i] = [lines[i]] * rng.randint(1, 3)
        return b"\n".join(lines)
    if kind == "delete-lines":
        lines = lines_of(data)
        for _ in range(rng.randint(1, 4)):
            if lines:
                del lines[rng.randrange(len(lines))]
        return b"\n".join(lines)
    if kind == "random":
        return rng.randbytes(rng.choice([0, 1, 17, 512, 4096]))
    raise ValueError(kind)


TEXT_KINDS = ["truncate", "flip", "number", "number", "nudge-number", "nudge-number",
              "huge-string", "deep", "duplicate-lines", "delete-lines", "random"]
BINARY_KINDS = ["truncate", "flip", "flip", "random"]


class Runner:
    def __init__(self, icnmesh, source, work):
        self.icnmesh = icnmesh
        self.source = pathlib.Path(source)
        self.work = pathlib.Path(work)
        self.rng = random.Random(SEED)
        self.cases = []  # (id, description, argv, input file)
        self.env = dict(os.environ)
        # Keep leak reports (a sanitizer build's default) and make every report loud.
        self.env.setdefault("UBSAN_OPTIONS", "print_stacktrace=1")
        self.env["ICNMESH_AOT_CACHE"] = str(self.work / "aot-cache")

    def run_setup(self, *args):
        done = subprocess.run([self.icnmesh, *args], capture_output=True, env=self.env,
                              timeout=TIMEOUT_S)
        if done.returncode != 0:
            sys.exit("setup failed: icnmesh %s: exit %d\n%s" %
                     (" ".join(args), done.returncode, done.stderr.decode(errors="replace")))

    def add(self, description, data, suffix, commands):
        """Writes one mutated input and adds a case per command (each a list; "{}" is the
        input's path)."""
        n = len(self.cases)
        path = self.work / "inputs" / ("%04d%s" % (n, suffix))
        path.write_bytes(data)
        for command in commands:
            argv = [str(path) if a == "{}" else a for a in command]
            self.cases.append((len(self.cases), description, argv, path))

    def mutants(self, original, kinds, json=False, count=None):
        chosen = kinds if count is None else [self.rng.choice(kinds) for _ in range(count)]
        for kind in chosen:
            yield kind, mutate(original, kind, self.rng, json)

    def job_specs(self):
        jobs = self.source / "scenarios" / "jobs"
        for spec in sorted(jobs.glob("*.pbtxt")) + sorted(jobs.glob("*.json")) + \
                sorted((jobs / "invalid").iterdir()):
            json = spec.suffix == ".json"
            original = spec.read_bytes()
            for kind, data in self.mutants(original, TEXT_KINDS, json):
                commands = [["job", "validate", "{}", "--now", "1767225600000"]]
                if self.rng.random() < 0.3:
                    commands.append(["job", "validate", "{}", "--json"])
                if spec.name not in RUNS_UNTIL_STOPPED and spec.parent == jobs:
                    commands.append(["exec", "{}", "--engine", "interp"])
                if self.rng.random() < 0.1:
                    commands.append(["demo", "--spec", "{}", "--invalid", "{}"])
                self.add("%s, %s" % (spec.relative_to(self.source), kind), data, spec.suffix,
                         commands)

    def scenarios(self):
        for scenario in sorted((self.source / "scenarios").glob("*.pbtxt")) + \
                sorted((self.source / "scenarios" / "tests").glob("*.pbtxt")):
            original = scenario.read_bytes()
            for kind, data in self.mutants(original, TEXT_KINDS):
                command = ["sim", "{}", "--quiet", "--max-events", str(MAX_EVENTS)]
                if self.rng.random() < 0.2:
                    command += ["--json", "-"]
                self.add("%s, %s" % (scenario.relative_to(self.source), kind), data, ".pbtxt",
                         [command])

    def trace(self):
        recorded = self.work / "partition.trace"
        self.run_setup("sim", str(self.source / "scenarios" / "partition.pbtxt"), "--quiet",
                       "--trace", str(recorded))
        original = recorded.read_bytes()
        header_end = original.find(b"# events:")
        for kind, data in self.mutants(original[:header_end], TEXT_KINDS):
            self.add("recorded trace header, %s" % kind, data + original[header_end:], ".trace",
                     [["replay", "{}", "--max-events", str(MAX_EVENTS)]])
        for kind, data in self.mutants(original, ["truncate", "flip", "duplicate-lines",
                                                  "delete-lines"]):
            self.add("recorded trace, %s" % kind, data, ".trace",
                     [["replay", "{}", "--max-events", str(MAX_EVENTS)]])

    def ledger(self):
        db = self.work / "ledger.db"
        self.run_setup("ledger", "demo-populate", str(db), "--count", "40", "--seed", "3")
        original = db.read_bytes()
        did = "did:key:z6MktwupdmLXVVqTzCw4i46r4uGyosGXRnR3XjN4Zq7oMMsw"
        for kind, data in self.mutants(original, BINARY_KINDS, count=12):
            self.add("ledger database, %s" % kind, data, ".db",
                     [["ledger", "verify", "{}"], ["ledger", "balance", "{}", did],
                      ["ledger", "history", "{}", "--json"]])

    def key(self):
        key = self.work / "key.pem"
        self.run_setup("key", "new", "--out", str(key))
        original = key.read_bytes()
        for kind, data in self.mutants(original, TEXT_KINDS):
            self.add("key file, %s" % kind, data, ".pem",
                     [["key", "show", "{}"], ["key", "sign", "--key", "{}", str(key)]])

    def modules(self):
        """Mutated example modules, inline in a copy of the wasm-sha256 spec with a matching
        hash, so that `exec` gets as far as preparing them."""
        spec = (self.source / "scenarios" / "jobs" / "wasm-sha256.pbtxt").read_bytes()
        code = re.compile(rb"code \{[^}]*\}", re.S)
        for module in sorted((pathlib.Path(self.icnmesh).parent / "examples").glob("*.wasm")):
            for kind, data in self.mutants(module.read_bytes(), BINARY_KINDS, count=2):
                escaped = b"".join(b"\\%03o" % b for b in data)
                ref = b'code { hash: "sha256:%s" size: %d inline_bytes: "%s" }' % (
                    hashlib.sha256(data).hexdigest().encode(), len(data), escaped)
                self.add("examples/%s, %s" % (module.name, kind),
                         code.sub(lambda _: ref, spec, count=1), ".pbtxt",
                         [["exec", "{}", "--engine", "interp"]])

    def run_case(self, case):
        n, description, argv, path = case
        command = [self.icnmesh, *argv]
        try:
            done = subprocess.run(command, capture_output=True, env=self.env, timeout=TIMEOUT_S,
                                  cwd=self.work)
        except subprocess.TimeoutExpired:
            return n, "no exit within %d s (a hang)" % TIMEOUT_S, "", None
        stderr = done.stderr.decode(errors="replace")
        if done.returncode < 0:
            return n, "killed by signal %d" % -done.returncode, stderr, None
        if done.returncode not in (0, 1, 2):
            return n, "exit %d (only 0, 1, 2 are allowed)" % done.returncode, stderr, None
        for report in SANITIZER_REPORTS:
            if report in stderr:
                return n, "sanitizer report (exit %d)" % done.returncode, stderr, None
        return n, None, "", done.returncode

    def main(self):
        (self.work / "inputs").mkdir(parents=True)
        self.job_specs()
        self.scenarios()
        self.trace()
        self.ledger()
        self.key()
        self.modules()
        failures = 0
        exits = {}  # (command, exit code) -> runs
        with concurrent.futures.ThreadPoolExecutor(JOBS) as pool:
            for n, problem, stderr, code in pool.map(self.run_case, self.cases):
                if problem is None:
                    command = " ".join(a for a in self.cases[n][2][:2] if not a.startswith("/"))
                    exits[(command, code)] = exits.get((command, code), 0) + 1
                    continue
                failures += 1
                _, description, argv, path = self.cases[n]
                kept = self.work / "failures" / path.name
                kept.parent.mkdir(exist_ok=True)
                shutil.copy(path, kept)
                tail = "\n".join("    " + l for l in stderr.splitlines()[-25:])
                print("FAIL: case %d (%s): icnmesh %s: %s\n  input kept at %s\n%s" %
                      (n, description, " ".join(argv), problem, kept, tail))
        for (command, code), runs in sorted(exits.items()):
            print("  icnmesh %-16s exit %d: %4d runs" % (command, code, runs))
        print("%d runs over %d mutated inputs (seed %d): %d failed" %
              (len(self.cases), len(list((self.work / "inputs").iterdir())), SEED, failures))
        return 1 if failures else 0


if __name__ == "__main__":
    if len(sys.argv) not in (3, 4):
        sys.exit(__doc__)
    icnmesh = os.path.abspath(sys.argv[1])
    if len(sys.argv) == 4:
        work = pathlib.Path(sys.argv[3])
        shutil.rmtree(work, ignore_errors=True)
        sys.exit(Runner(icnmesh, sys.argv[2], work).main())
    with tempfile.TemporaryDirectory(prefix="icnmesh-hostile-") as tmp:
        sys.exit(Runner(icnmesh, sys.argv[2], tmp).main())
