// Every metadata key and tensor-name prefix of an axl model file, in one table that the reader and
// the writers share (as llama.cpp's LLM_KV_NAMES): a key typed twice can drift apart silently.
// The values belong to their modules (model/, training/); only the names live here.
#pragma once

#include <string_view>

namespace axl::model::key {

// general.* and tokenizer.* (GGUF conventions)
inline constexpr std::string_view kArchitecture = "general.architecture";
inline constexpr std::string_view kName = "general.name";
inline constexpr std::string_view kAlignment = "general.alignment";
inline constexpr std::string_view kTokenizerModel = "tokenizer.ggml.model";
inline constexpr std::string_view kBosId = "tokenizer.ggml.bos_token_id";
inline constexpr std::string_view kEosId = "tokenizer.ggml.eos_token_id";

// axl.*: the architecture (model::Config)
inline constexpr std::string_view kVocabSize = "axl.vocab_size";
inline constexpr std::string_view kContextLength = "axl.context_length";
inline constexpr std::string_view kEmbeddingLength = "axl.embedding_length";
inline constexpr std::string_view kHeadCount = "axl.attention.head_count";
inline constexpr std::string_view kBlockCount = "axl.block_count";
inline constexpr std::string_view kFeedForwardLength = "axl.feed_forward_length";
inline constexpr std::string_view kScales = "axl.scales";
inline constexpr std::string_view kRopeFreqBase = "axl.rope.freq_base";
inline constexpr std::string_view kRmsEpsilon = "axl.attention.layer_norm_rms_epsilon";

// axl.prompt.*: the prompt format the weights were trained on (prose/prompt_format.h)
inline constexpr std::string_view kPromptFormatVersion = "axl.prompt.format_version";

// axl.gate.*: the confidence gate (prose/confidence_gate.h); per task
// "axl.gate.<task>.min_mean_logprob" and "axl.gate.<task>.min_grounded"
inline constexpr std::string_view kGatePrefix = "axl.gate.";
inline constexpr std::string_view kGateCalibration = "axl.gate.calibration";
inline constexpr std::string_view kGateMinMeanLogprob = "min_mean_logprob";
inline constexpr std::string_view kGateMinGrounded = "min_grounded";

// axl.prose.*: the word dictionary of the training docstrings (prose/word_dictionary.h)
inline constexpr std::string_view kProseWords = "axl.prose.words";

// axl.train.*: checkpoint state (model/trainer.h)
inline constexpr std::string_view kTrainStep = "axl.train.step";
inline constexpr std::string_view kTrainRng = "axl.train.rng";
inline constexpr std::string_view kTrainLr = "axl.train.lr";
inline constexpr std::string_view kTrainMinLr = "axl.train.min_lr";
inline constexpr std::string_view kTrainWarmupSteps = "axl.train.warmup_steps";
inline constexpr std::string_view kTrainTotalSteps = "axl.train.total_steps";
inline constexpr std::string_view kTrainWeightDecay = "axl.train.weight_decay";
inline constexpr std::string_view kTrainAuxFineWeight = "axl.train.aux_fine_weight";

// Tensor-name prefix of the Lion momentum of each weight in a checkpoint.
inline constexpr std::string_view kLionMomentPrefix = "lion.m.";
// Tensor-name prefix of all optimizer state (allowed beside the weights when loading).
inline constexpr std::string_view kOptimizerPrefix = "lion.";

} // namespace axl::model::key
