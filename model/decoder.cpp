#include "decoder.h"

#include "blas.h"
#include "kernels.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <stdexcept>

namespace axl::model {

namespace {
void rmsnorm_vec(const float* x, const Tensor& w, int d, float eps, float* y) {
  float ss = 0.0f;
  for (int i = 0; i < d; ++i) ss += x[i] * x[i];
  const float rs = 1.0f / std::sqrt(ss / d + eps);
  const float* wv = w.f32();
  for (int i = 0; i < d; ++i) y[i] = x[i] * rs * wv[i];
}
inline float sigmoid(float x) {
  return 1.0f / (1.0f + std::exp(-x));
}

} // namespace

Decoder::Decoder(const Model& model, DecodeMode mode)
    : m_(model), cfg_(model.cfg), mode_(mode), tab_(model.cfg),
      slide_(std::max(64, cfg_.scales.back())) {
  slide_ = (slide_ + cfg_.scales.back() - 1) / cfg_.scales.back() * cfg_.scales.back();
  if (slide_ >= cfg_.ctx)
    slide_ = cfg_.scales.back() * std::max(1, cfg_.ctx / cfg_.scales.back() / 4);
  const int d = cfg_.d_model, S = cfg_.n_scales();
  st_.resize(S);
  for (int si = 0; si < S; ++si) {
    auto& s = st_[si];
    const int cap = cfg_.ctx / cfg_.scales[si];
    s.K.assign(cfg_.n_layer, std::vector<float>(size_t(cap) * d));
    s.V.assign(cfg_.n_layer, std::vector<float>(size_t(cap) * d));
    s.acc.assign(d, 0.0f);
    int mem = 0;
    for (int sj = 0; sj < S; ++sj)
      if (sj != si) mem += cfg_.ctx / cfg_.scales[sj];
    s.cK.resize(size_t(mem) * d), s.cV.resize(size_t(mem) * d);
    s.cn.resize(d), s.h.resize(d), s.c.resize(d);
    s.xn.resize(d), s.q.resize(d), s.k.resize(d), s.v.resize(d), s.att.resize(d);
    s.a.resize(cfg_.d_ff), s.b.resize(cfg_.d_ff), s.g.resize(cfg_.d_ff),
        s.scores.resize(cfg_.ctx * 2);
  }
  x_.resize(d);
  z_.resize(size_t(S) * d), gl_.resize(size_t(S) * d), f_.resize(d);
  logits_.assign(cfg_.vocab, 0.0f);
  reset();
}

void Decoder::reset() {
  window_.clear();
  dropped_ = 0;
  for (auto& s : st_) {
    s.n = s.m = 0;
    s.has_c = false;
    std::fill(s.acc.begin(), s.acc.end(), 0.0f);
  }
}

void Decoder::copy_state_from(const Decoder& other) {
  if (&other == this) return;
  if (&other.m_ != &m_ || other.mode_ != mode_)
    throw std::invalid_argument("decoder: copy_state_from needs the same model and mode");
  const size_t d = size_t(cfg_.d_model);
  window_ = other.window_;
  dropped_ = other.dropped_;
  logits_ = other.logits_;
  for (size_t si = 0; si < st_.size(); ++si) {
    auto& s = st_[si];
    const auto& o = other.st_[si];
    s.n = o.n, s.m = o.m, s.has_c = o.has_c;
    for (size_t l = 0; l < s.K.size(); ++l) { // only the rows in use
      std::copy_n(o.K[l].begin(), size_t(o.n) * d, s.K[l].begin());
      std::copy_n(o.V[l].begin(), size_t(o.n) * d, s.V[l].begin());
    }
    std::copy_n(o.cK.begin(), size_t(o.m) * d, s.cK.begin());
    std::copy_n(o.cV.begin(), size_t(o.m) * d, s.cV.begin());
    s.acc = o.acc, s.cn = o.cn, s.h = o.h, s.c = o.c;
  }
}

// Softmax attention of one query over n cached keys/values, per head.       out [d]
void Decoder::attend(const float* q, const float* K, const float* V, int n, float* out,
                     std::vector<float>& scores_) {
  const int d = cfg_.d_model, hd = cfg_.head_dim();
  const float scale = 1.0f / std::sqrt(float(hd));
  if (n == 0) return std::fill(out, out + d, 0.0f);
  if (int(scores_.size()) < n) scores_.resize(n);
  for (int h = 0; h < cfg_.n_head; ++h) {
    dot_rows(q + h * hd, K + h * hd, d, n, hd, scores_.data()); // scores [n]
    float mx = -INFINITY;
    for (int j = 0; j < n; ++j) mx = std::max(mx, scores_[j] *= scale);
    float sum = 0.0f;
    for (int j = 0; j < n; ++j) sum += (scores_[j] = std::exp(scores_[j] - mx));
    const float inv = 1.0f / sum;
    for (int j = 0; j < n; ++j) scores_[j] *= inv;
    weighted_rows(scores_.data(), V + h * hd, d, n, hd, out + h * hd); // out_h [hd]
  }
}

template <class In, class Out>
void Decoder::apply(int si, const Tensor& W, Rows rows, In in, Out out) {
  auto& s = st_[si];
  s.px.clear(), s.py.clear();
  for (Decoder* r : rows) s.px.push_back(in(*r)), s.py.push_back(out(*r));
  matvec_batch(W, s.px.data(), s.py.data(), static_cast<int>(rows.size()));
}

void Decoder::apply(int si, const Tensor& W, Rows rows, std::vector<float> ScaleState::*in,
                    std::vector<float> ScaleState::*out) {
  apply(
      si, W, rows, [&](Decoder& r) { return (r.st_[si].*in).data(); },
      [&](Decoder& r) { return (r.st_[si].*out).data(); });
}

// One block for each row's new token at scale si (position st_[si].n), in place on its h [d].
void Decoder::layer_step(int si, int l, Rows rows) {
  using S = ScaleState;
  const auto& L = m_.w.layers[si][l];
  const int d = cfg_.d_model, F_ = cfg_.d_ff;
  for (Decoder* r : rows) { // xn = norm(x)
    auto& s = r->st_[si];
    rmsnorm_vec(s.h.data(), L.attn_norm, d, cfg_.norm_eps, s.xn.data());
  }
  apply(si, L.wq, rows, &S::xn, &S::q); // q, k, v [d]
  apply(si, L.wk, rows, &S::xn, &S::k);
  apply(si, L.wv, rows, &S::xn, &S::v);
  for (Decoder* r : rows) { // each row attends over its own cache
    auto& s = r->st_[si];
    const int pos = s.n;
    rope_row(s.q.data(), cfg_.n_head, pos, tab_.rope);
    rope_row(s.k.data(), cfg_.n_head, pos, tab_.rope);
    std::memcpy(&s.K[l][size_t(pos) * d], s.k.data(), sizeof(float) * d); // cache k, v
    std::memcpy(&s.V[l][size_t(pos) * d], s.v.data(), sizeof(float) * d);
    attend(s.q.data(), s.K[l].data(), s.V[l].data(), pos + 1, s.att.data(), s.scores);
  }
  apply(si, L.wo, rows, &S::att, &S::q); // Wo att [d]
  for (Decoder* r : rows) {
    auto& s = r->st_[si];
    for (int i = 0; i < d; ++i) s.h[i] += s.q[i];
    rmsnorm_vec(s.h.data(), L.ffn_norm, d, cfg_.norm_eps, s.xn.data()); // xn2 [d]
  }
  apply(si, L.w1, rows, &S::xn, &S::a); // a, b [F]
  apply(si, L.w3, rows, &S::xn, &S::b);
  for (Decoder* r : rows) {
    auto& s = r->st_[si];
    for (int i = 0; i < F_; ++i) s.g[i] = s.a[i] * sigmoid(s.a[i]) * s.b[i]; // g [F]
  }
  apply(si, L.w2, rows, &S::g, &S::q); // W2 g [d]
  for (Decoder* r : rows) {
    auto& s = r->st_[si];
    for (int i = 0; i < d; ++i) s.h[i] += s.q[i];
  }
}

Decoder::~Decoder() {
  if (worker_.joinable()) {
    stop_ = true;
    job_.fetch_add(1);
    job_.notify_one();
    worker_.join();
  }
}

void Decoder::worker_loop() {
  uint32_t seen = 0;
  for (;;) {
    job_.wait(seen);
    seen = job_.load();
    if (stop_) return;
    for (size_t si = 1; si < st_.size(); ++si)
      if (!st_[si].rows.empty()) run_scale(int(si), st_[si].rows);
    done_.store(seen);
    done_.notify_one();
  }
}

void Decoder::run_scale(int si, Rows rows) {
  const int d = cfg_.d_model;
  if (si == 0) {
    for (Decoder* r : rows) std::memcpy(r->st_[0].h.data(), r->x_.data(), sizeof(float) * d);
  } else { // x_s = down(mean of the group's bytes)
    apply(si, m_.w.down[si - 1], rows, &ScaleState::acc, &ScaleState::h);
    for (Decoder* r : rows) std::fill(r->st_[si].acc.begin(), r->st_[si].acc.end(), 0.0f);
  }
  for (int l = 0; l < cfg_.n_layer; ++l) layer_step(si, l, rows);
  for (Decoder* r : rows) ++r->st_[si].n;
}

const float* Decoder::step(int token) {
  Decoder* self = this;
  step_batch(std::span<Decoder* const>(&self, 1), std::span<const int>(&token, 1));
  return logits_.data();
}

void Decoder::begin_step(int token) {
  if (size() == cfg_.ctx) { // slide: keep the newest ctx - slide tokens, re-prefill them
    std::vector<int> keep(window_.end() - (cfg_.ctx - slide_), window_.end());
    const int dropped = dropped_ + slide_;
    reset();
    prefill(keep);
    dropped_ = dropped;
  }
  const int d = cfg_.d_model, S = mode_ == DecodeMode::FineOnly ? 1 : cfg_.n_scales();
  const int t = size();
  window_.push_back(token);
  tensor_row(m_.w.tok_emb, token, x_.data()); // e [d]
  // Scale streams: the byte stream always, a coarse stream when its group completes.
  fresh_.assign(1, 0); // scales with a new token ending at byte t
  for (int si = 1; si < S; ++si) {
    auto& s = st_[si];
    const int sc = cfg_.scales[si];
    for (int i = 0; i < d; ++i) s.acc[i] += x_[i] / float(sc); // running mean
    if ((t + 1) % sc == 0) fresh_.push_back(si);
  }
}

void Decoder::step_batch(std::span<Decoder* const> rows, std::span<const int> tokens) {
  if (rows.size() != tokens.size())
    throw std::invalid_argument("decoder: step_batch needs one token per row");
  if (rows.empty()) return;
  Decoder& lead = *rows[0];
  for (size_t i = 0; i < rows.size(); ++i) {
    if (!rows[i] || &rows[i]->m_ != &lead.m_ || rows[i]->mode_ != lead.mode_)
      throw std::invalid_argument("decoder: step_batch rows must decode one model in one mode");
    if (tokens[i] < 0 || tokens[i] >= lead.cfg_.vocab)
      throw std::invalid_argument("decoder: token id out of range");
    for (size_t j = 0; j < i; ++j)
      if (rows[j] == rows[i]) throw std::invalid_argument("decoder: step_batch repeats a row");
  }
  for (size_t i = 0; i < rows.size(); ++i) rows[i]->begin_step(tokens[i]);
  // Each scale's rows: every row at the byte scale, the rows completing a group at a coarse one.
  auto& st = lead.st_;
  for (auto& s : st) s.rows.clear();
  bool coarse = false;
  for (Decoder* r : rows)
    for (int si : r->fresh_) st[si].rows.push_back(r), coarse |= si > 0;
  if (num_threads() > 1 && coarse) {
    // Byte stack here, the coarse stacks due now on the helper thread.
    if (!lead.worker_.joinable()) lead.worker_ = std::thread([&lead] { lead.worker_loop(); });
    const uint32_t job = lead.job_.fetch_add(1) + 1;
    lead.job_.notify_one();
    lead.run_scale(0, st[0].rows);
    for (uint32_t d; (d = lead.done_.load()) != job;) lead.done_.wait(d);
  } else {
    for (size_t si = 0; si < st.size(); ++si)
      if (!st[si].rows.empty()) lead.run_scale(int(si), st[si].rows);
  }
  lead.cross_and_head(rows);
}

void Decoder::cross_and_head(Rows rows) {
  const int d = cfg_.d_model, S = mode_ == DecodeMode::FineOnly ? 1 : cfg_.n_scales();
  auto& st = st_; // this decoder leads: its per-scale row lists are this step's
  if (S > 1) {
    // Cross stage: first publish the new tokens' keys/values to every other scale, then query.
    // Per row, memory entries are appended in (source scale, target scale) order, as always.
    for (int sj = 0; sj < S; ++sj) {
      const Rows src = st[sj].rows;
      for (Decoder* r : src) {
        auto& s = r->st_[sj];
        rmsnorm_vec(s.h.data(), m_.w.cross[sj].norm, d, cfg_.norm_eps, s.cn.data());
      }
      for (int si = 0; si < S; ++si) {
        if (si == sj) continue;
        const auto cn = [&](Decoder& r) { return r.st_[sj].cn.data(); };
        apply(0, m_.w.cross[si].wk, src, cn,
              [&](Decoder& r) { return &r.st_[si].cK[size_t(r.st_[si].m) * d]; });
        apply(0, m_.w.cross[si].wv, src, cn,
              [&](Decoder& r) { return &r.st_[si].cV[size_t(r.st_[si].m) * d]; });
        for (Decoder* r : src) { // position = end byte
          auto& dst = r->st_[si];
          rope_row(&dst.cK[size_t(dst.m) * d], cfg_.n_head, r->size() - 1, tab_.rope);
          ++dst.m;
        }
      }
    }
    for (int si = 0; si < S; ++si) {
      const Rows q = st[si].rows;
      const auto& C = m_.w.cross[si];
      apply(si, C.wq, q, &ScaleState::cn, &ScaleState::q);
      for (Decoder* r : q) {
        auto& s = r->st_[si];
        rope_row(s.q.data(), cfg_.n_head, r->size() - 1, tab_.rope);
        attend(s.q.data(), s.cK.data(), s.cV.data(), s.m, s.att.data(), s.scores); // ends <= t
      }
      apply(si, C.wo, q, &ScaleState::att, &ScaleState::c);
      for (Decoder* r : q) {
        auto& s = r->st_[si];
        for (int i = 0; i < d; ++i) s.c[i] += s.h[i]; // c = h + Wo att
        s.has_c = true;
      }
    }
    // Gated fusion: z = [c_1, latest c_s or 0 ...]; f = c_1 + sum gate_s * u_s.
    for (Decoder* r : rows) {
      std::fill(r->z_.begin(), r->z_.end(), 0.0f);
      for (int si = 0; si < S; ++si)
        if (r->st_[si].has_c)
          std::memcpy(&r->z_[size_t(si) * d], r->st_[si].c.data(), sizeof(float) * d);
    }
    apply(
        0, m_.w.gate_w, rows, [](Decoder& r) { return r.z_.data(); },
        [](Decoder& r) { return r.gl_.data(); }); // gl [(S-1)d]
    const int G = (S - 1) * d;
    const float* gb = m_.w.gate_b.f32();
    for (Decoder* r : rows) {
      std::memcpy(r->f_.data(), r->z_.data(), sizeof(float) * d);
      for (int j = 0; j < G; ++j) r->f_[j % d] += sigmoid(r->gl_[j] + gb[j]) * r->z_[d + j];
    }
  }
  // Head: logits = output(norm(f)), f = h_1 in fine-only mode.
  for (Decoder* r : rows)
    rmsnorm_vec(S > 1 ? r->f_.data() : r->st_[0].h.data(), m_.w.out_norm, d, cfg_.norm_eps,
                r->st_[0].xn.data());
  apply(
      0, m_.w.output, rows, [](Decoder& r) { return r.st_[0].xn.data(); },
      [](Decoder& r) { return r.logits_.data(); });
}

void Decoder::prefill(std::span<const int> tokens) {
  const int d = cfg_.d_model, T = static_cast<int>(tokens.size());
  const bool fine = mode_ == DecodeMode::FineOnly;
  {
    // On this thread only: with 2 threads the forward forks per op, and OpenMP's workers spin at
    // every barrier; a 2-thread decode (which re-prefills at every slide) spent ~75% of its
    // samples spinning in libgomp and ran 7x slower than 1 thread on this busy machine.
    struct Serial {
      int saved = num_threads();
      Serial() { set_num_threads(1); }
      ~Serial() { set_num_threads(saved); }
    } serial;
    forward(cfg_, m_.w, tab_, tokens.data(), 1, T, acts_, ForwardOptions{fine, false});
  }
  const int S = fine ? 1 : cfg_.n_scales();
  for (int si = 0; si < S; ++si) {
    auto& s = st_[si];
    const auto& a = acts_.sc[si];
    s.n = a.n;
    for (int l = 0; l < cfg_.n_layer && a.n; ++l) {
      std::memcpy(s.K[l].data(), a.layers[l].k.data(), sizeof(float) * a.n * d);
      std::memcpy(s.V[l].data(), a.layers[l].v.data(), sizeof(float) * a.n * d);
    }
    if (si > 0) { // embedding mean of the bytes after the last complete group
      const int sc = cfg_.scales[si];
      std::fill(s.acc.begin(), s.acc.end(), 0.0f);
      for (int t = a.n * sc; t < T; ++t)
        for (int i = 0; i < d; ++i) s.acc[i] += acts_.sc[0].x[size_t(t) * d + i] / float(sc);
    }
    if (fine) continue;
    s.m = a.m;
    std::memcpy(s.cK.data(), a.ck.data(), sizeof(float) * a.m * d);
    std::memcpy(s.cV.data(), a.cv.data(), sizeof(float) * a.m * d);
    s.has_c = a.n > 0;
    if (a.n) std::memcpy(s.c.data(), &a.c[size_t(a.n - 1) * d], sizeof(float) * d);
  }
  window_.assign(tokens.begin(), tokens.end());
  std::memcpy(logits_.data(), &acts_.logits[size_t(T - 1) * cfg_.vocab],
              sizeof(float) * cfg_.vocab);
}

const float* Decoder::feed(std::span<const int> tokens) {
  if (tokens.empty()) return logits_.data();
  for (int tok : tokens)
    if (tok < 0 || tok >= cfg_.vocab) throw std::invalid_argument("decoder: token id out of range");
  if (window_.empty() && tokens.size() > 1) {
    // Longer than the window: keep the tail, dropping a multiple of the largest scale.
    const int big = cfg_.scales.back();
    size_t drop = 0;
    if (int(tokens.size()) > cfg_.ctx) drop = (tokens.size() - cfg_.ctx + big - 1) / big * big;
    prefill(tokens.subspan(drop));
    dropped_ = static_cast<int>(drop);
    return logits_.data();
  }
  for (int tok : tokens) step(tok);
  return logits_.data();
}

int Decoder::feed_from(const Decoder& prefix, std::span<const int> tokens) {
  const auto& p = prefix.window_;
  const bool usable = &prefix.m_ == &m_ && prefix.mode_ == mode_ && prefix.dropped_ == 0 &&
                      !p.empty() && p.size() < tokens.size() && int(tokens.size()) <= cfg_.ctx &&
                      std::equal(p.begin(), p.end(), tokens.begin());
  for (int tok : tokens) // validate before changing anything
    if (tok < 0 || tok >= cfg_.vocab) throw std::invalid_argument("decoder: token id out of range");
  if (!usable) {
    reset();
    feed(tokens);
    return 0;
  }
  copy_state_from(prefix);
  feed(tokens.subspan(p.size()));
  return static_cast<int>(p.size());
}

} // namespace axl::model
