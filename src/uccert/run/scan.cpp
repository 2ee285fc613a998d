#include "uccert/run/scan.h"

#include <fmt/format.h>

#include <asio/co_spawn.hpp>
#include <asio/detached.hpp>
#include <asio/executor_work_guard.hpp>
#include <asio/steady_timer.hpp>
#include <asio/thread_pool.hpp>
#include <asio/use_awaitable.hpp>

#include <algorithm>
#include <cmath>
#include <thread>

#include "uccert/acquire/context.h"
#include "uccert/acquire/endpoint.h"
#include "uccert/acquire/file.h"
#include "uccert/profiles/select.h"
#include "uccert/report/endpoint_notes.h"
#include "uccert/run/judge_setup.h"

namespace uccert::run {

namespace {

using acquire::Clock;

// A finished target and its rendering, as a worker hands it back to the loop.
struct Finished {
  report::ScanItem item;
  std::string rendered;
};

struct Scan {
  const ScanRequest& request;
  const ScanCallbacks& callbacks;
  const profiles::ProfileSet& profile_set;
  pki::UnixTime at = 0;
  acquire::AcquireContext& context;
  asio::thread_pool& workers;
  const evidence::TrustInputs& trust;
  const std::vector<std::string>& trust_notes;
  // Every target's clients trust the same stores: each trust set is indexed once per scan.
  verify::AnchorSetCache& anchor_sets;
  Clock::time_point next_start{};  // --rate: when the next connection attempt may start
  // Keeps the loop running while targets wait on a worker thread; let go by the last worker.
  std::optional<asio::executor_work_guard<asio::io_context::executor_type>> busy;
  int workers_left = 0;

  double seconds_since(Clock::time_point t) const { return std::chrono::duration<double>(Clock::now() - t).count(); }

  // --rate: each connection attempt takes the next free slot, 1/rate seconds after the last.
  asio::awaitable<void> wait_for_rate() {
    if (!(request.rate > 0)) co_return;
    const auto now = Clock::now();
    const auto slot = std::max(now, next_start);
    next_start = slot + std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(1.0 / request.rate));
    if (slot <= now) co_return;
    asio::steady_timer timer(context.io(), slot);
    co_await timer.async_wait(asio::use_awaitable);
  }

  // Judges on a worker thread and renders there too; the loop gets both back.
  asio::awaitable<Finished> judge_on_worker(report::ScanItem item, std::optional<evidence::Evidence> evidence,
                                            const CheckRequest& r, std::vector<const profiles::ClientProfile*> clients,
                                            Clock::time_point started) {
    auto work = [&, item = std::move(item), evidence = std::move(evidence)]() mutable -> asio::awaitable<Finished> {
      Finished f;
      f.item = std::move(item);
      try {
        rules::JudgeOptions options;
        options.at = at;
        options.expiry_warn_days = r.warn_days;
        options.expiry_fail_days = r.fail_days;
        options.pool = &context.pool();
        options.anchor_sets = &anchor_sets;
        if (!evidence) {
          pki::LoadOptions load;
          load.password = request.password;
          load.missing_password_hint = request.missing_password_hint;
          load.pool = &context.pool();
          auto ev = acquire::acquire_file(r.target, r.name, load, at);
          if (ev) evidence = std::move(ev.value());
          else f.item.error = ev.error().message;
        }
        if (evidence) {
          auto check = judge_evidence(std::move(*evidence), clients, trust, options);
          check.notes = trust_notes;
          check.probe_seconds = f.item.probe_seconds;
          if (check.evidence.endpoint)
            for (auto& n : report::endpoint_notes(*check.evidence.endpoint)) check.notes.push_back(std::move(n));
          f.item.check = std::move(check);
        }
      } catch (const std::exception& e) {
        // A broken invariant costs this target, never the scan or its other results.
        f.item.check.reset();
        f.item.error = std::string("internal error: ") + e.what();
      }
      f.item.seconds = seconds_since(started);
      f.rendered = callbacks.render(f.item);
      co_return f;
    };
    co_return co_await asio::co_spawn(workers, std::move(work), asio::use_awaitable);
  }

