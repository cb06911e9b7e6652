"""The committee's dossier, as a server builds it: the first of the process's life (its
Chromium opened), then the next ones (the same Chromium kept: ``report/renderer.py``), then two
at once (two members at the same time). Each: the Monte Carlo, the charts drawn as SVG, the
HTML, the PDF printed, offline. Prints seconds for each and checks that the two built at once
are the same documents as built alone (their figures' texts).

Target (issue 16): a dossier after the first under 3 s.

Run: .venv/bin/python bench/bench_dossier.py [--next 3]"""

from __future__ import annotations

import argparse
import json
import re
import statistics
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from report import dossier  # noqa: E402

EXAMPLES = ("fr/water_leak_detection.json", "fr/traffic_lights.json")
# plotly.js names each drawing's clip paths with a random id: not part of what a reader sees
_DRAWING_ID = re.compile(r"(?<=[\"# ])(defs-|clip|legend|topdefs-|trace)[0-9a-f]{6}")


def seen(document: str) -> str:
    return _DRAWING_ID.sub("", document)


def build(name: str) -> tuple[float, str, bytes]:
    raw = json.loads((ROOT / "examples" / name).read_text(encoding="utf-8"))
    started = time.perf_counter()
    document = dossier.build_html(raw, lang="fr")
    pdf = dossier.print_pdf(document)
    return time.perf_counter() - started, document, pdf


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--next", type=int, default=3, help="dossiers after the first")
    args = parser.parse_args()
    first, alone_html, _ = build(EXAMPLES[0])
    print(f"first dossier of the process: {first:.2f} s")
    later = [build(EXAMPLES[i % 2])[0] for i in range(args.next)]
    print(f"next {args.next}: " + ", ".join(f"{s:.2f} s" for s in later)
          + f" (median {statistics.median(later):.2f} s; target under 3 s)")
    other_html = build(EXAMPLES[1])[1]
    results: dict[str, tuple[float, str, bytes]] = {}
    threads = [threading.Thread(target=lambda n=n: results.__setitem__(n, build(n)))
               for n in EXAMPLES]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    both = time.perf_counter() - started
    same = (seen(results[EXAMPLES[0]][1]) == seen(alone_html)
            and seen(results[EXAMPLES[1]][1]) == seen(other_html)
            and all(r[2].startswith(b"%PDF") for r in results.values()))
    print(f"two at once: {both:.2f} s for both; each the same document as built alone: {same}")
    return 0 if same else 1


if __name__ == "__main__":
    sys.exit(main())
