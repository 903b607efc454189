"""A copy of an axl model file with confidence gates open, for benchmarks and tests (the shipped
file is never touched). The gates' f32 thresholds are patched in place in the copy, so every offset
of the GGUF file stays as it was; check the result with `axl-docs info --model`.
"""
import os
import struct

GGUF_FLOAT32 = 6


def _patch_f32(data, key, value, src):
    key = key.encode()
    at = data.find(key)  # the metadata comes before any tensor data
    if at < 8 or struct.unpack_from("<Q", data, at - 8)[0] != len(key):
        raise ValueError("%s has no %s key (an uncalibrated model)" % (src, key.decode()))
    at += len(key)
    if struct.unpack_from("<I", data, at)[0] != GGUF_FLOAT32:
        raise ValueError("%s: %s is not an f32" % (src, key.decode()))
    struct.pack_into("<f", data, at + 4, value)


def write_open_gates(src, dst, tasks):
    """Opens the gate of each task ("summary", "param", "returns"): every answer passes."""
    data = bytearray(open(src, "rb").read())
    for task in tasks:
        # -1e30 is how the file stores -inf.
        _patch_f32(data, "axl.gate.%s.min_mean_logprob" % task, -1e30, src)
        _patch_f32(data, "axl.gate.%s.min_grounded" % task, 0.0, src)
    with open(dst, "wb") as f:
        f.write(data)


def write_open_summary_gate(src, dst):
    write_open_gates(src, dst, ["summary"])


def open_gate_copies(src, folder):
    """The benchmarks' three model files: src as given, and copies in folder with the summary gate
    open and with every gate open (a closed gate decodes nothing). [(name, path), ...]"""
    models = [("as given", src)]
    for name, tasks in (("summary gate open", ["summary"]),
                        ("every gate open", ["summary", "param", "returns"])):
        path = os.path.join(folder, name.replace(" ", "-") + ".gguf")
        write_open_gates(src, path, tasks)
        models.append((name, path))
    return models
