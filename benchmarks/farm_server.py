"""Serve a farm of synthetic shops on 127.0.0.1, one port per shop, from one process.

`python benchmarks/farm_server.py FARM_DIR` prints `<port> <site dir>` per site, then a line
`ready`, and serves until killed. Each site is the same static server touchaudit's demo uses.
"""
from __future__ import annotations

import sys
import threading
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from touchaudit.demo.server import make_server  # noqa: E402


def main() -> None:
    farm = Path(sys.argv[1])
    for site in sorted(p for p in farm.iterdir() if p.is_dir()):
        server = make_server(site)
        server.request_queue_size = 64
        threading.Thread(target=server.serve_forever, daemon=True).start()
        print(server.server_address[1], site, flush=True)
    print("ready", flush=True)
    threading.Event().wait()


if __name__ == "__main__":
    main()
