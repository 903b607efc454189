// Our engine's side of the llama.cpp comparison: for each prompt, the fine-only next-byte argmax,
// the top-2 logit margin and the log-probability of the actual next byte at every position
// (batched forward), plus a greedy fine-only continuation (KV-cache decoder).
//
//   fine_only_reference MODEL.gguf PROMPTS.json [--greedy N] [--full]
//
// PROMPTS.json is an array of strings (UTF-8); each is run as BOS + its bytes, cut to the context.
// --full adds the full multi-scale model's argmax and log-probabilities (perplexity figures).
// Prints one JSON object on stdout.
#include "model/decoder.h"
#include "model/transformer.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

using namespace axl::model;
using nlohmann::json;

namespace {

struct PositionStats {
  std::vector<int> argmax;
  std::vector<double> margin;  // top-1 minus top-2 logit
  std::vector<double> logprob; // log p(tokens[i+1]) at position i (i < T-1)
};

PositionStats stats(const std::vector<float>& logits, const std::vector<int>& tokens, int V) {
  PositionStats s;
  const int T = static_cast<int>(tokens.size());
  for (int i = 0; i < T; ++i) {
    const float* row = logits.data() + size_t(i) * V;
    int best = 0;
    for (int j = 1; j < V; ++j)
      if (row[j] > row[best]) best = j;
    float second = -INFINITY;
    for (int j = 0; j < V; ++j)
      if (j != best) second = std::max(second, row[j]);
    double sum = 0.0;
    for (int j = 0; j < V; ++j) sum += std::exp(double(row[j]) - row[best]);
    s.argmax.push_back(best);
    s.margin.push_back(double(row[best]) - second);
    if (i + 1 < T) s.logprob.push_back(double(row[tokens[i + 1]]) - row[best] - std::log(sum));
  }
  return s;
}

json to_json(const PositionStats& s) {
  return {{"argmax", s.argmax}, {"margin", s.margin}, {"logprob", s.logprob}};
}

} // namespace

int main(int argc, char** argv) {
  if (argc < 3) {
    std::fprintf(stderr, "usage: %s MODEL.gguf PROMPTS.json [--greedy N] [--full]\n", argv[0]);
    return 2;
  }
  int greedy = 0;
  bool full = false;
  for (int i = 3; i < argc; ++i) {
    const std::string a = argv[i];
    if (a == "--greedy" && i + 1 < argc) {
      greedy = std::stoi(argv[++i]);
    } else if (a == "--full") {
      full = true;
    } else {
      std::fprintf(stderr, "unknown argument: %s\n", a.c_str());
      return 2;
    }
  }
  try {
    const Model m = load_model(argv[1]);
    std::ifstream in(argv[2]);
    if (!in) throw std::runtime_error(std::string("cannot read ") + argv[2]);
    const json prompts = json::parse(in);
    const int V = m.cfg.vocab;
    const ModelTables tab(m.cfg);
    Activations A;
    Decoder dec(m, DecodeMode::FineOnly);
    json out = json::array();
    for (const auto& p : prompts) {
      const std::string text = p.get<std::string>();
      std::vector<int> tokens{kBos};
      for (unsigned char c : text) tokens.push_back(c);
      if (int(tokens.size()) > m.cfg.ctx) tokens.resize(size_t(m.cfg.ctx));
      const int T = static_cast<int>(tokens.size());
      json item;
      item["tokens"] = tokens;
      forward(m.cfg, m.w, tab, tokens.data(), 1, T, A, ForwardOptions{.fine_only = true});
      item["fine"] = to_json(stats(A.logits, tokens, V));
      if (full) {
        forward(m.cfg, m.w, tab, tokens.data(), 1, T, A, ForwardOptions{});
        item["full"] = to_json(stats(A.logits, tokens, V));
      }
      if (greedy > 0) {
        // Greedy continuation with the KV-cache decoder, kept inside the context window.
        std::vector<int> gen;
        std::vector<double> gen_margin; // top-1 minus top-2 logit at each generated token
        dec.reset();
        const float* logits = dec.feed(tokens);
        for (int k = 0; k < greedy && T + k < m.cfg.ctx; ++k) {
          const int next = static_cast<int>(std::max_element(logits, logits + V) - logits);
          float second = -INFINITY;
          for (int j = 0; j < V; ++j)
            if (j != next) second = std::max(second, logits[j]);
          gen.push_back(next);
          gen_margin.push_back(double(logits[next]) - second);
          if (next == kEos) break;
          logits = dec.step(next);
        }
        item["greedy"] = gen;
        item["greedy_margin"] = gen_margin;
      }
      out.push_back(std::move(item));
    }
    std::cout << json{{"model", argv[1]}, {"prompts", out}}.dump() << "\n";
  } catch (const std::exception& e) {
    std::fprintf(stderr, "fine_only_reference: %s\n", e.what());
    return 1;
  }
  return 0;
}
