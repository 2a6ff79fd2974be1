// SPDX-License-Identifier: Apache-2.0
#include "http/cross_origin.hpp"

#include <algorithm>

namespace frontdesk::http {

std::optional<std::string> CrossOrigin::allowed(std::optional<std::string_view> origin,
                                                std::string_view path) const {
  if (!origin || std::find(origins.begin(), origins.end(), *origin) == origins.end())
    return std::nullopt;
  const bool listed = std::any_of(paths.begin(), paths.end(), [path](const std::string& p) {
    return p.ends_with('/') ? path.starts_with(p) : path == p;
  });
  if (!listed) return std::nullopt;
  return std::string(*origin);
}

}  // namespace frontdesk::http
