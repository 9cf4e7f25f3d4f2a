"""Serve a farm of synthetic shops on 127.0.0.1, one port per shop, from one process.

`python benchmarks/farm_server.py FARM_DIR [--delay S] [--copies N]` prints `<port> <site dir>` per
site, then a line `ready`, and serves until killed. Each site is the same static server touchaudit's
demo uses; `--delay` holds every answer (the latency farm: ~0.3 s, like a shop across an ocean),
`--copies` serves each site folder on N ports (N shops to touchaudit, one folder on disk).
"""
from __future__ import annotations

import argparse
import sys
import threading
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from touchaudit.demo.server import make_server  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("farm", type=Path)
    ap.add_argument("--delay", type=float, default=0.0, help="seconds before every answer")
    ap.add_argument("--copies", type=int, default=1, help="ports per site folder")
    args = ap.parse_args()
    for site in sorted(p for p in args.farm.iterdir() if p.is_dir()):
        for _ in range(args.copies):
            server = make_server(site, delay=args.delay)
            server.request_queue_size = 64
            threading.Thread(target=server.serve_forever, daemon=True).start()
            print(server.server_address[1], site, flush=True)
    print("ready", flush=True)
    threading.Event().wait()


if __name__ == "__main__":
    main()
