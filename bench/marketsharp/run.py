"""Benchmark tap-marketsharp's Atom reading: records/s parsing a contacts feed, beside a plain lxml
parse of the same bytes, and the whole tap process (parse + coercion + Singer messages).

    .venv/bin/python bench/marketsharp/run.py              # ~20,000 contacts
    .venv/bin/python bench/marketsharp/run.py --contacts 5000

* A MarketSharp emulation (``crm_sandbox``, in this process) holds the world's contacts plus
  ``--contacts`` created ones (in batches of 500 sharing one ``lastUpdate``); the pages are the
  emulation's own bytes (``$top=1000``, ordered by ``lastUpdate,id``), forbidden-character
  references included.
* In-process, same bytes, least CPU time of ``--repeat`` passes: (a) plain lxml — ``etree.fromstring`` with
  ``recover=True`` (the only way plain lxml accepts these documents; it silently drops the
  forbidden characters) and one dict of property texts per entry; (b) the predecessor's way —
  regex sanitiser, ``fromstring``, ``findall``; (c) ``tap_marketsharp.feed.read_feed`` (streamed,
  forbidden characters kept, values typed from ``$metadata``: what the tap's streams yield);
  (d) (c) plus the kit's generic coercion pass, which the tap skips (its values are typed already).
* The tap process: ``tap-marketsharp`` selecting ``contacts`` against the emulation over HTTP,
  stdout to /dev/null.  Records/s over the tap's **CPU time** (user + sys from ``wait4``), so
  the emulation's own time (rendering XML in Python) is not charged to the tap; wall time shown.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import requests
from lxml import etree

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
BIN = ROOT / ".venv" / "bin"
NS = {"a": "http://www.w3.org/2005/Atom", "d": "http://schemas.microsoft.com/ado/2007/08/dataservices",
      "m": "http://schemas.microsoft.com/ado/2007/08/dataservices/metadata"}
M_NULL = f"{{{NS['m']}}}null"


def plain_lxml(body: bytes) -> int:
    root = etree.fromstring(body, etree.XMLParser(recover=True))
    rows = [{etree.QName(p).localname: (None if p.get(M_NULL) == "true" else p.text) for p in props}
            for props in root.iterfind(".//m:properties", NS)]
    return len(rows)


_INVALID = re.compile(r"[\x01-\x08\x0B\x0C\x0E-\x1F\x7F-\x9F\uFDD0-\uFDEF\uFFFE\uFFFF]")


def predecessor(body: bytes) -> int:
    text = re.sub(r"&#x[0-9A-Fa-f]+;", "", body.decode().replace("\x00", ""))
    root = etree.fromstring(_INVALID.sub("", text).encode())
    rows = [{etree.QName(p).localname: p.text for p in entry.find("a:content/m:properties", NS)}
            for entry in root.findall(".//a:entry", NS)]
    return len(rows)


def best(fn, pages: list[bytes], repeat: int) -> tuple[int, float]:
    """Records and the least CPU time of ``repeat`` passes (CPU, not wall: the machine is shared)."""
    times = []
    for _ in range(repeat):
        start = time.process_time()
        n = sum(fn(page) for page in pages)
        times.append(time.process_time() - start)
    return n, min(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--contacts", type=int, default=19_000, help="contacts created on top of the world's")
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()

    from crm_sandbox.api.server import Sandbox, SandboxServer
    from crm_sandbox.api.vendors.marketsharp.api import API_KEY, COMPANY_ID, SECRET_KEY
    from tap_common import Coercer
    from tap_marketsharp.auth import Signer
    from tap_marketsharp.feed import read_feed, read_metadata
    from tap_marketsharp.schemas import entity_schema, wire_columns

    server = SandboxServer(("127.0.0.1", 0), Sandbox(42, args.scale)).start()
    admin = f"{server.url}/_admin/marketsharp"
    for batch in range(0, args.contacts, 500):
        at = f"2026-06-01T00:{batch // 500 // 60:02d}:{batch // 500 % 60:02d}"
        requests.post(f"{admin}/mutate", json={"action": "create", "object": "contacts",
                                               "count": min(500, args.contacts - batch), "at": at}, timeout=300)
    api = f"{server.url}/marketsharp/WcfDataService.svc"
    signer = Signer(COMPANY_ID, API_KEY, SECRET_KEY)
    metadata = read_metadata(requests.get(f"{api}/$metadata", headers={"Authorization": signer.header()}, timeout=60).content)
    contact = metadata["Contacts"]
    columns, coercer = wire_columns(contact), Coercer(entity_schema(contact))
    pages, skip = [], 0
    while True:
        page = requests.get(f"{api}/Contacts", headers={"Authorization": signer.header()}, timeout=300,
                            params={"$orderby": "lastUpdate,id", "$top": 1000, "$skip": skip}).content
        pages.append(page)
        if page.count(b"<entry>") < 1000:
            break
        skip += 1000
    size = sum(map(len, pages))
    results = {"contacts": sum(p.count(b"<entry>") for p in pages), "bytes": size, "pages": len(pages)}
    for label, fn in (("plain lxml (recover=True, dict per entry)", plain_lxml),
                      ("predecessor (regex sanitiser + fromstring + findall)", predecessor),
                      ("tap_marketsharp.feed.read_feed", lambda b: len(read_feed(b, columns).rows)),
                      ("read_feed + kit coercion (what a generic stream would add)",
                       lambda b: len([coercer(r) for r in read_feed(b, columns).rows]))):
        n, seconds = best(fn, pages, args.repeat)
        results[label] = {"records": n, "seconds": round(seconds, 3), "records_per_s": round(n / seconds)}

    config = {"company_id": COMPANY_ID, "api_key": API_KEY, "secret_key": SECRET_KEY, "api_url": api}
    with tempfile.TemporaryDirectory() as tmp:
        Path(tmp, "config.json").write_text(json.dumps(config))
        catalog = json.loads(subprocess.run([str(BIN / "tap-marketsharp"), "--config", f"{tmp}/config.json",
                                             "--discover"], capture_output=True, check=True).stdout)
        for entry in catalog["streams"]:
            for meta in entry["metadata"]:
                if not meta["breadcrumb"]:
                    meta["metadata"]["selected"] = entry["tap_stream_id"] == "contacts"
        Path(tmp, "catalog.json").write_text(json.dumps(catalog))
        with open(os.devnull, "w") as devnull, tempfile.TemporaryFile() as err:
            start = time.perf_counter()
            proc = subprocess.Popen([str(BIN / "tap-marketsharp"), "--config", f"{tmp}/config.json", "--catalog",
                                     f"{tmp}/catalog.json"], stdout=devnull, stderr=err)
            _, status, usage = os.wait4(proc.pid, 0)
            wall = time.perf_counter() - start
            err.seek(0)
            log = err.read().decode()
    if status:
        sys.exit(f"tap-marketsharp failed:\n{log[-3000:]}")
    # Start-up (interpreter, singer-sdk, lxml imports) measured alone, to state the per-record rate.
    about = subprocess.Popen([str(BIN / "tap-marketsharp"), "--about"], stdout=subprocess.DEVNULL)
    _, _, idle = os.wait4(about.pid, 0)
    startup = idle.ru_utime + idle.ru_stime
    emitted = max(int(m) for m in re.findall(r'"metric": ?"record_count", ?"value": ?(\d+)', log))
    cpu = usage.ru_utime + usage.ru_stime
    results["tap-marketsharp process (contacts, HTTP, Singer to /dev/null)"] = {
        "records": emitted, "cpu_seconds": round(cpu, 2), "wall_seconds": round(wall, 2),
        "records_per_cpu_s": round(emitted / cpu), "startup_cpu_seconds": round(startup, 2),
        "records_per_cpu_s_after_startup": round(emitted / max(cpu - startup, 1e-9)),
        "peak_rss_mib": round(usage.ru_maxrss / 1024)}
    server.stop()
    (HERE / "data").mkdir(exist_ok=True)
    (HERE / "data" / "results.json").write_text(json.dumps(results, indent=1))
    print(json.dumps(results, indent=1))


if __name__ == "__main__":
    main()
