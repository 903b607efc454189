#include "transformer.h"

#include "blas.h"
#include "kernels.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <stdexcept>

namespace axl::model {

std::vector<float>& Activations::scratch(int slot, size_t n, bool zero) {
  if (scratch_.size() <= size_t(slot)) scratch_.resize(slot + 1);
  auto& v = scratch_[slot];
  if (zero)
    v.assign(n, 0.0f);
  else
    v.resize(n);
  return v;
}

ModelTables::ModelTables(const Config& cfg) : rope(cfg.head_dim(), cfg.ctx, cfg.rope_base) {}

namespace {

float* F(const Tensor& t) {
  return t.f32();
}
inline float sigmoid(float x) {
  return 1.0f / (1.0f + std::exp(-x));
}

// One pre-norm block, in place on x [B*n, d].
void layer_fwd(const Config& cfg, const LayerWeights& L, const ModelTables& tab, int B,
               ScaleActs& s, LayerActs& a, float* x) {
  const int n = s.n, R = B * n, d = cfg.d_model, F_ = cfg.d_ff, H = cfg.n_head, hd = cfg.head_dim();
  const size_t Rd = size_t(R) * d, RF = size_t(R) * F_;
  a.x_in.assign(x, x + Rd);
  a.xn.resize(Rd), a.rstd1.resize(R), a.q.resize(Rd), a.k.resize(Rd), a.v.resize(Rd),
      a.att.resize(Rd);
  a.P.resize(size_t(B) * H * n * n);
  rmsnorm_fwd(x, F(L.attn_norm), R, d, cfg.norm_eps, a.xn.data(), a.rstd1.data()); // [R,d]
  linear_fwd(a.xn.data(), R, L.wq, a.q.data());                                    // [R,d]
  linear_fwd(a.xn.data(), R, L.wk, a.k.data());                                    // [R,d]
  linear_fwd(a.xn.data(), R, L.wv, a.v.data());                                    // [R,d]
  rope_apply(a.q.data(), B, n, H, s.pos.data(), tab.rope, false);                  // [R,d]
  rope_apply(a.k.data(), B, n, H, s.pos.data(), tab.rope, false);                  // [R,d]
  attention_fwd(a.q.data(), a.k.data(), a.v.data(), B, n, n, H, hd, s.pos.data(), s.pos.data(),
                a.P.data(), a.att.data());    // [R,d], P [B,H,n,n]
  linear_fwd(a.att.data(), R, L.wo, x, true); // x += att Wo^T
  a.x_mid.assign(x, x + Rd);
  a.xn2.resize(Rd), a.rstd2.resize(R), a.a.resize(RF), a.b.resize(RF), a.g.resize(RF);
  rmsnorm_fwd(x, F(L.ffn_norm), R, d, cfg.norm_eps, a.xn2.data(), a.rstd2.data()); // [R,d]
  linear_fwd(a.xn2.data(), R, L.w1, a.a.data());                                   // [R,F]
  linear_fwd(a.xn2.data(), R, L.w3, a.b.data());                                   // [R,F]
  swiglu_fwd(a.a.data(), a.b.data(), a.g.data(), long(RF));                        // [R,F]
  linear_fwd(a.g.data(), R, L.w2, x, true);                                        // x += g W2^T
}

// Backward of layer_fwd: dx [B*n, d] holds dL/d(output) and becomes dL/d(input).
void layer_bwd(const Config& cfg, const LayerWeights& L, LayerWeights& G, const ModelTables& tab,
               int B, ScaleActs& s, LayerActs& a, float* dx, Activations& A) {
  const int n = s.n, R = B * n, d = cfg.d_model, F_ = cfg.d_ff, H = cfg.n_head, hd = cfg.head_dim();
  const size_t Rd = size_t(R) * d, RF = size_t(R) * F_;
  auto &dg = A.scratch(0, RF, false), &da = A.scratch(1, RF, true), &db = A.scratch(2, RF, true);
  auto& dxn = A.scratch(3, Rd, false);
  linear_bwd(a.g.data(), dx, R, L.w2, dg.data(), F(G.w2), false);                // dg [R,F]
  swiglu_bwd(a.a.data(), a.b.data(), dg.data(), da.data(), db.data(), long(RF)); // da, db [R,F]
  linear_bwd(a.xn2.data(), da.data(), R, L.w1, dxn.data(), F(G.w1), false);      // dxn2 [R,d]
  linear_bwd(a.xn2.data(), db.data(), R, L.w3, dxn.data(), F(G.w3), true);
  rmsnorm_bwd(a.x_mid.data(), F(L.ffn_norm), a.rstd2.data(), dxn.data(), R, d, dx, F(G.ffn_norm));
  auto &datt = A.scratch(4, Rd, false), &dq = A.scratch(5, Rd, false);
  auto &dk = A.scratch(6, Rd, false), &dv = A.scratch(7, Rd, false);
  linear_bwd(a.att.data(), dx, R, L.wo, datt.data(), F(G.wo), false); // datt [R,d]
  attention_bwd(a.q.data(), a.k.data(), a.v.data(), a.P.data(), datt.data(), B, n, n, H, hd,
                dq.data(), dk.data(), dv.data());
  rope_apply(dq.data(), B, n, H, s.pos.data(), tab.rope, true);
  rope_apply(dk.data(), B, n, H, s.pos.data(), tab.rope, true);
  linear_bwd(a.xn.data(), dq.data(), R, L.wq, dxn.data(), F(G.wq), false); // dxn [R,d]
  linear_bwd(a.xn.data(), dk.data(), R, L.wk, dxn.data(), F(G.wk), true);
  linear_bwd(a.xn.data(), dv.data(), R, L.wv, dxn.data(), F(G.wv), true);
  rmsnorm_bwd(a.x_in.data(), F(L.attn_norm), a.rstd1.data(), dxn.data(), R, d, dx, F(G.attn_norm));
}

// Which token of scale s is the latest complete one at byte t (-1 if none).
inline int latest(int t, int s) {
  return (t + 1) / s - 1;
}

} // namespace

void forward(const Config& cfg, const Weights& w, const ModelTables& tab, const int* tokens, int B,
             int T, Activations& A, ForwardOptions opt) {
  if (T < 1 || T > cfg.ctx || B < 1) throw std::invalid_argument("forward: bad batch shape");
  const int d = cfg.d_model, S = opt.fine_only ? 1 : cfg.n_scales(), BT = B * T, V = cfg.vocab;
  A.B = B, A.T = T, A.fine_only = opt.fine_only, A.aux = opt.aux && !opt.fine_only;
  A.tokens.assign(tokens, tokens + BT);
  A.sc.resize(S);
  for (int t = 0; t < BT; ++t)
    if (tokens[t] < 0 || tokens[t] >= V)
      throw std::invalid_argument("forward: token id out of range");

  // Byte stream input: embeddings.                                        e [B*T, d]
  auto& s0 = A.sc[0];
  s0.n = T;
  s0.x.resize(size_t(BT) * d);
  for (int t = 0; t < BT; ++t) tensor_row(w.tok_emb, tokens[t], &s0.x[size_t(t) * d]);
  // Coarse streams: mean-pool s consecutive embeddings, then a linear map.  x_s [B*n_s, d]
  for (int si = 1; si < S; ++si) {
    auto& sc = A.sc[si];
    const int s = cfg.scales[si];
    sc.n = T / s;
    sc.pooled.assign(size_t(B) * sc.n * d, 0.0f);
    for (int b = 0; b < B; ++b)
      for (int k = 0; k < sc.n; ++k) {
        float* p = &sc.pooled[(size_t(b) * sc.n + k) * d];
        for (int u = 0; u < s; ++u) {
          const float* e = &s0.x[(size_t(b) * T + k * s + u) * d];
          for (int i = 0; i < d; ++i) p[i] += e[i] / float(s);
        }
      }
    sc.x.resize(sc.pooled.size());
    linear_fwd(sc.pooled.data(), B * sc.n, w.down[si - 1], sc.x.data());
  }
  // Per-scale transformer stacks.                                          h_s [B*n_s, d]
  for (int si = 0; si < S; ++si) {
    auto& sc = A.sc[si];
    const int s = cfg.scales[si];
    sc.pos.resize(sc.n), sc.end.resize(sc.n);
    for (int k = 0; k < sc.n; ++k) sc.pos[k] = k, sc.end[k] = k * s + s - 1;
    sc.h = sc.x;
    sc.layers.resize(cfg.n_layer);
    if (sc.n == 0) continue;
    for (int l = 0; l < cfg.n_layer; ++l)
      layer_fwd(cfg, w.layers[si][l], tab, B, sc, sc.layers[l], sc.h.data());
  }

  auto head = [&](const std::vector<float>& src, std::vector<float>& nrm, std::vector<float>& rstd,
                  std::vector<float>& logits) {
    nrm.resize(size_t(BT) * d), rstd.resize(BT), logits.resize(size_t(BT) * V);
    rmsnorm_fwd(src.data(), F(w.out_norm), BT, d, cfg.norm_eps, nrm.data(), rstd.data()); // [BT,d]
    linear_fwd(nrm.data(), BT, w.output, logits.data());                                  // [BT,V]
  };
  if (opt.fine_only) return head(s0.h, A.fn, A.frstd, A.logits);
  if (A.aux) head(s0.h, A.an, A.arstd, A.aux_logits);

  // Cross-scale stage. Every scale attends to the tokens of all other scales that end no later
  // than its own token ends.
  for (int si = 0; si < S; ++si) {
    auto& sc = A.sc[si];
    sc.cn.resize(sc.h.size()), sc.crstd.resize(size_t(B) * sc.n);
    if (sc.n)
      rmsnorm_fwd(sc.h.data(), F(w.cross[si].norm), B * sc.n, d, cfg.norm_eps, sc.cn.data(),
                  sc.crstd.data());
  }
  for (int si = 0; si < S; ++si) {
    auto& sc = A.sc[si];
    const auto& C = w.cross[si];
    const int n = sc.n, R = B * n;
    sc.mem_end.clear(), sc.mem_scale.clear(), sc.mem_index.clear();
    for (int sj = 0; sj < S; ++sj)
      if (sj != si)
        for (int k = 0; k < A.sc[sj].n; ++k)
          sc.mem_end.push_back(A.sc[sj].end[k]), sc.mem_scale.push_back(sj),
              sc.mem_index.push_back(k);
    const int m = sc.m = static_cast<int>(sc.mem_end.size());
    sc.mem.resize(size_t(B) * m * d); // [B*m, d]
    for (int b = 0; b < B; ++b)
      for (int j = 0; j < m; ++j) {
        const auto& src = A.sc[sc.mem_scale[j]];
        std::memcpy(&sc.mem[(size_t(b) * m + j) * d],
                    &src.cn[(size_t(b) * src.n + sc.mem_index[j]) * d], sizeof(float) * d);
      }
    sc.cq.resize(size_t(R) * d), sc.ck.resize(size_t(B) * m * d), sc.cv.resize(size_t(B) * m * d);
    sc.catt.resize(size_t(R) * d), sc.cP.resize(size_t(B) * cfg.n_head * n * m);
    sc.c = sc.h;
    if (m == 0) continue;
    // Keys/values even when this scale has no token yet: the decoder's cache starts from them.
    linear_fwd(sc.mem.data(), B * m, C.wk, sc.ck.data()); // [B*m,d]
    linear_fwd(sc.mem.data(), B * m, C.wv, sc.cv.data()); // [B*m,d]
    rope_apply(sc.ck.data(), B, m, cfg.n_head, sc.mem_end.data(), tab.rope, false);
    if (n == 0) continue;
    linear_fwd(sc.cn.data(), R, C.wq, sc.cq.data()); // [R,d]
    rope_apply(sc.cq.data(), B, n, cfg.n_head, sc.end.data(), tab.rope, false);
    attention_fwd(sc.cq.data(), sc.ck.data(), sc.cv.data(), B, n, m, cfg.n_head, cfg.head_dim(),
                  sc.end.data(), sc.mem_end.data(), sc.cP.data(), sc.catt.data()); // [R,d]
    linear_fwd(sc.catt.data(), R, C.wo, sc.c.data(), true); // c = h + catt Wo^T
  }

  // Gated fusion into the byte stream.                                     f [B*T, d]
  const int G = (S - 1) * d;
  A.z.assign(size_t(BT) * S * d, 0.0f); // [BT, S*d]
  for (int r = 0; r < BT; ++r) {
    const int b = r / T, t = r % T;
    std::memcpy(&A.z[size_t(r) * S * d], &A.sc[0].c[size_t(r) * d], sizeof(float) * d);
    for (int si = 1; si < S; ++si) {
      const int k = latest(t, cfg.scales[si]);
      if (k >= 0)
        std::memcpy(&A.z[size_t(r) * S * d + si * d], &A.sc[si].c[(size_t(b) * A.sc[si].n + k) * d],
                    sizeof(float) * d);
    }
  }
  A.gl.resize(size_t(BT) * G), A.gate.resize(size_t(BT) * G), A.f.resize(size_t(BT) * d);
  if (G > 0) linear_fwd(A.z.data(), BT, w.gate_w, A.gl.data()); // [BT, (S-1)d]
  for (int r = 0; r < BT; ++r) {
    float* f = &A.f[size_t(r) * d];
    const float* zr = &A.z[size_t(r) * S * d];
    std::memcpy(f, zr, sizeof(float) * d);
    for (int j = 0; j < G; ++j) {
      const float g = sigmoid(A.gl[size_t(r) * G + j] + F(w.gate_b)[j]);
      A.gate[size_t(r) * G + j] = g;
      f[j % d] += g * zr[d + j]; // f += gate_s * u_s
    }
  }
  head(A.f, A.fn, A.frstd, A.logits);
}

void backward(const Config& cfg, const Weights& w, const ModelTables& tab, Activations& A,
              const float* dlogits, const float* daux, Weights& G) {
  const int B = A.B, T = A.T, d = cfg.d_model, BT = B * T, S = A.fine_only ? 1 : cfg.n_scales();
  const int Gd = (S - 1) * d;
  // dh_s accumulates gradients wrt each scale's layer output.
  std::vector<std::vector<float>*> dh(S);
  for (int si = 0; si < S; ++si) dh[si] = &A.scratch(30 + si, size_t(B) * A.sc[si].n * d, true);

  auto head_bwd = [&](const std::vector<float>& src, const std::vector<float>& nrm,
                      const std::vector<float>& rstd, const float* dlog, float* dsrc) {
    auto& dn = A.scratch(10, size_t(BT) * d, false);
    linear_bwd(nrm.data(), dlog, BT, w.output, dn.data(), F(G.output), false); // dn [BT,d]
    rmsnorm_bwd(src.data(), F(w.out_norm), rstd.data(), dn.data(), BT, d, dsrc, F(G.out_norm));
  };

  if (A.fine_only) {
    head_bwd(A.sc[0].h, A.fn, A.frstd, dlogits, (*dh[0]).data());
  } else {
    if (A.aux && daux) head_bwd(A.sc[0].h, A.an, A.arstd, daux, (*dh[0]).data());
    auto& df = A.scratch(11, size_t(BT) * d, true);
    head_bwd(A.f, A.fn, A.frstd, dlogits, df.data());
    // Fusion: f = z[:, :d] + sum_j gate_j * z[:, d + j].
    auto &dz = A.scratch(12, size_t(BT) * S * d, true),
         &dgl = A.scratch(13, size_t(BT) * Gd, false);
    for (int r = 0; r < BT; ++r) {
      const float* dfr = &df[size_t(r) * d];
      const float* zr = &A.z[size_t(r) * S * d];
      float* dzr = &dz[size_t(r) * S * d];
      for (int i = 0; i < d; ++i) dzr[i] += dfr[i];
      for (int j = 0; j < Gd; ++j) {
        const float g = A.gate[size_t(r) * Gd + j];
        dzr[d + j] += dfr[j % d] * g;
        dgl[size_t(r) * Gd + j] = dfr[j % d] * zr[d + j] * g * (1.0f - g);
        F(G.gate_b)[j] += dgl[size_t(r) * Gd + j];
      }
    }
    if (Gd > 0) linear_bwd(A.z.data(), dgl.data(), BT, w.gate_w, dz.data(), F(G.gate_w), true);
    // Scatter dz back to c_1 and the coarse tokens it was copied from.
    std::vector<std::vector<float>*> dcp(S);
    for (int si = 0; si < S; ++si) dcp[si] = &A.scratch(40 + si, size_t(B) * A.sc[si].n * d, true);
    auto dc = [&](int si) -> std::vector<float>& { return *dcp[si]; };
    for (int r = 0; r < BT; ++r) {
      const int b = r / T, t = r % T;
      for (int i = 0; i < d; ++i) dc(0)[size_t(r) * d + i] += dz[size_t(r) * S * d + i];
      for (int si = 1; si < S; ++si) {
        const int k = latest(t, cfg.scales[si]);
        if (k < 0) continue;
        float* dst = &dc(si)[(size_t(b) * A.sc[si].n + k) * d];
        for (int i = 0; i < d; ++i) dst[i] += dz[size_t(r) * S * d + si * d + i];
      }
    }
    // Cross stage: c = h + catt Wo^T.
    std::vector<std::vector<float>*> dcnp(S);
    for (int si = 0; si < S; ++si) dcnp[si] = &A.scratch(50 + si, size_t(B) * A.sc[si].n * d, true);
    auto dcn = [&](int si) -> std::vector<float>& { return *dcnp[si]; };
    for (int si = 0; si < S; ++si) {
      auto& sc = A.sc[si];
      const auto& C = w.cross[si];
      auto& CG = G.cross[si];
      const int n = sc.n, m = sc.m, R = B * n;
      for (size_t i = 0; i < dc(si).size(); ++i) (*dh[si])[i] += dc(si)[i];
      if (n == 0 || m == 0) continue;
      auto &datt = A.scratch(16, size_t(R) * d, false), &dq = A.scratch(17, size_t(R) * d, false);
      auto &dk = A.scratch(18, size_t(B) * m * d, false),
           &dv = A.scratch(19, size_t(B) * m * d, false);
      auto& dmem = A.scratch(20, size_t(B) * m * d, false);
      linear_bwd(sc.catt.data(), dc(si).data(), R, C.wo, datt.data(), F(CG.wo), false);
      attention_bwd(sc.cq.data(), sc.ck.data(), sc.cv.data(), sc.cP.data(), datt.data(), B, n, m,
                    cfg.n_head, cfg.head_dim(), dq.data(), dk.data(), dv.data());
      rope_apply(dq.data(), B, n, cfg.n_head, sc.end.data(), tab.rope, true);
      rope_apply(dk.data(), B, m, cfg.n_head, sc.mem_end.data(), tab.rope, true);
      linear_bwd(sc.cn.data(), dq.data(), R, C.wq, dcn(si).data(), F(CG.wq), true);
      linear_bwd(sc.mem.data(), dk.data(), B * m, C.wk, dmem.data(), F(CG.wk), false);
      linear_bwd(sc.mem.data(), dv.data(), B * m, C.wv, dmem.data(), F(CG.wv), true);
      for (int b = 0; b < B; ++b)
        for (int j = 0; j < m; ++j) {
          const int sj = sc.mem_scale[j];
          float* dst = &dcn(sj)[(size_t(b) * A.sc[sj].n + sc.mem_index[j]) * d];
          const float* src = &dmem[(size_t(b) * m + j) * d];
          for (int i = 0; i < d; ++i) dst[i] += src[i];
        }
    }
    for (int si = 0; si < S; ++si) {
      auto& sc = A.sc[si];
      if (sc.n)
        rmsnorm_bwd(sc.h.data(), F(w.cross[si].norm), sc.crstd.data(), dcn(si).data(), B * sc.n, d,
                    (*dh[si]).data(), F(G.cross[si].norm));
    }
  }

  // Per-scale stacks, then the downsampling and the embedding.
  auto& demb = A.scratch(14, size_t(BT) * d, true);
  for (int si = S - 1; si >= 0; --si) {
    auto& sc = A.sc[si];
    if (sc.n == 0) continue;
    for (int l = cfg.n_layer - 1; l >= 0; --l)
      layer_bwd(cfg, w.layers[si][l], G.layers[si][l], tab, B, sc, sc.layers[l], (*dh[si]).data(),
                A);
    if (si == 0) {
      for (size_t i = 0; i < demb.size(); ++i) demb[i] += (*dh[0])[i];
      continue;
    }
    const int s = cfg.scales[si];
    auto& dpool = A.scratch(15, size_t(B) * sc.n * d, false);
    linear_bwd(sc.pooled.data(), (*dh[si]).data(), B * sc.n, w.down[si - 1], dpool.data(),
               F(G.down[si - 1]), false);
    for (int b = 0; b < B; ++b)
      for (int k = 0; k < sc.n; ++k)
        for (int u = 0; u < s; ++u) {
          float* dst = &demb[(size_t(b) * T + k * s + u) * d];
          const float* src = &dpool[(size_t(b) * sc.n + k) * d];
          for (int i = 0; i < d; ++i) dst[i] += src[i] / float(s);
        }
  }
  float* dE = F(G.tok_emb);
  for (int r = 0; r < BT; ++r) {
    float* dst = dE + size_t(A.tokens[r]) * d;
    for (int i = 0; i < d; ++i) dst[i] += demb[size_t(r) * d + i];
  }
}

} // namespace axl::model
