"""A copy of an axl model file with its summary confidence gate open, for benchmarks and tests
(the shipped file is never touched). The gate's f32 threshold is patched in place in the copy, so
every offset of the GGUF file stays as it was; check the result with `axl-docs info --model`.
"""
import struct

KEY = b"axl.gate.summary.min_mean_logprob"
GGUF_FLOAT32 = 6


def write_open_summary_gate(src, dst):
    data = bytearray(open(src, "rb").read())
    at = data.find(KEY)  # the metadata comes before any tensor data
    if at < 8 or struct.unpack_from("<Q", data, at - 8)[0] != len(KEY):
        raise ValueError("%s has no %s key (an uncalibrated model)" % (src, KEY.decode()))
    at += len(KEY)
    if struct.unpack_from("<I", data, at)[0] != GGUF_FLOAT32:
        raise ValueError("%s: %s is not an f32" % (src, KEY.decode()))
    struct.pack_into("<f", data, at + 4, -1e30)  # how the file stores -inf: every summary passes
    with open(dst, "wb") as f:
        f.write(data)
