// The OpenAI-compatible endpoints. Handlers run on the I/O thread: they parse, validate and queue;
// the model runs only inside worker jobs, which answer through the Exchange.
#include "api/api_error.h"
#include "api/chat_template.h"
#include "api/openai_responses.h"
#include "api/service.h"
#include "api/sse.h"
#include "model/tokenizer.h"

#include <cstdio>
#include <ctime>
#include <random>

namespace axl::api {

using nlohmann::json;

model::GenerateResult ModelRunner::generate(int worker, std::string_view prompt,
                                            const model::GenerateOptions& opt) {
  auto& dec = decoders_.at(static_cast<size_t>(worker));
  if (!dec) dec = std::make_unique<model::Decoder>(model_);
  return model::generate(*dec, prompt, opt);
}

void submit_or_throw(Service& service, WorkerPool::Job job) {
  switch (service.pool.try_submit(std::move(job))) {
  case WorkerPool::Submit::Accepted:
    return;
  case WorkerPool::Submit::QueueFull:
    ++service.stats.rejected;
    throw ApiError(503, "The server is busy (request queue full); retry shortly.", "server_error",
                   "", "server_overloaded");
  case WorkerPool::Submit::Stopped:
    ++service.stats.rejected;
    throw ApiError(503, "The server is shutting down.", "server_error", "", "server_shutting_down");
  }
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

// Runs on a worker thread.
void run_job(Service& s, Exchange& ex, int worker, const Job& job) {
  const bool stream = job.params.stream;
  std::vector<std::string> stops = job.params.stop;
  if (job.flavor == Flavor::Chat) stops.emplace_back(kChatTurnStop);
  Usage usage;
  std::vector<Choice> choices;
  bool cancelled = false;
  for (const auto& run : job.runs) {
    model::GenerateOptions opt;
    opt.max_new_tokens = job.params.max_tokens;
    opt.sampling = job.params.sampling;
    opt.sampling.seed = job.seed + static_cast<uint64_t>(run.index); // n choices differ
    opt.stop = stops;
    opt.stop_at_eos = !job.params.ignore_eos;
    opt.cancel = &ex.cancelled();
    Utf8Chunker utf8;
    if (stream) {
      if (job.flavor == Flavor::Chat)
        ex.stream_send(sse_event(chat_chunk(job.id, job.created, job.model, run.index,
                                            {{"role", "assistant"}, {"content", ""}}, "")));
      if (!run.echo.empty()) ex.stream_send(sse_event(chunk(job, run.index, run.echo, "")));
      opt.on_text = [&](std::string_view bytes) {
        const std::string text = utf8.push(bytes);
        if (!text.empty()) ex.stream_send(sse_event(chunk(job, run.index, text, "")));
      };
    }
    const model::GenerateResult r = s.runner.generate(worker, run.prompt, opt);
    if (run.count_prompt) usage.prompt_tokens += r.prompt_tokens;
    usage.completion_tokens += r.completion_tokens;
    if (r.finish_reason == "cancelled") {
      cancelled = true;
      break;
    }
    if (stream) {
      const std::string rest = utf8.finish();
      if (!rest.empty()) ex.stream_send(sse_event(chunk(job, run.index, rest, "")));
      ex.stream_send(sse_event(chunk(job, run.index, "", r.finish_reason)));
    } else {
      choices.push_back({run.index, run.echo + model::sanitize_utf8(r.text), r.finish_reason});
    }
  }
  if (cancelled || ex.cancelled()) {
    ++s.stats.cancelled;
    return; // the client is gone; its connection is already closing
  }
  ++s.stats.completed;
  if (stream) {
    if (job.params.include_usage)
      ex.stream_send(sse_event(
          usage_chunk(job.flavor == Flavor::Text ? "text_completion" : "chat.completion.chunk",
                      job.id, job.created, job.model, usage)));
    ex.stream_send(std::string(kSseDone));
    ex.stream_close();
  } else {
    ex.reply(200, job.flavor == Flavor::Text
                      ? completion_response(job.id, job.created, job.model, choices, usage)
                      : chat_response(job.id, job.created, job.model, choices, usage));
  }
}

void start_job(Service& s, const std::shared_ptr<Exchange>& ex, Job job) {
  job.model = s.model_id;
  job.created = static_cast<int64_t>(std::time(nullptr));
  job.seed = job.params.seed ? *job.params.seed : std::random_device{}();
  const bool stream = job.params.stream;
  submit_or_throw(s, [&s, ex, job = std::move(job)](int worker) {
    if (ex->cancelled()) { // gone while queued
      ++s.stats.cancelled;
      return;
    }
    try {
      run_job(s, *ex, worker, job);
    } catch (const std::exception& e) {
      std::fprintf(stderr, "axl-docs serve: generation failed: %s\n", e.what());
      ex->reply(500, error_body(ApiError(500, "Generation failed.", "server_error")));
    }
  });
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
                        {"busy", s.pool.busy()},
                        {"queued", s.pool.queued()},
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
