// SPDX-License-Identifier: Apache-2.0
#include "cli/api_call.hpp"

#include "api/endpoint.hpp"
#include "storage/connection.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <boost/url/encode.hpp>
#include <boost/url/rfc/unreserved_chars.hpp>

#include <algorithm>
#include <iomanip>
#include <iostream>

namespace frontdesk::cli {

namespace {

const api::Endpoint& endpoint_of(const ApiCall& call, std::span<const api::Endpoint> among) {
  const auto it = std::find_if(among.begin(), among.end(), [&call](const api::Endpoint& e) {
    return e.method == call.method && e.pattern == call.pattern;
  });
  if (it == among.end()) throw std::out_of_range("no API endpoint " + call.method + " " + call.pattern);
  return *it;
}

}  // namespace

int run_api(Context& ctx, const ApiCall& call, const std::function<void(const boost::json::object&)>& print,
            std::span<const api::Endpoint> among) {
  http::Request request;
  request.method = call.method;
  request.route_pattern = call.pattern;
  request.params = call.params;
  for (const auto& [k, v] : call.query) {
    if (!request.query.empty()) request.query += '&';
    request.query += boost::urls::encode(k, boost::urls::unreserved_chars);
    request.query += '=';
    request.query += boost::urls::encode(v, boost::urls::unreserved_chars);
  }
  request.body = boost::json::serialize(call.body);
  auto connection = ctx.connect();
  const api::Principal admin{core::Role::admin, 0, 0};
  const auto response =
      api::invoke_as(connection, admin, endpoint_of(call, among), request);
  const auto doc = boost::json::parse(response.body).as_object();
  if (response.status >= 400) {
    std::cerr << "frontdesk: " << cell(doc.at("error").at("message")) << '\n';
    return 1;
  }
  if (ctx.json) {
    std::cout << response.body << '\n';
  } else {
    print(doc);
  }
  return 0;
}

void print_table(const std::vector<std::string>& header,
                 const std::vector<std::vector<std::string>>& rows) {
  std::vector<std::size_t> width(header.size());
  for (std::size_t i = 0; i < header.size(); ++i) width[i] = header[i].size();
  for (const auto& row : rows) {
    for (std::size_t i = 0; i < row.size() && i < width.size(); ++i) {
      width[i] = std::max(width[i], std::min<std::size_t>(row[i].size(), 60));
    }
  }
  auto line = [&](const std::vector<std::string>& row) {
    for (std::size_t i = 0; i < row.size(); ++i) {
      auto text = row[i].size() > 60 ? row[i].substr(0, 57) + "..." : row[i];
      if (i + 1 < row.size()) {
        std::cout << std::left << std::setw(static_cast<int>(width[i]) + 2) << text;
      } else {
        std::cout << text;
      }
    }
    std::cout << '\n';
  };
  line(header);
  for (const auto& row : rows) line(row);
}

std::string cell(const boost::json::value& v) {
  if (v.is_null()) return "-";
  if (v.is_string()) return std::string(v.get_string());
  return boost::json::serialize(v);
}

}  // namespace frontdesk::cli
