"""The pipeline's few compiled loops: plain C in ``pipeline/csrc``, loaded with ctypes.

Two hot spots are loops that numpy can only run as many small array calls: the CRF's
Viterbi and forward-backward (``csrc/crf.c``, for :mod:`pipeline.entities.crf`) and reading words'
entries from MeCab's dictionary file (``csrc/mecab_dic.c``, for :mod:`pipeline.text.mecab_dic`).
``make setup`` compiles them into ``pipeline/_native.so``; each caller keeps a numpy or
Python version of the same computation, used when the library is missing (no C compiler),
older than its sources, built for another machine, or when ``PIPELINE_PURE_PYTHON=1``.
Tests run both versions against each other.
"""

from __future__ import annotations

import ctypes
import os
import warnings
from functools import cache
from pathlib import Path

import numpy as np

_PACKAGE = Path(__file__).resolve().parent.parent  # pipeline/: csrc/ and the built library
SOURCES = tuple(sorted((_PACKAGE / "csrc").glob("*.c")))
LIBRARY = _PACKAGE / "_native.so"


def _array(dtype) -> type:
    return np.ctypeslib.ndpointer(dtype=dtype, flags="C_CONTIGUOUS")


_F64, _I64, _I32, _I16, _U8 = (_array(t) for t in (np.float64, np.int64, np.int32, np.int16, np.uint8))
_INT = ctypes.c_int64
# name: (argument types, result type)
_SIGNATURES = {
    # csrc/crf.c: emissions, labels, starts, lengths, sequences, transitions, out
    "crf_viterbi": ([_F64, _INT, _I64, _I64, _INT, _F64, _I16], ctypes.c_int),
    "crf_marginals": ([_F64, _INT, _I64, _I64, _INT, _F64, _F64], ctypes.c_int),
    # csrc/mecab_dic.c
    "dic_groups": ([_I32, _INT, _U8, _I64, _INT, _I64, _I64], ctypes.c_int),
    "dic_read_strings": ([ctypes.c_int, _INT, _I64, _INT, _U8, _INT], _INT),
}


@cache
def library() -> ctypes.CDLL | None:
    """The compiled library with its functions' signatures set, or None (see the module)."""
    if os.environ.get("PIPELINE_PURE_PYTHON") == "1" or not LIBRARY.exists():
        return None
    built = LIBRARY.stat().st_mtime
    if any(src.stat().st_mtime > built for src in SOURCES):
        warnings.warn(
            f"{LIBRARY.name} is older than its sources (run make setup): numpy and Python run instead",
            RuntimeWarning,
            stacklevel=2,
        )
        return None
    try:
        lib = ctypes.CDLL(str(LIBRARY))
        for name, (args, result) in _SIGNATURES.items():
            fn = getattr(lib, name)
            fn.argtypes, fn.restype = args, result
    except (OSError, AttributeError) as exc:  # built for another machine, or an older build
        warnings.warn(
            f"cannot use {LIBRARY.name} ({exc}): numpy and Python run instead", RuntimeWarning, stacklevel=2
        )
        return None
    return lib


__all__ = ["LIBRARY", "SOURCES", "library"]