  // Probes with the target's --timeout as its one deadline, refused connections retried within it.
  asio::awaitable<Result<evidence::Evidence>> probe(const net::HostPort& endpoint, const CheckRequest& r,
                                                    report::ScanItem& item) {
    co_await wait_for_rate();
    const auto started = Clock::now();
    const auto deadline = started + std::chrono::duration_cast<Clock::duration>(
                                        std::chrono::duration<double>(r.endpoint.timeout_seconds));
    auto backoff = std::chrono::duration_cast<Clock::duration>(request.backoff);
    for (int attempt = 1;; ++attempt) {
      if (attempt > 1) co_await wait_for_rate();
      acquire::EndpointOptions options = r.endpoint;
      const double left = std::chrono::duration<double>(deadline - Clock::now()).count();
      options.timeout_seconds = std::max(0.001, left);
      const auto probe_started = Clock::now();
      auto ev = co_await acquire::acquire_endpoint_async(context, endpoint, r.name, options, request.password);
      item.attempts = attempt;
      item.probe_seconds = seconds_since(probe_started);
      if (ev || !net::is_connection_refused(ev.error()) || attempt > request.retries) co_return ev;
      if (Clock::now() + backoff >= deadline) co_return ev;
      asio::steady_timer timer(context.io(), backoff);
      co_await timer.async_wait(asio::use_awaitable);
      backoff *= 2;
    }
  }

  asio::awaitable<void> scan_one(ScanTarget target) {
    const auto started = Clock::now();
    CheckRequest& r = target.request;
    report::ScanItem item;
    item.line = target.line;
    item.target = r.target;
    auto finish_unevaluated = [&](const Error& e) {
      item.error = e.message;
      item.seconds = seconds_since(started);
      std::string rendered = callbacks.render(item);
      callbacks.done(item, std::move(rendered));
    };
    const auto endpoint = acquire::endpoint_target(r.target);
    if (auto s = prepare_check_request(r, endpoint); !s) co_return finish_unevaluated(s.error());
    item.name = r.name;
    auto clients = profiles::select_profiles(profile_set, r.profile_ids);
    if (!clients) co_return finish_unevaluated(clients.error());
    std::optional<evidence::Evidence> evidence;
    if (endpoint) {
      auto ev = co_await probe(*endpoint, r, item);
      if (!ev) co_return finish_unevaluated(ev.error());
      evidence = std::move(ev.value());
    }
    auto f = co_await judge_on_worker(std::move(item), std::move(evidence), r, std::move(clients.value()), started);
    callbacks.done(f.item, std::move(f.rendered));
  }

  asio::awaitable<void> worker() {
    while (auto next = callbacks.next()) {
      if (!*next) {
        callbacks.refused(next->error());
        continue;
      }
      co_await scan_one(std::move(next->value()));
    }
    if (--workers_left == 0) busy.reset();
  }
};

Status check_scan_request(const ScanRequest& r) {
  if (r.concurrency < 1 || r.concurrency > 100000)
    return Error{fmt::format("--concurrency {}: give a number from 1 to 100000", r.concurrency)};
  if (r.jobs < 0 || r.jobs > 1024) return Error{fmt::format("--jobs {}: give a number from 1 to 1024", r.jobs)};
  if (std::isnan(r.rate) || r.rate < 0 || r.rate > 1e6)
    return Error{fmt::format("--rate {}: give connection attempts per second, above 0", r.rate)};
  if (r.retries < 0 || r.retries > 10) return Error{fmt::format("--retries {}: give a number from 0 to 10", r.retries)};
  return Ok{};
}

}  // namespace

Status run_scan(const ScanRequest& request, const ScanCallbacks& callbacks) {
  if (auto s = check_scan_request(request); !s) return s;
  auto setup = make_judge_setup(request.at, request.profiles_file, {});
  if (!setup) return setup.error();
  const profiles::ProfileSet& profile_set = setup->loaded ? *setup->loaded : profiles::builtin_profiles();

  acquire::AcquireContext context;
  auto trust_loading = acquire::start_loading_trust(request.trust, &context.pool());
  if (!trust_loading) return trust_loading.error();
  auto trust = trust_loading->get();
  if (!trust) return trust.error();

  const unsigned cores = std::max(1U, std::thread::hardware_concurrency());
  asio::thread_pool workers(request.jobs > 0 ? static_cast<std::size_t>(request.jobs) : cores);
  verify::AnchorSetCache anchor_sets;
  Scan scan{request,       callbacks,     profile_set, setup->at, context, workers, trust->inputs,
            trust->notes,  anchor_sets,   {},          {},        0};
  scan.busy.emplace(context.io().get_executor());
  scan.workers_left = request.concurrency;
  for (int i = 0; i < request.concurrency; ++i) asio::co_spawn(context.io(), scan.worker(), asio::detached);
  context.run();
  workers.join();
  return Ok{};
}

}  // namespace uccert::run
