// Export of the fine-scale stack as a plain llama-architecture GGUF for llama.cpp, Ollama and
// LM Studio (`axl-docs export --format llama`).
//
// What the file holds: token_embd, blk.0-2 (the byte-scale blocks), output_norm and output, under
// llama.cpp's own tensor names, with every llama.* hyper-parameter key. That is exactly what
// `ForwardOptions::fine_only` / `DecodeMode::FineOnly` compute; the coarse scales, cross-scale
// attention and gating fusion are left out (llama.cpp has no such graph).
//
// RoPE: our heads rotate interleaved pairs (2i, 2i+1) by pos * base^(-2i/head_dim), which is
// llama.cpp's LLAMA_ROPE_TYPE_NORM, the type the llama architecture uses, so Q and K are copied
// without the permutation HF converters apply.
//
// Tokenizer: a "gpt2" (byte-level BPE) vocabulary with no merges. Token b (0..255) is the GPT-2
// byte-to-unicode character of byte b, so llama.cpp maps every input byte to its own id and back;
// 256 and 257 are BOS and EOS as control tokens. (A SentencePiece vocabulary with <0xNN> byte
// tokens does not work: llama.cpp's SPM tokenizer turns spaces into U+2581 first.)
#pragma once

#include "gguf.h"
#include "model_file.h"

#include <cstdint>
#include <string>
#include <vector>

namespace axl::model {

// GGML's q8_0: blocks of 32 values, each stored as an f16 scale d = max|x| / 127 followed by 32
// int8 q = round(x / d) (half away from zero); a value decodes as q * d.
inline constexpr int kQ8Block = 32;
inline constexpr int kQ8BlockBytes = 34;
// n must be a multiple of 32; out receives n / 32 * 34 bytes.
void quantize_q8_0(const float* x, int64_t n, uint8_t* out);
void dequantize_q8_0(const uint8_t* in, int64_t n, float* out);

// GPT-2's byte-to-unicode table: byte b -> the UTF-8 text of its printable stand-in character
// (printable Latin-1 bytes stand for themselves, the others map to U+0100 onwards in byte order).
std::vector<std::string> gpt2_byte_tokens();

// Control-token texts. llama.cpp recognises "<|endoftext|>" as end of generation by its text too,
// so EOS is an end-of-generation token under every reading (no tokenizer warning on load).
inline constexpr const char* kLlamaBosText = "<|startoftext|>";
inline constexpr const char* kLlamaEosText = "<|endoftext|>";

struct LlamaExportOptions {
  DType type = DType::F16; // matrices: F32, F16 or Q8_0; norm vectors are always f32
  std::string name = "AXL-Docs-Lion (fine-scale stack)";
};

// Tensor data a writer references until it has written the file.
struct LlamaExportBuffers {
  std::vector<std::vector<float>> f32;
  std::vector<std::vector<uint16_t>> f16;
  std::vector<std::vector<uint8_t>> q8;
};

// Adds the llama metadata, tokenizer and the fine-scale tensors of m to w.
void add_llama_export(GgufWriter& w, const Model& m, const LlamaExportOptions& opt,
                      LlamaExportBuffers& keep);
// Writes the export to path (atomically).
void export_llama(const Model& m, const std::string& path, const LlamaExportOptions& opt);
// The same file as bytes (tests).
std::vector<uint8_t> export_llama_bytes(const Model& m, const LlamaExportOptions& opt);

// "f32" | "f16" | "q8_0" -> DType; throws std::invalid_argument otherwise.
DType parse_export_type(const std::string& s);
const char* export_type_name(DType t);

} // namespace axl::model
