// Finite-difference checks of every op's backward and of the whole model's gradients.
#include "gradcheck_util.h"
#include "model/ops.h"
#include "model/trainer.h"

#include <catch2/catch.hpp>
#include <fmt/format.h>

using namespace axl::model;
using namespace axl::model::test;

namespace {
std::vector<float> randn(size_t n, std::mt19937& rng, float std = 1.0f) {
  std::normal_distribution<float> N(0.0f, std);
  std::vector<float> v(n);
  for (auto& x : v) x = N(rng);
  return v;
}
double weighted_sum(const std::vector<float>& y, const std::vector<float>& r) {
  double s = 0.0;
  for (size_t i = 0; i < y.size(); ++i) s += double(y[i]) * r[i];
  return s;
}
// Checks d(sum r*y)/dx along a few directions against the analytic gradient g.
void check(const char* what, const std::function<double()>& L, std::vector<float>& x,
           const std::vector<float>& g, std::mt19937& rng, double eps = 1e-2) {
  for (int k = 0; k < 3; ++k) {
    const auto v = probe_direction(g.data(), g.size(), rng);
    const double fd = directional_fd(L, x.data(), v, eps), an = dotv(g.data(), v);
    INFO(what << " direction " << k << ": finite difference " << fd << " analytic " << an);
    CHECK(rel_err(fd, an) <= 1e-2);
  }
}
} // namespace

TEST_CASE("rmsnorm backward matches finite differences", "[model][grad]") {
  std::mt19937 rng(1);
  const int R = 5, d = 12;
  auto x = randn(R * d, rng), w = randn(d, rng), r = randn(R * d, rng);
  std::vector<float> y(R * d), rstd(R);
  auto L = [&] {
    rmsnorm_fwd(x.data(), w.data(), R, d, 1e-5f, y.data(), rstd.data());
    return weighted_sum(y, r);
  };
  L();
  std::vector<float> dx(R * d, 0.0f), dw(d, 0.0f);
  rmsnorm_bwd(x.data(), w.data(), rstd.data(), r.data(), R, d, dx.data(), dw.data());
  check("dx", L, x, dx, rng);
  check("dw", L, w, dw, rng);
}

TEST_CASE("rope backward is the inverse rotation", "[model][grad]") {
  std::mt19937 rng(2);
  const int B = 2, n = 5, H = 2, hd = 8;
  RopeTable tab(hd, 16, 10000.0f);
  std::vector<int> pos{0, 3, 4, 9, 15};
  auto x = randn(B * n * H * hd, rng), r = randn(x.size(), rng);
  auto L = [&] {
    auto y = x;
    rope_apply(y.data(), B, n, H, pos.data(), tab, false);
    return weighted_sum(y, r);
  };
  auto g = r;
  rope_apply(g.data(), B, n, H, pos.data(), tab, true);
  check("dx", L, x, g, rng);
  // Position 0 is the identity; the rotation preserves norms.
  auto y = x;
  rope_apply(y.data(), B, n, H, pos.data(), tab, false);
  CHECK(y[0] == x[0]);
  double nx = 0, ny = 0;
  for (size_t i = 0; i < x.size(); ++i) nx += x[i] * x[i], ny += y[i] * y[i];
  CHECK(std::abs(nx - ny) < 1e-3 * nx);
}

TEST_CASE("swiglu backward matches finite differences", "[model][grad]") {
  std::mt19937 rng(3);
  const long n = 40;
  auto a = randn(n, rng), b = randn(n, rng), r = randn(n, rng);
  std::vector<float> g(n);
  auto L = [&] {
    swiglu_fwd(a.data(), b.data(), g.data(), n);
    return weighted_sum(g, r);
  };
  std::vector<float> da(n, 0.0f), db(n, 0.0f);
  swiglu_bwd(a.data(), b.data(), r.data(), da.data(), db.data(), n);
  check("da", L, a, da, rng);
  check("db", L, b, db, rng);
}

