#!/usr/bin/env python3
"""Where a NovAI service's CPU goes, from a JFR recording: the share of its execution samples per component.

    python3 bench/profile/cpu_by_component.py <recording.jfr> [--methods N]

Each sample counts once, for the innermost frame of its stack that belongs to a known component (so a JSON parse
called by NovAI code counts as JSON, NovAI code calling the JDK counts as NovAI). --methods N also lists the N
NovAI methods that spent the most samples themselves (their own code and the JDK they call). Needs the JDK's `jfr`
tool: from JAVA_HOME, else the one on PATH. Recordings come from `bench/run.sh` with BENCH_PROFILE=1 (see
bench/README.md, "Profiles").
"""
import collections
import os
import re
import shutil
import subprocess
import sys

COMPONENTS = [
    ("token counting (jtokkit)", r"TokenCounter|RunningTokenCount|jtokkit|knuddels"),
    ("Redis client (Lettuce)", r"^io\.lettuce"),
    ("usage ledger (JDBC, PostgreSQL, H2, DbClient)", r"^org\.postgresql|^org\.h2|^io\.helidon\.dbclient|^com\.zaxxer"),
    ("JSON (Jackson)", r"^com\.fasterxml"),
    ("protobuf", r"^com\.google\.protobuf"),
    ("gRPC and its Netty", r"^io\.grpc"),
    ("HTTP client (Helidon WebClient)", r"^io\.helidon\.webclient"),
    ("HTTP server (Helidon WebServer, HTTP/1.1 and HTTP/2, gRPC server)", r"^io\.helidon\.webserver"),
    ("metrics", r"micrometer|^io\.helidon\.metrics|HdrHistogram"),
    ("OpenTelemetry", r"^io\.opentelemetry"),
    ("logging", r"^java\.util\.logging|RequestLog"),
    ("NovAI code", r"^ai\.novai"),
    ("JFR itself", r"^jdk\.jfr"),
]
FRAME = re.compile(r"^\s+([\w.$<>/]+)\(.*?line:", re.M)


def jfr_tool():
    home = os.environ.get("JAVA_HOME")
    if home and os.access(os.path.join(home, "bin", "jfr"), os.X_OK):
        return os.path.join(home, "bin", "jfr")
    return shutil.which("jfr") or sys.exit("no jfr tool: set JAVA_HOME to a JDK")


def stacks(recording):
    text = subprocess.run([jfr_tool(), "print", "--events", "jdk.ExecutionSample", "--stack-depth", "128",
                           recording], capture_output=True, text=True, check=True).stdout
    for sample in text.split("jdk.ExecutionSample"):
        frames = FRAME.findall(sample)
        if frames:
            yield frames


SHARED_HELIDON = re.compile(r"^io\.helidon\.(http|common)\.")
SERVER = "HTTP server (Helidon WebServer, HTTP/1.1 and HTTP/2, gRPC server)"


def component(frames):
    for depth, frame in enumerate(frames):
        if SHARED_HELIDON.search(frame):
            # Helidon's buffers and headers serve its client, its server and its database client alike: the first
            # Helidon component further out decides
            for caller in frames[depth + 1:]:
                for name, pattern in COMPONENTS:
                    if caller.startswith("io.helidon.") and re.search(pattern, caller):
                        return name
            return SERVER
        for name, pattern in COMPONENTS:
            if re.search(pattern, frame):
                return name
    return "JDK and other (threads, scheduling, I/O)"


def main():
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    methods = int(sys.argv[sys.argv.index("--methods") + 1]) if "--methods" in sys.argv else 0
    parts = collections.Counter()
    own = collections.Counter()
    total = 0
    for frames in stacks(sys.argv[1]):
        total += 1
        parts[component(frames)] += 1
        novai = next((frame for frame in frames if frame.startswith("ai.novai")), None)
        if novai and component(frames) == "NovAI code":
            own[novai] += 1
    print(f"| component | share of CPU samples ({total}) |\n| --- | ---: |")
    for name, count in parts.most_common():
        print(f"| {name} | {100 * count / total:.1f} % |")
    if methods:
        print(f"\n| NovAI method (own code and the JDK it calls) | share |\n| --- | ---: |")
        for name, count in own.most_common(methods):
            print(f"| `{name}` | {100 * count / total:.1f} % |")


if __name__ == "__main__":
    main()
