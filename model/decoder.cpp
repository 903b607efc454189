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

size_t Decoder::state_bytes() const {
  size_t n = 0;
  for (const auto& s : st_) {
    for (const auto& k : s.K) n += k.size() * 4 * 2;
    n += (s.cK.size() + s.cV.size()) * 4;
  }
  return n;
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

// One block for one new token at position pos of scale si, in place on x [d].
void Decoder::layer_step(int si, int l, float* x, int pos) {
  const auto& L = m_.w.layers[si][l];
  auto& s = st_[si];
  auto &xn_ = s.xn, &q_ = s.q, &k_ = s.k, &v_ = s.v, &att_ = s.att, &a_ = s.a, &b_ = s.b, &g_ = s.g;
  const int d = cfg_.d_model, F_ = cfg_.d_ff;
  rmsnorm_vec(x, L.attn_norm, d, cfg_.norm_eps, xn_.data()); // xn [d]
  matvec(L.wq, xn_.data(), q_.data());                       // q [d]
  matvec(L.wk, xn_.data(), k_.data());                       // k [d]
  matvec(L.wv, xn_.data(), v_.data());                       // v [d]
  rope_row(q_.data(), cfg_.n_head, pos, tab_.rope);
  rope_row(k_.data(), cfg_.n_head, pos, tab_.rope);
  std::memcpy(&s.K[l][size_t(pos) * d], k_.data(), sizeof(float) * d); // cache k, v
  std::memcpy(&s.V[l][size_t(pos) * d], v_.data(), sizeof(float) * d);
  attend(q_.data(), s.K[l].data(), s.V[l].data(), pos + 1, att_.data(), s.scores); // att [d]
  matvec(L.wo, att_.data(), q_.data());                                            // Wo att [d]
  for (int i = 0; i < d; ++i) x[i] += q_[i];
  rmsnorm_vec(x, L.ffn_norm, d, cfg_.norm_eps, xn_.data());            // xn2 [d]
  matvec(L.w1, xn_.data(), a_.data());                                 // a [F]
  matvec(L.w3, xn_.data(), b_.data());                                 // b [F]
  for (int i = 0; i < F_; ++i) g_[i] = a_[i] * sigmoid(a_[i]) * b_[i]; // g [F]
  matvec(L.w2, g_.data(), q_.data());                                  // W2 g [d]
  for (int i = 0; i < d; ++i) x[i] += q_[i];
}

const float* Decoder::head(const float* x) {
  auto& xn = st_[0].xn;
  rmsnorm_vec(x, m_.w.out_norm, cfg_.d_model, cfg_.norm_eps, xn.data());
  matvec(m_.w.output, xn.data(), logits_.data()); // logits [V]
  return logits_.data();
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
    for (size_t i = 1; i < fresh_.size(); ++i) run_scale(fresh_[i], job_e_);
    done_.store(seen);
    done_.notify_one();
  }
}

void Decoder::run_scale(int si, const float* e) {
  auto& s = st_[si];
  const int d = cfg_.d_model;
  if (si == 0) {
    std::memcpy(s.h.data(), e, sizeof(float) * d);
  } else {
    matvec(m_.w.down[si - 1], s.acc.data(), s.h.data()); // x_s [d]
    std::fill(s.acc.begin(), s.acc.end(), 0.0f);
  }
  for (int l = 0; l < cfg_.n_layer; ++l) layer_step(si, l, s.h.data(), s.n);
  ++s.n;
}

