#include "api/batch_generator.h"

#include "model/blas.h"

#include <algorithm>
#include <cstdio>
#include <stdexcept>

namespace axl::api {

namespace {

// A reply that cannot be sent must not stop the other rows.
void notify_done(BatchGenerator::Sequence& s, model::GenerateResult&& r, const std::string& error) {
  if (!s.on_done) return;
  try {
    s.on_done(std::move(r), error);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "axl-docs serve: finishing a generation failed: %s\n", e.what());
  }
}

} // namespace

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
    submitted_ = true;
  }
  ready_.notify_one();
  return Submit::Accepted;
}

void BatchGenerator::close() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
    submitted_ = true;
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

bool BatchGenerator::prepare(Row& row) {
  try {
    if (row.sequence.on_start) row.sequence.on_start();
    row.generation = std::make_unique<model::Generation>(row.sequence.prompt, row.sequence.options);
    const auto* cancel = row.sequence.options.cancel;
    if (cancel && cancel->load()) return false; // gone while queued: advance() ends it unprefilled
    // Made on first use and kept: a server started with a large --batch allocates only the rows
    // its load needs.
    if (!row.decoder) row.decoder = std::make_unique<model::Decoder>(model_);
    return true;
  } catch (const std::exception& e) {
    end(row, e.what());
    return false;
  }
}

void BatchGenerator::admit(std::vector<Row*>& joined) {
  std::erase_if(joined, [this](Row* row) { return !prepare(*row); });
  // A prompt that several rows join with (a request's n choices, clients sending one prompt) is
  // prefilled once; the others copy its decoder's state, which is exact. (A forward of several
  // prompts of one length would read the weights once too, but its sums round differently from a
  // lone prefill, by ~1e-6: a completion would no longer be byte for byte what it is alone.)
  auto ids = [](const Row* r) -> const std::vector<int>& { return r->generation->prompt_ids(); };
  std::stable_sort(joined.begin(), joined.end(),
                   [&](const Row* a, const Row* b) { return ids(a) < ids(b); });
  const Row* prefilled = nullptr; // the last row prefilled, with its prompt
  for (Row* row : joined) {
    try {
      if (prefilled && ids(prefilled) == ids(row))
        row->decoder->copy_state_from(*prefilled->decoder);
      else
        model::start_prompt(*row->decoder, ids(row), nullptr);
      row->generation->prefilled();
      prefilled = row;
    } catch (const std::exception& e) {
      end(*row, e.what());
    }
  }
  joined.clear();
}

void BatchGenerator::end(Row& row, const std::string& error) {
  model::GenerateResult result;
  if (row.generation && error.empty()) result = row.generation->finish();
  Sequence sequence = std::move(row.sequence);
  row.sequence = {};
  row.generation.reset();
  --in_use_;
  {
    std::lock_guard lock(mutex_);
    --running_;
  }
  notify_done(sequence, std::move(result), error);
}

void BatchGenerator::fail_all(std::vector<Row*>& rows, const std::string& error) {
  for (Row* row : rows) end(*row, error);
  rows.clear();
}

void BatchGenerator::watch_queue() {
  ++looks_;
  watched_.clear();
  for (const auto& q : queue_)
    if (q.options.cancel) watched_.push_back(q.options.cancel);
  queue_seen_ = queue_.size();
}

bool BatchGenerator::take_queued(std::vector<Row*>& admitted) {
  // Only this thread removes sequences from the queue, so with no submission since the last look
  // it holds what was seen then: with no free row for them (or none waiting) there is nothing to
  // do.
  if (!submitted_.exchange(false) && in_use_ > 0 && (in_use_ == max_rows_ || queue_seen_ == 0))
    return true;
  std::unique_lock lock(mutex_);
  ready_.wait(lock, [&] { return stopping_ || !queue_.empty() || running_ > 0; });
  if (queue_.empty() && running_ == 0) return false; // stopping, and every sequence has ended
  for (auto& row : rows_) {
    if (queue_.empty()) break;
    if (row.generation) continue; // in use
    row.sequence = std::move(queue_.front());
    queue_.pop_front();
    ++running_;
    ++in_use_;
    admitted.push_back(&row);
  }
  watch_queue();
  return true;
}

void BatchGenerator::drop_cancelled() {
  // The flags are read without the lock: the sequences they belong to stay queued until this
  // thread takes them out.
  if (std::none_of(watched_.begin(), watched_.end(),
                   [](const std::atomic<bool>* c) { return c->load(std::memory_order_relaxed); }))
    return;
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
    watch_queue();
  }
  for (auto& s : gone) {
    model::GenerateResult r;
    r.finish_reason = "cancelled";
    notify_done(s, std::move(r), {});
  }
}

void BatchGenerator::run() {
  model::set_num_threads(threads_);
  std::vector<Row*> admitted, stepping;
  std::vector<model::Decoder*> decoders;
  std::vector<int> tokens;
  for (;;) {
    if (!take_queued(admitted)) return;
    // Rows that join now are prefilled here, so they sample their first byte in this same pass.
    // (Their prefill holds the others back for that long: prompts are short next to completions.)
    admit(admitted);
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
