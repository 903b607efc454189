#include "api/batch_generator.h"

#include "model/blas.h"

#include <algorithm>
#include <cstdio>
#include <stdexcept>

namespace axl::api {

BatchGenerator::BatchGenerator(const model::Model& model, int max_rows, size_t max_queued,
                               int threads)
    : model_(model), max_rows_(std::max(1, max_rows)), max_queued_(max_queued),
      threads_(std::max(1, threads)), rows_(static_cast<size_t>(max_rows_)) {
  thread_ = std::thread([this] { run(); });
}

BatchGenerator::~BatchGenerator() {
  stop();
}

BatchGenerator::Submit BatchGenerator::try_submit(std::vector<Sequence> sequences) {
  for (const auto& s : sequences)
    if (s.options.mode != model::DecodeMode::Full) // step_batch needs one mode for every row
      throw std::invalid_argument("BatchGenerator decodes the full model only");
  {
    std::lock_guard lock(mutex_);
    if (stopping_) return Submit::Stopped;
    // Queued sequences whose client is gone leave at the generator's next byte; they must not
    // refuse a live client meanwhile.
    const auto gone = std::count_if(queue_.begin(), queue_.end(), [](const Sequence& s) {
      return s.options.cancel && s.options.cancel->load();
    });
    const size_t waiting = static_cast<size_t>(running_) + queue_.size() -
                           static_cast<size_t>(gone) + sequences.size();
    if (waiting > static_cast<size_t>(max_rows_) + max_queued_) return Submit::QueueFull;
    for (auto& s : sequences) queue_.push_back(std::move(s));
  }
  ready_.notify_one();
  return Submit::Accepted;
}

void BatchGenerator::close() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  ready_.notify_one();
}

void BatchGenerator::stop() {
  close();
  if (thread_.joinable() && thread_.get_id() != std::this_thread::get_id()) thread_.join();
}

size_t BatchGenerator::queued() const {
  std::lock_guard lock(mutex_);
  return queue_.size();
}

int BatchGenerator::running() const {
  std::lock_guard lock(mutex_);
  return running_;
}

void BatchGenerator::admit(Row& row) {
  try {
    if (row.sequence.on_start) row.sequence.on_start();
    row.generation = std::make_unique<model::Generation>(row.sequence.prompt, row.sequence.options);
    const auto* cancel = row.sequence.options.cancel;
    if (cancel && cancel->load()) return; // gone while queued: advance() ends it unprefilled
    // Made on first use and kept: a server started with a large --batch allocates only the rows
    // its load needs.
    if (!row.decoder) row.decoder = std::make_unique<model::Decoder>(model_);
    model::start_prompt(*row.decoder, row.generation->prompt_ids(), nullptr);
    row.generation->prefilled();
  } catch (const std::exception& e) {
    end(row, e.what());
  }
}

void BatchGenerator::end(Row& row, const std::string& error) {
  model::GenerateResult result;
  if (row.generation && error.empty()) result = row.generation->finish();
  Sequence sequence = std::move(row.sequence);
  row.sequence = {};
  row.generation.reset();
  {
    std::lock_guard lock(mutex_);
    --running_;
  }
  try {
    if (sequence.on_done) sequence.on_done(std::move(result), error);
  } catch (const std::exception& e) { // a reply that cannot be sent must not stop the others
    std::fprintf(stderr, "axl-docs serve: finishing a generation failed: %s\n", e.what());
  }
}

void BatchGenerator::fail_all(std::vector<Row*>& rows, const std::string& error) {
  for (Row* row : rows) end(*row, error);
  rows.clear();
}

void BatchGenerator::drop_cancelled() {
  std::vector<Sequence> gone;
  {
    std::lock_guard lock(mutex_);
    for (auto it = queue_.begin(); it != queue_.end();)
      if (it->options.cancel && it->options.cancel->load()) {
        gone.push_back(std::move(*it));
        it = queue_.erase(it);
      } else {
        ++it;
      }
  }
  for (auto& s : gone) {
    model::GenerateResult r;
    r.finish_reason = "cancelled";
    try {
      if (s.on_done) s.on_done(std::move(r), {});
    } catch (const std::exception& e) {
      std::fprintf(stderr, "axl-docs serve: finishing a generation failed: %s\n", e.what());
    }
  }
}

void BatchGenerator::run() {
  model::set_num_threads(threads_);
  std::vector<Row*> admitted, stepping;
  std::vector<model::Decoder*> decoders;
  std::vector<int> tokens;
  for (;;) {
    {
      std::unique_lock lock(mutex_);
      ready_.wait(lock, [&] { return stopping_ || !queue_.empty() || running_ > 0; });
      if (queue_.empty() && running_ == 0) return; // stopping, and every sequence has ended
      for (auto& row : rows_) {
        if (queue_.empty()) break;
        if (row.generation) continue; // in use
        row.sequence = std::move(queue_.front());
        queue_.pop_front();
        ++running_;
        admitted.push_back(&row);
      }
    }
    // A row that joins now is prefilled here, so it samples its first byte in this same pass.
    // (Its prefill holds the others back for that long: prompts are short next to completions.)
    for (Row* row : admitted) admit(*row);
    admitted.clear();
    drop_cancelled();
    stepping.clear();
    decoders.clear();
    tokens.clear();
    for (auto& row : rows_) {
      if (!row.generation) continue;
      int token = -1;
      try {
        // A row cancelled before its prefill may have no decoder: advance() ends it unread.
        token = row.generation->advance(row.decoder ? row.decoder->logits() : nullptr);
      } catch (const std::exception& e) {
        end(row, e.what());
        continue;
      }
      if (token < 0) {
        end(row);
        continue;
      }
      stepping.push_back(&row);
      decoders.push_back(row.decoder.get());
      tokens.push_back(token);
    }
    if (decoders.empty()) continue;
    try {
      model::Decoder::step_batch(decoders, tokens);
    } catch (const std::exception& e) {
      fail_all(stepping, e.what());
    }
  }
}

} // namespace axl::api
