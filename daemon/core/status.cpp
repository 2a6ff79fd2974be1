// SPDX-License-Identifier: Apache-2.0
#include "core/status.hpp"

#include <cstddef>
#include <cstdint>

namespace frontdesk::core {
namespace {

constexpr std::size_t status_count = EnumNames<Status>::names.size();

// status_transitions as one bit per (from, to): bit `to` of row `from`.
using TransitionMatrix = std::array<std::uint32_t, status_count>;

constexpr TransitionMatrix build_matrix() {
  TransitionMatrix matrix{};
  for (const Transition& t : status_transitions) {
    matrix[static_cast<std::size_t>(t.from)] |= 1U << static_cast<unsigned>(t.to);
  }
  return matrix;
}

constexpr TransitionMatrix transition_matrix = build_matrix();

// The table is written by hand: make sure it holds no self-transition and no pair twice.
constexpr bool table_is_well_formed() {
  for (std::size_t i = 0; i < status_transitions.size(); ++i) {
    if (status_transitions[i].from == status_transitions[i].to) {
      return false;
    }
    for (std::size_t j = i + 1; j < status_transitions.size(); ++j) {
      if (status_transitions[i].from == status_transitions[j].from &&
          status_transitions[i].to == status_transitions[j].to) {
        return false;
      }
    }
  }
  return true;
}
static_assert(table_is_well_formed(), "status_transitions has a self-transition or a duplicate");

std::string join_targets(Status from) {
  std::string out;
  for (const Status target : allowed_targets(from)) {
    if (!out.empty()) {
      out += ", ";
    }
    out += to_string(target);
  }
  return out.empty() ? std::string("none") : out;
}

}  // namespace

bool can_transition(Status from, Status to) noexcept {
  const auto row = static_cast<std::size_t>(from);
  const auto column = static_cast<unsigned>(to);
  if (row >= status_count || column >= status_count) {
    return false;
  }
  return ((transition_matrix[row] >> column) & 1U) != 0;
}

std::vector<Status> allowed_targets(Status from) {
  std::vector<Status> targets;
  for (const Status to : enum_values<Status>()) {
    if (can_transition(from, to)) {
      targets.push_back(to);
    }
  }
  return targets;
}

TransitionResult check_transition(Status from, Status to) {
  if (can_transition(from, to)) {
    return {};
  }
  std::string message = "cannot change status from '";
  message += to_string(from);
  message += "' to '";
  message += to_string(to);
  message += "'";
  if (from == to) {
    message += ": the ticket already has that status";
  }
  message += " (allowed from '";
  message += to_string(from);
  message += "': ";
  message += join_targets(from);
  message += ')';
  return Unexpected(TransitionError{from, to, std::move(message)});
}

bool is_open(Status status) noexcept { return status != Status::closed; }

bool is_active(Status status) noexcept {
  switch (status) {
    case Status::assigned:
    case Status::in_progress:
    case Status::waiting_customer:
    case Status::waiting_internal:
    case Status::escalated:
    case Status::reopened:
      return true;
    case Status::open:
    case Status::resolved:
    case Status::closed:
      return false;
  }
  return false;
}

}  // namespace frontdesk::core
