// SPDX-License-Identifier: Apache-2.0
#pragma once
// The OpenAPI 3 document of the REST API (daemon/api/openapi.json, compiled in).
#include <string_view>

namespace frontdesk::api {

std::string_view openapi_document();

}  // namespace frontdesk::api
