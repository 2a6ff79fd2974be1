// SPDX-License-Identifier: Apache-2.0
// Paths under /console/ with the history API: every view has a URL an agent can share or reload.
import { useEffect, useState } from "preact/hooks";

export type Route =
  | { name: "inbox"; view: string }
  | { name: "ticket"; id: string }
  | { name: "dashboard" };

export const INBOX_VIEWS = ["mine", "unassigned", "at_risk", "all"] as const;

export function parse(path: string): Route {
  const parts = path.replace(/^\/console\/?/, "").split("/").filter(Boolean);
  if (parts[0] === "tickets" && parts[1]) return { name: "ticket", id: decodeURIComponent(parts[1]) };
  if (parts[0] === "dashboard") return { name: "dashboard" };
  const view = parts[0] === "inbox" && (INBOX_VIEWS as readonly string[]).includes(parts[1]) ? parts[1] : "mine";
  return { name: "inbox", view };
}

export function href(route: Route): string {
  switch (route.name) {
    case "ticket":
      return `/console/tickets/${encodeURIComponent(route.id)}`;
    case "dashboard":
      return "/console/dashboard";
    default:
      return `/console/inbox/${route.view}`;
  }
}

export function navigate(to: string): void {
  if (to === location.pathname + location.search) return;
  history.pushState(null, "", to);
  dispatchEvent(new PopStateEvent("popstate"));
}

export function useRoute(): Route {
  const [route, setRoute] = useState(() => parse(location.pathname));
  useEffect(() => {
    const changed = () => setRoute(parse(location.pathname));  // a new object: filters in the query count too
    addEventListener("popstate", changed);
    return () => removeEventListener("popstate", changed);
  }, []);
  return route;
}

// A link that changes the view without a reload (and still works as a link: new tab, copy).
export function linkClick(e: MouseEvent): void {
  const a = (e.currentTarget as HTMLAnchorElement);
  if (e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
  e.preventDefault();
  navigate(a.pathname + a.search);
}
