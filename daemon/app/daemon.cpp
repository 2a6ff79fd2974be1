#include "app/daemon.hpp"

#include "api/routes.hpp"
#include "app/health_routes.hpp"
#include "app/logging.hpp"
#include "app/service_notifier.hpp"
#include "config/config_loader.hpp"
#include "core/clock.hpp"
#include "http/router.hpp"
#include "http/server.hpp"
#include "ingest/pipeline.hpp"
#include "metrics/http_metrics.hpp"
#include "metrics/ingest_metrics.hpp"
#include "outbox/outbox_worker.hpp"
#include "plugin_host/plugin_host.hpp"
#include "rules/loader.hpp"
#include "rules/rule_store.hpp"
#include "rules/runtime/rules_runtime.hpp"
#include "sla/policy_config.hpp"
#include "sla/sla_scheduler.hpp"
#include "storage/connection.hpp"
#include "storage/database.hpp"
#include "storage/embedded_cluster.hpp"
#include "storage/migrations.hpp"

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>
#include <spdlog/spdlog.h>

#include <future>
#include <iostream>
#include <thread>

namespace frontdesk::app {

namespace asio = boost::asio;

struct Daemon::State {
  config::Config config;
  std::filesystem::path config_path;
  ServiceNotifier notifier;
  core::SystemClock clock;

