"""Compiled JSON Schema validators, cached on disk.

fastjsonschema turns a schema into Python source; generating and compiling it costs a few
milliseconds per schema, which adds up on the command line. The compiled code object is kept
(marshalled) in ``$LESSONS_CACHE_DIR`` (default ``~/.cache/lessons``) under a hash of the schema,
the fastjsonschema version and the Python version, so any change gets fresh code. If the folder
cannot be written, validators are simply compiled each time.
"""
from __future__ import annotations

import hashlib
import json
import marshal
import os
import sys
from pathlib import Path
from typing import Callable


def cache_dir() -> Path:
    """Where compiled validator code is kept."""
    if os.environ.get("LESSONS_CACHE_DIR"):
        return Path(os.environ["LESSONS_CACHE_DIR"])
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "lessons"


def compiled_validator(schema: dict) -> Callable:
    """A validator function for ``schema`` (raises fastjsonschema.JsonSchemaValueException)."""
    import fastjsonschema

    schema = {k: v for k, v in schema.items() if k != "$id"}  # without an id the entry point is 'validate'
    digest = hashlib.sha256(json.dumps(schema, sort_keys=True).encode()).hexdigest()[:20]
    path = cache_dir() / f"validator-{fastjsonschema.VERSION}-{sys.implementation.cache_tag}-{digest}.bin"
    code = None
    try:
        code = marshal.loads(path.read_bytes())
    except (OSError, ValueError, EOFError, TypeError):
        code = compile(fastjsonschema.compile_to_code(schema), f"<validator {digest}>", "exec")
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            tmp = path.with_suffix(f".{os.getpid()}.tmp")
            tmp.write_bytes(marshal.dumps(code))
            os.replace(tmp, path)
        except OSError:
            pass
    namespace: dict = {}
    exec(code, namespace)  # code fastjsonschema generated from the package's own schema
    return namespace["validate"]