const float* Decoder::step(int token) {
  if (token < 0 || token >= cfg_.vocab)
    throw std::invalid_argument("decoder: token id out of range");
  if (size() == cfg_.ctx) { // slide: keep the newest ctx - slide tokens, re-prefill them
    std::vector<int> keep(window_.end() - (cfg_.ctx - slide_), window_.end());
    reset();
    prefill(keep);
  }
  const int d = cfg_.d_model, S = mode_ == DecodeMode::FineOnly ? 1 : cfg_.n_scales();
  const int t = size();
  window_.push_back(token);
  tensor_row(m_.w.tok_emb, token, x_.data()); // e [d]
  const std::vector<float>& e = x_;
  // Scale streams: the byte stream always, a coarse stream when its group completes.
  auto& fresh = fresh_; // scales with a new token ending at byte t
  fresh.clear();
  for (int si = 0; si < S; ++si) {
    if (si > 0) {
      auto& s = st_[si];
      const int sc = cfg_.scales[si];
      for (int i = 0; i < d; ++i) s.acc[i] += e[i] / float(sc); // running mean
      if ((t + 1) % sc != 0) continue;
    }
    fresh.push_back(si);
  }
  if (num_threads() > 1 && fresh.size() > 1) {
    // Byte stack here, the coarse stacks due now on the helper thread.
    if (!worker_.joinable()) worker_ = std::thread([this] { worker_loop(); });
    job_e_ = e.data();
    const uint32_t job = job_.fetch_add(1) + 1;
    job_.notify_one();
    run_scale(0, e.data());
    for (uint32_t d; (d = done_.load()) != job;) done_.wait(d);
  } else {
    for (int si : fresh) run_scale(si, e.data());
  }
  if (S == 1) return head(st_[0].h.data());

  // Cross stage: first publish the new tokens' keys/values to every other scale, then query.
  for (int sj : fresh) {
    auto& src = st_[sj];
    rmsnorm_vec(src.h.data(), m_.w.cross[sj].norm, d, cfg_.norm_eps, src.cn.data());
    for (int si = 0; si < S; ++si) {
      if (si == sj) continue;
      auto& dst = st_[si];
      float* k = &dst.cK[size_t(dst.m) * d];
      matvec(m_.w.cross[si].wk, src.cn.data(), k);
      rope_row(k, cfg_.n_head, t, tab_.rope); // position = end byte
      matvec(m_.w.cross[si].wv, src.cn.data(), &dst.cV[size_t(dst.m) * d]);
      ++dst.m;
    }
  }
  for (int si : fresh) {
    auto& s = st_[si];
    const auto& C = m_.w.cross[si];
    matvec(C.wq, s.cn.data(), s.q.data());
    rope_row(s.q.data(), cfg_.n_head, t, tab_.rope);
    attend(s.q.data(), s.cK.data(), s.cV.data(), s.m, s.att.data(), s.scores); // keys end <= t
    matvec(C.wo, s.att.data(), s.c.data());
    for (int i = 0; i < d; ++i) s.c[i] += s.h[i]; // c = h + Wo att
    s.has_c = true;
  }
  // Gated fusion: z = [c_1, latest c_s or 0 ...]; f = c_1 + sum gate_s * u_s.
  std::fill(z_.begin(), z_.end(), 0.0f);
  for (int si = 0; si < S; ++si)
    if (st_[si].has_c) std::memcpy(&z_[size_t(si) * d], st_[si].c.data(), sizeof(float) * d);
  const int G = (S - 1) * d;
  matvec(m_.w.gate_w, z_.data(), gl_.data()); // gl [(S-1)d]
  std::memcpy(f_.data(), z_.data(), sizeof(float) * d);
  const float* gb = m_.w.gate_b.f32();
  for (int j = 0; j < G; ++j) f_[j % d] += sigmoid(gl_[j] + gb[j]) * z_[d + j];
  return head(f_.data());
}

void Decoder::prefill(std::span<const int> tokens) {
  const int d = cfg_.d_model, T = static_cast<int>(tokens.size());
  const bool fine = mode_ == DecodeMode::FineOnly;
  forward(cfg_, m_.w, tab_, tokens.data(), 1, T, acts_, ForwardOptions{fine, false});
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
    return logits_.data();
  }
  for (int tok : tokens) step(tok);
  return logits_.data();
}

} // namespace axl::model
