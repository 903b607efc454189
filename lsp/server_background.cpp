// Ready before asked: while the editor is idle, the docstrings of the undocumented definitions of
// the open documents are generated on a thread of their own at the lowest OS priority, so that
// codeAction/resolve and completion on `"""` find the model's prose in its cache (prose_cache.h).
// Any message stops the pass at once (the model checks its stop token at every byte); what it
// finished stays cached, and the pass resumes after the next idle period.
#include "server.h"

#include <boost/asio/post.hpp>

#ifdef __linux__
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>
#endif

namespace axl::lsp {

namespace asio = boost::asio;

namespace {

// Linux gives each thread its own nice value: this one yields to every request and diagnostic.
void lower_this_thread_priority() {
#ifdef __linux__
  (void)setpriority(PRIO_PROCESS, static_cast<id_t>(syscall(SYS_gettid)), 19);
#endif
}

} // namespace

void Server::stop_background() {
  background_stop_.request_stop();
}

void Server::arm_background() {
  if (!options_.background || state_ != State::Running || exit_code_ || !engine_->uses_model())
    return;
  if (!background_timer_) background_timer_ = std::make_unique<asio::steady_timer>(io_);
  background_timer_->expires_after(options_.background_delay); // re-armed by every message
  background_timer_->async_wait([this](boost::system::error_code ec) {
    if (!ec) start_background();
  });
}

void Server::start_background() {
  if (state_ != State::Running || exit_code_ || background_running_) return;
  // Requests still computing and documents waiting for a parse go first.
  if (!pending_.empty() || !diagnostics_waiting_.empty()) return arm_background();
  struct Work {
    std::shared_ptr<const Snapshot> snap;
    Settings settings;
    std::vector<size_t> defs;
  };
  std::vector<Work> work;
  documents_.for_each([&](Document& doc) {
    if (!doc.up_to_date() || doc.snapshot()->too_large) return;
    if (auto it = prepared_.find(doc.uri()); it != prepared_.end() && it->second == doc.version())
      return;
    Work w{doc.snapshot(), settings_for(doc.uri()), {}};
    for (const Finding& f : engine_->check(*w.snap, w.settings))
      if (!f.stale && f.fixable &&
          w.snap->parsed.definitions[f.def_index].kind != parser::DefKind::Module)
        w.defs.push_back(f.def_index);
    if (w.defs.empty())
      prepared_[doc.uri()] = doc.version();
    else
      work.push_back(std::move(w));
  });
  if (work.empty()) return;
  background_stop_ = std::stop_source();
  background_running_ = true;
  background_pool_.submit(
      [this, work = std::move(work)](std::stop_token stop) {
        lower_this_thread_priority();
        std::vector<std::pair<std::string, int64_t>> done;
        for (const Work& w : work) {
          for (size_t index : w.defs) {
            if (stop.stop_requested()) break;
            engine_->prepare(*w.snap, index, w.settings, stop);
          }
          if (stop.stop_requested()) break;
          done.emplace_back(w.snap->uri, w.snap->version);
        }
        const bool cancelled = stop.stop_requested();
        asio::post(io_, [this, done = std::move(done), cancelled] {
          background_running_ = false;
          for (const auto& [uri, version] : done)
            if (documents_.find(uri)) prepared_[uri] = version;
          ++(cancelled ? background_cancelled_ : background_passes_);
          if (cancelled) arm_background(); // the message that stopped it may be long handled
        });
      },
      background_stop_.get_token());
}

json Server::cache_stats_json() const {
  const CacheStats c = engine_->cache_stats();
  const uint64_t requests = c.hits + c.misses;
  return {{"hits", c.hits},
          {"misses", c.misses},
          {"hitRate", requests ? double(c.hits) / double(requests) : 0.0},
          {"prepared", c.prepared},
          {"entries", c.entries},
          {"backgroundPasses", background_passes_},
          {"backgroundCancelled", background_cancelled_},
          {"backgroundRunning", background_running_}};
}

void Server::on_cache_stats(const json& id, NoParams) {
  reply(id, cache_stats_json());
}

} // namespace axl::lsp
