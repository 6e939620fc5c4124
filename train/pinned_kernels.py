"""Pin the CPU kernels numpy and OpenBLAS choose, so a training script gives the same bits
on any x86-64 CPU with AVX2. Imported by every ``train_*.py`` before numpy loads.

numpy sends its loops to AVX-512 code where the CPU has it (the ``X86_V4`` targets), and
OpenBLAS picks its kernels by CPU model (``SkylakeX`` on an AVX-512 machine, ``Haswell`` or
``Zen`` on others). Either changes the last bits of a fitted coefficient: on an AMD EPYC
host with AVX-512 (2026-12-02) all three shipped models came out up to 1.1e-16 away from the
files built on a host without it, so ``make train`` no longer rebuilt them bit for bit. With
numpy's AVX-512 targets off and OpenBLAS on its Haswell kernels (AVX2 and FMA, which x86-64
CPUs have had since 2013), both hosts give the shipped files. Nothing is pinned on another
architecture or where the CPU's flags cannot be read (``/proc/cpuinfo``, Linux): there the
rebuild may differ in the last bits. Inference in the package is not pinned: its tables
came out byte-identical on both hosts (the golden-tables test checks them wherever it runs).

The variables only act before numpy (and the OpenBLAS it loads) is imported: a script run
as ``python train/train_*.py`` imports this module first. Imported later (a test or an
experiment that imports a training script for its functions), it pins nothing and warns.
A variable the user has set to another value is left as it is, with a warning.
"""

from __future__ import annotations

import os
import platform
import sys
import warnings

#: numpy's run-time dispatch targets that need AVX-512 (numpy 2.x names) turned off, and
#: the OpenBLAS kernels every AVX2 + FMA CPU runs.
PINS = {"NPY_DISABLE_CPU_FEATURES": "X86_V4 AVX512_ICL AVX512_SPR", "OPENBLAS_CORETYPE": "Haswell"}


def _has_avx2_fma() -> bool:
    if platform.machine().lower() not in {"x86_64", "amd64"}:
        return False
    try:
        with open("/proc/cpuinfo", encoding="utf-8", errors="replace") as f:
            for line in f:
                if line.startswith("flags"):
                    flags = set(line.split(":", 1)[1].split())
                    return {"avx2", "fma"} <= flags
    except OSError:
        pass
    return False


def pin() -> bool:
    """Set the variables; True when numpy and OpenBLAS will load with the pinned kernels."""
    if not _has_avx2_fma():
        return False
    if "numpy" in sys.modules:
        warnings.warn("numpy was imported before train/pinned_kernels.py: CPU kernels not pinned", stacklevel=2)
        return False
    for name, value in PINS.items():
        os.environ.setdefault(name, value)
    other = {k: os.environ[k] for k, v in PINS.items() if os.environ[k] != v}
    if other:
        warnings.warn(f"CPU kernels not pinned: {other} set in the environment", stacklevel=2)
    return not other


PINNED = pin()
