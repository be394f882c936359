"""`python -m bench.duplicates_time SOURCE WORK`: seconds spent finding duplicates
(generator/collection/duplicates.py) over a converted corpus, as JSON. Run after a build into WORK:
the documents come from its conversion cache, so only the detection is timed."""

from __future__ import annotations

import json
import sys
import time

from generator.config import load_config
from generator.convert import convert_folder
from generator.collection import duplicates


def main(source: str, work: str) -> dict:
    result = convert_folder(load_config(None, source=source, work_dir=work, images="link"))
    docs = result.collection.documents
    duplicates._last[:] = [None, None]   # the conversion just found them: find them afresh
    start, cpu = time.perf_counter(), time.process_time()
    found = duplicates.find_duplicates(docs)
    seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
    return {"duplicates_s": round(seconds, 3), "duplicates_cpu_s": round(cpu, 3), "duplicates_docs": len(docs),
            "duplicates_found": sum(len(v) for v in found.values()) // 2}


if __name__ == "__main__":
    print(json.dumps(main(sys.argv[1], sys.argv[2])))
