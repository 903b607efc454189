// The OpenAI-compatible endpoints. Handlers run on the I/O thread: they parse, validate and queue;
// the model runs only inside worker jobs, which answer through the Exchange.
#include "api/api_error.h"
#include "api/chat_template.h"
#include "api/openai_responses.h"
#include "api/service.h"
#include "api/sse.h"
#include "model/tokenizer.h"

#include <fmt/format.h>

#include <algorithm>
#include <cstdio>
#include <ctime>
#include <random>

namespace axl::api {

using nlohmann::json;

void throw_unavailable(Service& service, bool shutting_down) {
  ++service.stats.rejected;
  if (shutting_down)
    throw ApiError(503, "The server is shutting down.", "server_error", "", "server_shutting_down");
  throw ApiError(503, "The server is busy (request queue full); retry shortly.", "server_error", "",
                 "server_overloaded");
}

void submit_or_throw(Service& service, WorkerPool::Job job) {
  const auto r = service.pool.try_submit(std::move(job));
  if (r != WorkerPool::Submit::Accepted)
    throw_unavailable(service, r == WorkerPool::Submit::Stopped);
}

namespace {

enum class Flavor { Text, Chat };

// One generation: a prompt and the choice it fills.
struct Run {
  std::string prompt;
  int index = 0;
  std::string echo;  // text put before the completion (echo=true)
  bool count_prompt; // usage counts each prompt once, not once per choice
};

struct Job {
  Flavor flavor;
  CommonParams params;
  std::vector<Run> runs;
  std::string id, model;
  int64_t created;
  uint64_t seed;
};

void check_model(const Service& s, const std::string& requested) {
  if (!requested.empty() && requested != s.model_id)
    throw ApiError(
        404, "The model '" + requested + "' does not exist; this server has '" + s.model_id + "'.",
        "invalid_request_error", "model", "model_not_found");
}

json chunk(const Job& job, int index, std::string_view text, std::string_view finish) {
  if (job.flavor == Flavor::Text)
    return completion_chunk(job.id, job.created, job.model, index, text, finish);
  json delta = finish.empty() ? json{{"content", std::string(text)}} : json::object();
  return chat_chunk(job.id, job.created, job.model, index, std::move(delta), finish);
}

// One request's choices, decoded as rows of the batch generator; the last one to end answers.
// Only the generator thread touches it after start_job.
struct JobState {
  Job job;
  std::shared_ptr<Exchange> ex;
  Service& s;
  std::vector<Choice> choices;
  Usage usage;
  size_t remaining;
  bool cancelled = false;
  std::string error;
};

void send_final(JobState& st) {
  Exchange& ex = *st.ex;
  if (!st.error.empty()) {
    std::fprintf(stderr, "axl-docs serve: generation failed: %s\n", st.error.c_str());
    ex.reply(500, error_body(ApiError(500, "Generation failed.", "server_error")));
    return;
  }
  if (st.cancelled || ex.cancelled()) {
    ++st.s.stats.cancelled;
    return; // the client is gone; its connection is already closing
  }
  ++st.s.stats.completed;
  const Job& job = st.job;
  if (job.params.stream) {
    if (job.params.include_usage)
      ex.stream_send(sse_event(
          usage_chunk(job.flavor == Flavor::Text ? "text_completion" : "chat.completion.chunk",
                      job.id, job.created, job.model, st.usage)));
    ex.stream_send(std::string(kSseDone));
    ex.stream_close();
    return;
  }
  std::sort(st.choices.begin(), st.choices.end(),
            [](const Choice& a, const Choice& b) { return a.index < b.index; });
  ex.reply(200, job.flavor == Flavor::Text
                    ? completion_response(job.id, job.created, job.model, st.choices, st.usage)
                    : chat_response(job.id, job.created, job.model, st.choices, st.usage));
}

BatchGenerator::Sequence sequence_for(const std::shared_ptr<JobState>& st, const Run& run) {
  const Job& job = st->job;
  BatchGenerator::Sequence q;
  q.prompt = run.prompt;
  model::GenerateOptions& opt = q.options;
  opt.max_new_tokens = job.params.max_tokens;
  opt.sampling = job.params.sampling;
  opt.sampling.seed = job.seed + static_cast<uint64_t>(run.index); // n choices differ
  opt.stop = job.params.stop;
  if (job.flavor == Flavor::Chat) opt.stop.emplace_back(kChatTurnStop);
  opt.stop_at_eos = !job.params.ignore_eos;
  opt.cancel = &st->ex->cancelled();
  const bool stream = job.params.stream;
  auto utf8 = std::make_shared<Utf8Chunker>();
  if (stream) {
    q.on_start = [st, index = run.index, echo = run.echo] {
      if (st->job.flavor == Flavor::Chat)
        st->ex->stream_send(sse_event(chat_chunk(st->job.id, st->job.created, st->job.model, index,
                                                 {{"role", "assistant"}, {"content", ""}}, "")));
      if (!echo.empty()) st->ex->stream_send(sse_event(chunk(st->job, index, echo, "")));
    };
    opt.on_text = [st, utf8, index = run.index](std::string_view bytes) {
      const std::string text = utf8->push(bytes);
      if (!text.empty()) st->ex->stream_send(sse_event(chunk(st->job, index, text, "")));
    };
  }
  q.on_done = [st, utf8, run](model::GenerateResult&& r, const std::string& error) {
    if (!error.empty()) {
      st->error = error;
    } else {
      if (run.count_prompt) st->usage.prompt_tokens += r.prompt_tokens;
      st->usage.completion_tokens += r.completion_tokens;
      if (r.finish_reason == "cancelled") {
        st->cancelled = true;
      } else if (st->job.params.stream) {
        if (!st->cancelled && st->error.empty()) {
          const std::string rest = utf8->finish();
          if (!rest.empty()) st->ex->stream_send(sse_event(chunk(st->job, run.index, rest, "")));
          st->ex->stream_send(sse_event(chunk(st->job, run.index, "", r.finish_reason)));
        }
      } else {
        st->choices.push_back(
            {run.index, run.echo + model::sanitize_utf8(r.text), r.finish_reason});
      }
    }
    if (--st->remaining == 0) send_final(*st);
  };
  return q;
}

void start_job(Service& s, const std::shared_ptr<Exchange>& ex, Job job) {
  job.model = s.model_id;
  job.created = static_cast<int64_t>(std::time(nullptr));
  job.seed = job.params.seed ? *job.params.seed : std::random_device{}();
  const bool stream = job.params.stream;
  const size_t runs = job.runs.size();
  if (runs > s.generator.capacity()) // a 503 would invite retries that can never succeed
    throw invalid_request(
        fmt::format("This request asks for {} choices (prompts x n); this server decodes at most "
                    "{} at once and queues {} more (serve --batch, --max-queue).",
                    runs, s.generator.max_rows(), s.generator.capacity() - s.generator.max_rows()),
        "n", "too_many_choices");
  auto st = std::make_shared<JobState>(JobState{std::move(job), ex, s, {}, {}, runs, false, {}});
  std::vector<BatchGenerator::Sequence> sequences;
  for (const Run& run : st->job.runs) sequences.push_back(sequence_for(st, run));
  const auto r = s.generator.try_submit(std::move(sequences));
  if (r != BatchGenerator::Submit::Accepted)
    throw_unavailable(s, r == BatchGenerator::Submit::Stopped);
  // Headers go out now, so a queued streaming client sees its response begin.
  if (stream) ex->stream_open();
}

void completions(Service& s, const Request& req, const std::shared_ptr<Exchange>& ex) {
  CompletionRequest r = parse_completion_request(parse_json_body(req.body), s.limits);
  check_model(s, r.model);
  Job job{Flavor::Text, r, {}, new_response_id("cmpl-"), "", 0, 0};
  for (size_t p = 0; p < r.prompts.size(); ++p)
    for (int j = 0; j < r.n; ++j)
      job.runs.push_back({r.prompts[p], static_cast<int>(p) * r.n + j,
                          r.echo ? model::sanitize_utf8(r.prompts[p]) : "", j == 0});
  start_job(s, ex, std::move(job));
}

void chat_completions(Service& s, const Request& req, const std::shared_ptr<Exchange>& ex) {
  ChatRequest r = parse_chat_request(parse_json_body(req.body), s.limits);
  check_model(s, r.model);
  Job job{Flavor::Chat, r, {}, new_response_id("chatcmpl-"), "", 0, 0};
  const std::string prompt = render_chat_prompt(r.messages);
  for (int j = 0; j < r.n; ++j) job.runs.push_back({prompt, j, "", j == 0});
  start_job(s, ex, std::move(job));
}

} // namespace

void add_openai_routes(Router& router, Service& s) {
  router.add(
      "GET", "/health",
      [&s](const Request&, const std::string&, const std::shared_ptr<Exchange>& ex) {
        ex->reply(200, {{"status", "ok"},
                        {"model", s.model_id},
                        {"workers", s.pool.size()},
                        {"batch_rows", s.generator.max_rows()},
                        // Docstring jobs on the workers plus completions being decoded.
                        {"busy", s.pool.busy() + s.generator.running()},
                        {"queued", s.pool.queued() + s.generator.queued()},
                        {"completed", s.stats.completed.load()},
                        {"cancelled", s.stats.cancelled.load()},
                        {"rejected", s.stats.rejected.load()}});
      },
      /*open=*/true);
  router.add("GET", "/v1/models",
             [&s](const Request&, const std::string&, const std::shared_ptr<Exchange>& ex) {
               ex->reply(200, model_list(s.model_id, s.created));
             });
  router.add_prefix(
      "GET", "/v1/models/",
      [&s](const Request&, const std::string& id, const std::shared_ptr<Exchange>& ex) {
        check_model(s, id);
        ex->reply(200, model_object(s.model_id, s.created));
      });
  router.add("POST", "/v1/completions",
             [&s](const Request& req, const std::string&, const std::shared_ptr<Exchange>& ex) {
               completions(s, req, ex);
             });
  router.add("POST", "/v1/chat/completions",
             [&s](const Request& req, const std::string&, const std::shared_ptr<Exchange>& ex) {
               chat_completions(s, req, ex);
             });
}

} // namespace axl::api