TEST_CASE("masked attention backward matches finite differences", "[model][grad]") {
  std::mt19937 rng(4);
  const int B = 2, nq = 4, nk = 6, H = 2, hd = 4, d = H * hd;
  // Query ends 0,1,3,7; key ends out of order; query 0 sees nothing (zero output).
  std::vector<int> qend{0, 1, 3, 7}, kend{1, 3, 2, 5, 1, 7};
  auto q = randn(B * nq * d, rng), k = randn(B * nk * d, rng), v = randn(B * nk * d, rng);
  auto r = randn(B * nq * d, rng);
  std::vector<float> P(B * H * nq * nk), out(B * nq * d);
  auto L = [&] {
    attention_fwd(q.data(), k.data(), v.data(), B, nq, nk, H, hd, qend.data(), kend.data(),
                  P.data(), out.data());
    return weighted_sum(out, r);
  };
  L();
  for (int i = 0; i < d; ++i) CHECK(out[i] == 0.0f); // batch 0, query 0
  std::vector<float> dq(q.size()), dk(k.size()), dv(v.size());
  attention_bwd(q.data(), k.data(), v.data(), P.data(), r.data(), B, nq, nk, H, hd, dq.data(),
                dk.data(), dv.data());
  check("dq", L, q, dq, rng);
  check("dk", L, k, dk, rng);
  check("dv", L, v, dv, rng);
}

TEST_CASE("weighted cross-entropy gradient matches finite differences", "[model][grad]") {
  std::mt19937 rng(5);
  const int N = 6, V = 258;
  auto logits = randn(N * V, rng, 2.0f);
  std::vector<int> tg{1, 256, 257, 3, 0, 100};
  std::vector<float> w{1, 0, 2, 1, 0.5f, 1};
  std::vector<float> dl(N * V);
  auto L = [&] { return cross_entropy(logits.data(), tg.data(), w.data(), N, V, nullptr, 1.0f); };
  cross_entropy(logits.data(), tg.data(), w.data(), N, V, dl.data(), 1.0f);
  check("dlogits", L, logits, dl, rng);
}

TEST_CASE("whole-model gradients match finite differences for every tensor", "[model][grad]") {
  Config cfg = Config::tiny();
  ParamBuffer p(cfg);
  init_random(p, 7, 0.3f);
  ModelTables tab(cfg);
  std::mt19937 rng(8);
  TrainBatch batch;
  batch.B = 2, batch.T = 14; // not a multiple of 4: partial coarse groups at the end
  std::uniform_int_distribution<int> tok(0, 257);
  for (int i = 0; i < batch.B * batch.T; ++i) {
    batch.inputs.push_back(tok(rng)), batch.targets.push_back(tok(rng));
    batch.weights.push_back(i % 5 == 0 ? 0.0f : 1.0f + 0.1f * (i % 3));
  }
  Activations acts;
  ParamBuffer g(cfg);
  const float aux = 0.5f;
  loss_and_grad(cfg, p.w, tab, batch, aux, acts, &g.w);
  auto L = [&] {
    Activations a2;
    auto st = loss_and_grad(cfg, p.w, tab, batch, aux, a2, nullptr);
    return st.loss + aux * st.aux_loss;
  };
  size_t off = 0;
  int checked = 0;
  for (const auto& spec : tensor_specs(cfg)) {
    const size_t n = size_t(spec.rows * spec.cols);
    std::vector<float> gt(g.data.begin() + off, g.data.begin() + off + n);
    const auto v = probe_direction(gt.data(), n, rng);
    const double an = dotv(gt.data(), v);
    const double fd = directional_fd(L, p.data.data() + off, v, 2e-3);
    INFO(spec.name << ": finite difference " << fd << " analytic " << an);
    CHECK(rel_err(fd, an) <= 1e-2);
    CHECK(std::abs(an) > 1e-6); // every tensor influences the loss
    off += n;
    ++checked;
  }
  CHECK(checked == int(tensor_specs(cfg).size()));
}
