// SPDX-License-Identifier: Apache-2.0
#pragma once
// The ingest pipeline every channel hands its inbound messages to ("ingest"), and its drain
// at shutdown ("ingest drain"): placed after the workers in the list, so that once the
// inputs have stopped, the messages still queued are stored and answered before the
// workers and the event loop stop.
#include "app/component.hpp"

#include <memory>

namespace frontdesk::app {

class IngestComponent final : public Component {
 public:
  explicit IngestComponent(Services& services);
  ~IngestComponent() override;

  [[nodiscard]] std::string_view name() const override { return "ingest"; }
  void start() override;

 private:
  std::unique_ptr<ingest::IngestPipeline> pipeline_;
};

class IngestDrainComponent final : public Component {
 public:
  using Component::Component;
  [[nodiscard]] std::string_view name() const override { return "ingest drain"; }
  // Blocks until every submitted message has been answered (answers run on the event loop).
  void stop() override;
};

}  // namespace frontdesk::app
