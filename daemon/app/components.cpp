// SPDX-License-Identifier: Apache-2.0
#include "app/components.hpp"

#include "app/channels_component.hpp"
#include "app/database_component.hpp"
#include "app/event_loop_component.hpp"
#include "app/http_component.hpp"
#include "app/ingest_component.hpp"
#include "app/routes_component.hpp"
#include "app/watchdog_component.hpp"
#include "canned/canned_component.hpp"
#include "console/console_component.hpp"
#include "events/events_component.hpp"
#include "kb/kb_component.hpp"
#include "notifications/notifications_component.hpp"
#include "outbox/outbox_component.hpp"
#include "portal/portal_component.hpp"
#include "realtime/presence_component.hpp"
#include "rules/runtime/rules_component.hpp"
#include "signin/signin_component.hpp"
#include "sla/sla_component.hpp"
#include "web/web_component.hpp"
#include "status/status_component.hpp"
#include "widget/widget_component.hpp"

namespace frontdesk::app {

namespace {

template <class... C>
ComponentList list_of(Services& services) {
  ComponentList list;
  (list.push_back(std::make_unique<C>(services)), ...);
  return list;
}

}  // namespace

// Start-up walks this list top to bottom (every check first, then every start); shutdown
// walks it bottom to top: the inputs (last here) stop first, the queued messages drain, the
// workers and the event loop stop; then the list is destroyed bottom to top, which unloads
// the plugins and closes the database last. A new feature adds its line where what it
// needs is already up and what it feeds stops after it.
ComponentList make_components(Services& services) {
  return list_of<                      //
      DatabaseComponent,               // embedded PostgreSQL if asked, the connection pool
      SchemaComponent,                 // pending migrations
      EventLoopComponent,              // the io_context's threads
      SignalsComponent,                // SIGHUP reloads, SIGTERM/SIGINT shut down
      IngestComponent,                 // the pipeline the channels submit to
      HealthRoutesComponent,           // /healthz, /readyz
      ApiComponent,                    // /api/v1
      web::WebComponent,               // page templates, catalogues, /assets
      kb::KbComponent,                 // /api/v1/support/kb, the help center /help
      signin::SignInComponent,         // /api/v1/auth: logins, sessions, portal links
      portal::PortalComponent,         // /portal/, the customers' pages
      console::ConsoleComponent,       // /console/, the agents' application
      status::StatusComponent,         // /status, /api/v1/status, monitors, notifications
      MetricsRouteComponent,           // /metrics
      realtime::PresenceComponent,     // typing and viewing signals between the daemons
      ChannelsComponent,               // plugins: loaded, created (they add their routes)
      sla::SlaComponent,               // SLA timers and their events
      widget::WidgetComponent,         // /widget.js, /widget/availability (after the SLA's calendars)
      rules::runtime::RulesComponent,  // rules on events and schedules
      canned::CannedComponent,         // canned responses, preview-reply, macros (needs the rules)
      notifications::NotificationsComponent,  // /notifications, opt-ins (the rules' templates)
      outbox::OutboxComponent,         // deliveries through the channels and webhooks
      events::EventsComponent,         // the event stream and webhook subscriptions
      IngestDrainComponent,            // at shutdown: what is still queued gets stored
      HttpComponent,                   // the port opens; at shutdown it drains
      ChannelInputsComponent,          // SMTP listeners, POP3 pollers
      WatchdogComponent                // WATCHDOG=1
      >(services);
}

}  // namespace frontdesk::app
