#pragma once
// What a reload cannot apply. A reload (SIGHUP) applies the log level, the rules and the SLA
// policies; every other setting is read once at start. This names the settings that differ
// between the configuration a daemon started with and the re-read one, so the log can say
// which of them wait for a restart: top-level keys ("listen", "database"), and channels one by
// one ("channels.whatsapp"). Names only: values (secrets among them) are never reported.
#include <string>
#include <string_view>
#include <vector>

namespace frontdesk::config {

// Both texts are configuration files that loaded; throws YAML::Exception otherwise.
[[nodiscard]] std::vector<std::string> changes_needing_restart(std::string_view started, std::string_view fresh);

}  // namespace frontdesk::config
