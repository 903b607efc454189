// libFuzzer entry point: any byte string must parse (or be rejected with GgufError) as a model
// file. Build: cmake -S . -B build-fuzz -G Ninja -DCMAKE_CXX_COMPILER=clang++
// -DCMAKE_C_COMPILER=clang
//        -DAXL_FUZZ=ON && ninja -C build-fuzz fuzz_gguf && build-fuzz/model/fuzz_gguf
//        -max_total_time=60
#include "model_file.h"

#include <cstddef>
#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  try {
    const auto file = axl::model::GgufFile::parse({data, size}, "fuzz");
    const auto model = axl::model::load_model(file);
    (void)model;
  } catch (const axl::model::GgufError&) {
  }
  return 0;
}
