// SPDX-License-Identifier: Apache-2.0
#pragma once
// frontdeskd is a list of components (app/components.cpp), each a part of the daemon with the
// same four steps:
//
//   check()   validates what the part needs (configuration, files, plugins) with no side
//             effects: no database, no port, no thread. `frontdeskd --check` runs only the
//             checks; start-up runs every check before the first start, so a bad plugin or
//             rule costs no database start. What a check builds (a rule set, the loaded
//             plugins) may be kept for start().
//   start()   brings the part up, using what components before it in the list provide
//             (Services). A failure stops the components already started, in reverse.
//   stop()    ends the part's activity. Shutdown stops the started components in reverse
//             order: the inputs, last in the list, stop first; then the queues drain and
//             the workers stop; the event loop stops last.
//   reload()  applies a re-read configuration (SIGHUP, `frontdesk rules reload`).
//
// The destructor releases what start() acquired; the list is destroyed in reverse order
// after every component has stopped (so plugins unload and the database closes last).
// Adding a feature is adding a component: a file in the feature's folder implementing this
// interface, and one line in app/components.cpp.
#include <functional>
#include <memory>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace boost::asio {
class io_context;
}
namespace frontdesk::config {
struct Config;
}
namespace frontdesk::core {
class Clock;
}
namespace frontdesk::http {
class Router;
}
namespace frontdesk::ingest {
class IngestPipeline;
}
namespace frontdesk::metrics {
class Registry;
}
namespace frontdesk::plugin_host {
class PluginHost;
}
namespace frontdesk::realtime {
class Presence;
}
namespace frontdesk::rules {
class RuleStore;
}
namespace frontdesk::storage {
class Database;
}
namespace frontdesk::web {
class Site;
}

namespace frontdesk::app {

// What `frontdeskd --check` prints on success: each line, then
// "<config>: configuration OK (<summary>, ...)".
struct CheckReport {
  std::vector<std::string> lines;    // e.g. "./rules: 12 rules OK"
  std::vector<std::string> summary;  // e.g. "channels: webform, email"
};

// What the components share. The first part exists before any component starts; the rest
// is published by the component named beside it, for the components after it, through the
// accessors (which name the missing component instead of handing out a null).
struct Services {
  const config::Config& config;  // as loaded at start; reload() receives the re-read one
  const core::Clock& clock;
  boost::asio::io_context& io;  // run by the "event loop" component's threads
  metrics::Registry& metrics;
  std::shared_ptr<http::Router> router;  // complete before "HTTP" listens
  std::string node_name;  // this daemon in the database (host:pid): outbox claims, schedule runs
  // Post onto the event loop: a reload as SIGHUP does it, and a shutdown with an exit code.
  std::function<void()> request_reload;
  std::function<void(int exit_code)> request_shutdown;

  storage::Database* database = nullptr;       // "database"
  ingest::IngestPipeline* pipeline = nullptr;  // "ingest"
  plugin_host::PluginHost* plugins = nullptr;  // "channels"
  const web::Site* site = nullptr;             // "web pages"
  const rules::RuleStore* rule_store = nullptr;  // "rules": the running rule set (macros)
  realtime::Presence* presence = nullptr;       // "presence": typing and viewing signals

  [[nodiscard]] storage::Database& db() const { return need(database, "database"); }
  [[nodiscard]] ingest::IngestPipeline& ingest() const { return need(pipeline, "ingest"); }
  [[nodiscard]] plugin_host::PluginHost& channels() const { return need(plugins, "channels"); }
  [[nodiscard]] const web::Site& web() const { return need(site, "web pages"); }
  [[nodiscard]] const rules::RuleStore& rules() const { return need(rule_store, "rules"); }
  [[nodiscard]] realtime::Presence& presence_signals() const { return need(presence, "presence"); }

 private:
  template <class T>
  static T& need(T* service, std::string_view provider) {
    if (service == nullptr) {
      throw std::logic_error("component \"" + std::string(provider) + "\" must come earlier in the list");
    }
    return *service;
  }
};

class Component {
 public:
  explicit Component(Services& services) : services_(services) {}
  virtual ~Component() = default;
  Component(const Component&) = delete;
  Component& operator=(const Component&) = delete;

  // Names the component in log lines and in start-up errors ("rules: ...").
  [[nodiscard]] virtual std::string_view name() const = 0;

  virtual void check(CheckReport& report) { (void)report; }
  virtual void start() {}
  virtual void stop() {}
  // `fresh` is the re-read configuration, or null when it was rejected (what reloads from
  // elsewhere, such as the rules from their folder, still does).
  virtual void reload(const config::Config* fresh) { (void)fresh; }

 protected:
  Services& services_;
};

}  // namespace frontdesk::app
