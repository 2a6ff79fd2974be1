// SPDX-License-Identifier: Apache-2.0
#include "plugin_host/plugin_host.hpp"

#include "config/channel_config.hpp"
#include "config/config.hpp"
#include "realtime/presence.hpp"
#include "storage/database.hpp"

#include <boost/json.hpp>
#include <fmt/ranges.h>
#include <spdlog/spdlog.h>

#include <array>
#include <span>
#include <utility>

namespace frontdesk::plugin_host {

namespace {

constexpr std::size_t kErrorBufferSize = 1024;

std::string join_lines(const std::vector<std::string>& lines) {
  std::string out;
  for (const auto& line : lines) {
    if (!out.empty()) out += '\n';
    out += line;
  }
  return out;
}

// Hands the plugin of `host` the agents' typing on its channel's tickets, from any daemon.
std::uint64_t subscribe_typing(fd_host& host) {
  return host.presence->subscribe([&host](const realtime::Signal& s) {
    if (s.kind != realtime::Signal::Kind::typing || !s.from_agent || s.channel != host.channel) return;
    host.typing_handler(host.typing_user, s.ticket_id, fd_str{s.actor_name.data(), s.actor_name.size()});
  });
}

}  // namespace

PluginHost::PluginHost(const config::Config& config) {
  std::vector<std::string> errors;
  for (const auto& [name, channel] : config.channels) {
    const auto path = config.plugins_dir / (name + ".so");
    if (!channel.enabled && !std::filesystem::exists(path)) continue;
    try {
      auto library = std::make_unique<PluginLibrary>(path, name);
      const auto& d = library->descriptor();
      std::vector<std::string> key_errors;
      auto json = config::validate_channel_settings(
          channel, std::span<const fd_config_key>(d.config_keys, d.config_key_count), key_errors);
      errors.insert(errors.end(), key_errors.begin(), key_errors.end());
      if (channel.enabled && key_errors.empty()) {
        plugins_.push_back({std::move(library), name, std::move(json), nullptr, nullptr, false, nullptr});
      }
    } catch (const PluginError& e) {
      if (channel.enabled) {
        errors.push_back(channel.file + ":" + std::to_string(channel.line) + ": channels." + name +
                         ": " + e.what());
      } else {
        spdlog::warn("channels.{} is disabled and its plugin does not load: {}", name, e.what());
      }
    }
  }
  if (!errors.empty()) throw PluginError(join_lines(errors));
}

PluginHost::~PluginHost() {
  stop_all();
  destroy_all();
}

void PluginHost::create_all(const HostServices& services) {
  for (auto& p : plugins_) {
    p.host = std::make_unique<fd_host>();
    p.host->channel = p.name;
    p.host->router = &services.router;
    p.host->pipeline = &services.pipeline;
    p.host->io = &services.io;
    p.host->db = &services.db;
    p.host->site = services.site;
    p.host->presence = &services.presence;

    std::array<char, kErrorBufferSize> err{};
    const fd_str config{p.config_json.data(), p.config_json.size()};
    p.state = p.library->descriptor().create(&host_api(), p.host.get(), config, err.data(),
                                             err.size());
    p.host->accepting_routes = false;
    if (p.state == nullptr) {
      err.back() = '\0';
      const std::string reason = err[0] ? err.data() : "no reason given";
      destroy_all();
      throw PluginError("plugin " + p.library->path().string() + " failed to configure: " + reason);
    }
    spdlog::info("plugin {} {} loaded from {}", p.name, p.library->descriptor().version,
                 p.library->path().string());
  }
}

void PluginHost::start_all() {
  for (auto& p : plugins_) {
    if (p.state == nullptr || p.started || p.library->descriptor().start == nullptr) continue;
    std::array<char, kErrorBufferSize> err{};
    if (p.library->descriptor().start(p.state, err.data(), err.size()) != 0) {
      err.back() = '\0';
      stop_all();
      throw PluginError("plugin " + p.name + " failed to start: " + std::string(err.data()));
    }
    p.started = true;
    if (p.host->broadcast_handler != nullptr && p.host->db != nullptr) {
      p.broadcasts = std::make_unique<BroadcastRelay>(p.host->db->conninfo(), p.name, p.host->broadcast_handler,
                                                      p.host->broadcast_user);
      p.broadcasts->start();
    }
    if (p.host->typing_handler != nullptr) p.typing = subscribe_typing(*p.host);
  }
}

void PluginHost::stop_all() {
  for (auto& p : plugins_) {
    if (p.host) p.host->accepting_input = false;
    p.broadcasts.reset();  // its handler calls into the plugin: gone before the plugin stops
    if (p.typing != 0) p.host->presence->unsubscribe(std::exchange(p.typing, 0));
    if (!p.started) continue;
    if (p.library->descriptor().stop) p.library->descriptor().stop(p.state);
    p.started = false;
  }
}

void PluginHost::destroy_all() {
  for (auto& p : plugins_) {
    if (p.state == nullptr) continue;
    p.library->descriptor().destroy(p.state);
    p.state = nullptr;
  }
}

namespace {

void delivered(void* user, fd_delivery_status status, fd_str provider_id, fd_str error) {
  std::unique_ptr<std::function<void(const DeliveryResult&)>> done(
      static_cast<std::function<void(const DeliveryResult&)>*>(user));
  DeliveryResult r;
  r.status = status;
  if (provider_id.data) r.provider_id.assign(provider_id.data, provider_id.size);
  if (error.data) r.error.assign(error.data, error.size);
  (*done)(r);
}

}  // namespace

bool PluginHost::has_channel(std::string_view channel) const {
  for (const auto& p : plugins_) {
    if (p.name == channel && p.state != nullptr) return true;
  }
  return false;
}

void PluginHost::deliver(std::string_view channel, const Outbound& m,
                         std::function<void(const DeliveryResult&)> done) {
  for (auto& p : plugins_) {
    if (p.name != channel || p.state == nullptr || p.library->descriptor().deliver == nullptr) {
      continue;
    }
    const fd_outbound_message c = sdk::detail::outbound_view(m);
    auto* user = new std::function<void(const DeliveryResult&)>(std::move(done));
    p.library->descriptor().deliver(p.state, &c, delivered, user);
    return;
  }
  done(DeliveryResult{FD_DELIVERY_PERMANENT, "", "channel '" + std::string(channel) + "' cannot send"});
}

void PluginHost::reload(const config::Config& fresh) {
  for (auto& p : plugins_) {
    const auto keys = p.library->reloadable_keys();
    const auto channel = fresh.channels.find(p.name);
    if (p.state == nullptr || keys.empty() || channel == fresh.channels.end() || !channel->second.enabled) continue;
    const auto& d = p.library->descriptor();
    std::vector<std::string> errors;
    const auto wanted = config::validate_channel_settings(
        channel->second, std::span<const fd_config_key>(d.config_keys, d.config_key_count), errors);
    if (!errors.empty()) {
      spdlog::error("reload: channels.{} not applied: {}", p.name, join_lines(errors));
      continue;
    }
    auto running = boost::json::parse(p.config_json).as_object();
    const auto incoming = boost::json::parse(wanted).as_object();
    std::vector<std::string> changed;
    for (const char* key : keys) {
      const auto* value = incoming.if_contains(key);
      if (value == nullptr || running[key] == *value) continue;
      running[key] = *value;
      changed.emplace_back(key);
    }
    if (changed.empty()) continue;
    const auto merged = boost::json::serialize(running);
    std::array<char, kErrorBufferSize> err{};
    if (p.library->reconfigure()(p.state, fd_str{merged.data(), merged.size()}, err.data(), err.size()) != 0) {
      err.back() = '\0';
      spdlog::error("reload: channels.{}: {} not applied: {}", p.name, fmt::join(changed, ", "), err.data());
      continue;
    }
    p.config_json = merged;
    spdlog::info("reload: channels.{}: {} applied", p.name, fmt::join(changed, ", "));
  }
}

std::map<std::string, std::vector<std::string>, std::less<>> PluginHost::reloadable_keys() const {
  std::map<std::string, std::vector<std::string>, std::less<>> out;
  for (const auto& p : plugins_) {
    if (p.state == nullptr) continue;
    const auto keys = p.library->reloadable_keys();
    if (!keys.empty()) out[p.name].assign(keys.begin(), keys.end());
  }
  return out;
}

std::vector<std::string> PluginHost::channel_names() const {
  std::vector<std::string> names;
  for (const auto& p : plugins_) names.push_back(p.name);
  return names;
}

}  // namespace frontdesk::plugin_host