  // Declared in start-up order; destroyed in reverse.
  std::unique_ptr<storage::EmbeddedCluster> cluster;
  std::unique_ptr<storage::Database> db;
  metrics::Registry metrics;  // outlives the server that feeds it and the routes that read it
  asio::io_context io;
  std::optional<asio::executor_work_guard<asio::io_context::executor_type>> work;
  std::vector<std::thread> threads;
  std::unique_ptr<plugin_host::PluginHost> plugins;
  std::shared_ptr<http::Router> router;  // complete before the server starts
  std::unique_ptr<ingest::IngestPipeline> pipeline;
  std::unique_ptr<api::ApiContext> api;
  std::unique_ptr<http::Server> server;
  std::unique_ptr<outbox::OutboxWorker> outbox;
  std::shared_ptr<const sla::PolicySet> sla_policies;
  std::unique_ptr<sla::SlaScheduler> sla;
  std::unique_ptr<rules::RuleStore> rules;
  std::unique_ptr<rules::runtime::RulesRuntime> rules_runtime;
  std::optional<asio::signal_set> signals;
  std::optional<asio::steady_timer> watchdog;
  std::promise<int> exit_code;
  bool stopping = false;
};

namespace {

template <class F>
void step(std::string_view name, F&& f) {
  spdlog::debug("start-up: {}", name);
  try {
    f();
  } catch (const std::exception& e) {
    throw std::runtime_error(std::string(name) + ": " + e.what());
  }
}

void open_database(Daemon::State& s) {
  std::string conninfo = s.config.database.url;
  if (conninfo.empty()) {
    s.cluster = std::make_unique<storage::EmbeddedCluster>(s.config.state_dir);
    s.cluster->start();
    conninfo = s.cluster->conninfo();
    spdlog::info("embedded PostgreSQL running under {}", (s.config.state_dir / "pg").string());
  }
  s.db = std::make_unique<storage::Database>(conninfo, static_cast<std::size_t>(s.config.database.pool_size));
}

void migrate(Daemon::State& s) {
  s.db->run_sync([](storage::Connection& c) {
    const auto applied = storage::migrate(c, storage::builtin_migrations());
    for (int v : applied) spdlog::info("applied migration {:04}", v);
  });
}

// fd_reply_route dead-letters replies for channels no daemon here sends on.
void record_channels(Daemon::State& s) {
  std::string enabled;
  std::string disabled;
  for (const auto& [name, channel] : s.config.channels) {
    auto& list = channel.enabled ? enabled : disabled;
    list += (list.empty() ? "" : ",") + name;
  }
  s.db->run_sync([&](storage::Connection& c) { c.exec("SELECT fd_record_channels($1, $2)", enabled, disabled); });
}

void start_outbox(Daemon::State& s) {
  const auto& c = s.config.outbox;
  outbox::OutboxOptions options;
  options.workers = c.workers;
  options.batch_size = c.batch_size;
  options.max_attempts = c.max_attempts;
  options.backoff_base = c.backoff_base;
  options.backoff_max = c.backoff_max;
  options.lease = c.lease;
  options.poll_interval = c.poll_interval;
  options.channels = s.plugins->channel_names();
  auto deliver = [&plugins = *s.plugins](const std::string& channel, const plugin_host::Outbound& m,
                                         std::function<void(const plugin_host::DeliveryResult&)> done) {
    plugins.deliver(channel, m, std::move(done));
  };
  s.outbox = std::make_unique<outbox::OutboxWorker>(*s.db, s.clock, options, std::move(deliver));
  s.outbox->start();
}

void arm_watchdog(Daemon::State& s) {
  const auto interval = ServiceNotifier::watchdog_interval();
  if (!interval) return;
  s.watchdog.emplace(s.io);
  // Pinged from the event loop itself, so a stuck loop stops the pings and systemd restarts.
  auto tick = std::make_shared<std::function<void()>>();
  *tick = [&s, interval, tick] {
    s.notifier.watchdog();
    s.watchdog->expires_after(*interval);
    s.watchdog->async_wait([tick](const boost::system::error_code& ec) {
      if (!ec) (*tick)();
    });
  };
  (*tick)();
}

// Like the rules: the new SLA policies are compiled beside the running ones and swapped in
// only if the whole `sla:` section is clean.
void reload_sla(Daemon::State& s, const config::SlaConfig& sla) {
  if (!s.sla) return;
  try {
    auto fresh = sla::compile_policies(sla);
    const auto count = fresh->policies().size();
    s.sla->replace_policies(std::move(fresh));
    spdlog::info("reload: {} SLA policies loaded (with the built-in default)", count);
  } catch (const std::exception& e) {
    spdlog::error("reload: SLA policies rejected, the running ones stay:\n{}", e.what());
  }
}

void reload(Daemon::State& s) {
  s.notifier.reloading();
  try {
    const auto fresh = config::load_config(s.config_path);
    set_log_level(fresh.log_level);
    spdlog::info("reload: configuration re-read; log level {}", core::to_string(fresh.log_level));
    reload_sla(s, fresh.sla);
  } catch (const std::exception& e) {
    spdlog::error("reload rejected, the running configuration stays: {}", e.what());
  }
  // The new rule set is built beside the running one and swapped in only if it is clean.
  if (s.rules) {
    if (const auto errors = s.rules->reload(s.config.rules_dir); errors.empty()) {
      spdlog::info("reload: {} rules loaded from {}", s.rules->current()->rules().size(), s.config.rules_dir.string());
    } else {
      spdlog::error("reload: rules rejected, the running set stays:\n{}", errors);
    }
  }
  s.notifier.ready();
}

void shutdown(Daemon::State& s, int code) {
  if (s.stopping) return;
  s.stopping = true;
  spdlog::info("shutting down");
  s.notifier.stopping();
  if (s.watchdog) s.watchdog->cancel();
  if (s.plugins) s.plugins->stop_all();
  s.server->stop_accepting();
  s.server->drain([&s, code] { s.exit_code.set_value(code); });
}

// Signal handlers only post work to the event loop; nothing runs in signal context.
void watch_signals(Daemon::State& s) {
  s.signals->async_wait([&s](const boost::system::error_code& ec, int signo) {
    if (ec) return;
    if (signo == SIGHUP) {
      reload(s);
      watch_signals(s);
      return;
    }
    spdlog::info("received {}", signo == SIGTERM ? "SIGTERM" : "SIGINT");
    shutdown(s, 0);
  });
}

}  // namespace

Daemon::Daemon(config::Config config, std::filesystem::path config_path)
    : state_(std::make_unique<State>()) {
  state_->config = std::move(config);
  state_->config_path = std::move(config_path);
}

Daemon::~Daemon() {
  auto& s = *state_;
  // Shutdown order: inputs are already stopped and HTTP drained; finish ingest, stop the
  // event loop, then unload plugins, close the database and stop the embedded cluster.
  if (s.pipeline) s.pipeline->wait_idle();
  // Deliveries in flight may need the event loop (plugins using io_context), so the outbox
  // stops while it still runs.
  if (s.outbox) s.outbox->stop();
  if (s.sla) s.sla->stop();
  if (s.rules_runtime) s.rules_runtime->stop();
  s.work.reset();
  s.io.stop();
  for (auto& t : s.threads) t.join();
  s.server.reset();
  if (s.plugins) s.plugins->destroy_all();
  s.pipeline.reset();
  s.router.reset();
  s.plugins.reset();
  if (s.db) s.db->stop();
  s.db.reset();
  if (s.cluster) s.cluster->stop();
}

int Daemon::run() {
  auto& s = *state_;
  // Plugins are checked first: a bad plugin must not cost a database start-up.
  step("load plugins", [&] { s.plugins = std::make_unique<plugin_host::PluginHost>(s.config); });
  step("compile SLA policies", [&] { s.sla_policies = sla::compile_policies(s.config.sla); });
  step("load rules", [&] { s.rules = std::make_unique<rules::RuleStore>(rules::load_rule_set(s.config.rules_dir)); });
  step("open database", [&] { open_database(s); });
  step("migrate schema", [&] { migrate(s); });
  step("record channels", [&] { record_channels(s); });

  s.router = std::make_shared<http::Router>();
  // A lane commits one group at a time, and a group costs PostgreSQL much the same whether it
  // holds 15 messages or 30: on 2 cores one lane (half the cores) took a fifth less CPU per
  // message than two under the webhook bench, and left the other core to HTTP and the rules.
  const std::size_t lanes = std::max(1U, std::thread::hardware_concurrency() / 2);
  s.pipeline = std::make_unique<ingest::IngestPipeline>(*s.db, s.clock, s.io.get_executor(),
                                                        ingest::PipelineOptions{.lanes = lanes});
  s.api = std::make_unique<api::ApiContext>(api::ApiContext{*s.db, s.config.bootstrap_admin_token});
  register_health_routes(*s.router, *s.db);
  api::register_routes(*s.router, *s.api);
  metrics::register_metrics_route(*s.router, s.metrics, *s.db);
  metrics::add_ingest_collector(s.metrics, *s.pipeline);
  metrics::add_ingest_latency(s.metrics, *s.pipeline);
  step("create plugins", [&] { s.plugins->create_all({*s.router, *s.pipeline, s.io, *s.db}); });

  http::ServerOptions options;
  options.host = s.config.listen.host;
  options.port = s.config.listen.port;
  options.body_limit = s.config.http.body_limit;
  options.header_timeout = s.config.http.header_timeout;
  options.idle_timeout = s.config.http.idle_timeout;
  options.request_timeout = s.config.http.request_timeout;
  s.server = std::make_unique<http::Server>(s.io, s.router, options);
  s.server->on_response(metrics::http_response_hook(s.metrics));
  // Signals are caught before the port opens: a SIGTERM sent as soon as /healthz answers
  // must drain, not kill.
  s.signals.emplace(s.io, SIGTERM, SIGINT, SIGHUP);
  watch_signals(s);
  step("listen", [&] { s.server->start(); });

  s.work.emplace(s.io.get_executor());
  const auto n = static_cast<std::size_t>(config::resolve_thread_count(s.config.threads));
  for (std::size_t i = 0; i < n; ++i) s.threads.emplace_back([&s] { s.io.run(); });

  step("start plugins", [&] { s.plugins->start_all(); });
  step("start outbox", [&] { start_outbox(s); });
  step("start SLA scheduler", [&] {
    s.sla = std::make_unique<sla::SlaScheduler>(*s.db, s.clock, s.sla_policies);
    s.sla->start();
  });
  step("start rules", [&] {
    rules::runtime::RuntimeOptions rules_options;
    rules_options.metrics = &s.metrics;
    rules_options.node_name = s.outbox->worker_id();  // one name per daemon in the database
    s.rules_runtime =
        std::make_unique<rules::runtime::RulesRuntime>(s.db->conninfo(), *s.rules, s.clock, rules_options);
    // `frontdesk rules reload` reaches every daemon through NOTIFY; reload runs on the loop.
    s.rules_runtime->on_reload_request([&s] { asio::post(s.io, [&s] { reload(s); }); });
    s.rules_runtime->start();
  });

  arm_watchdog(s);

  spdlog::info("frontdeskd listening on http://{}:{} (channels: {})", s.config.listen.host,
               s.server->local_port(), fmt::join(s.plugins->channel_names(), ", "));
  s.notifier.ready("serving");
  const int code = s.exit_code.get_future().get();
  asio::post(s.io, [&s] { s.signals->cancel(); });
  return code;
}

int check(const std::filesystem::path& config_path) {
  try {
    const auto cfg = config::load_config(config_path);
    plugin_host::PluginHost plugins(cfg);
    (void)sla::compile_policies(cfg.sla);
    const auto rule_set = rules::load_rule_set(cfg.rules_dir);
    std::cout << cfg.rules_dir.string() << ": " << rule_set->rules().size() << " rules OK\n";
    std::cout << config_path.string() << ": configuration OK (channels: "
              << fmt::format("{}", fmt::join(plugins.channel_names(), ", ")) << ")\n";
    return 0;
  } catch (const std::exception& e) {
    std::cerr << e.what() << '\n';
    return 1;
  }
}

}  // namespace frontdesk::app
