#include "training/allowlist.h"

#include <algorithm>
#include <array>

namespace axl::training {
namespace {
constexpr std::array<std::string_view, 27> kAllowlist = {
    "libpython3.11-stdlib", "python3-numpy",    "python3-scipy",      "python3-pandas",
    "python3-matplotlib",   "python3-sklearn",  "python3-django",     "python3-twisted",
    "python3-sphinx",       "python3-docutils", "python3-setuptools", "python3-botocore",
    "python3-sympy",        "python3-astropy",  "python3-dask",       "python3-statsmodels",
    "python3-nltk",         "python3-pygments", "python3-hypothesis", "python3-pytest",
    "python3-aiohttp",      "python3-boto3",    "ansible-core",       "python3-skimage",
    "python3-biopython",    "python3-numpydoc", "python3-torch"};
} // namespace

std::span<const std::string_view> corpus_allowlist() {
  return kAllowlist;
}

bool in_allowlist(std::string_view package) {
  return std::find(kAllowlist.begin(), kAllowlist.end(), package) != kAllowlist.end();
}

} // namespace axl::training
