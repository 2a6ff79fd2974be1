// SPDX-License-Identifier: Apache-2.0
// A live SLA countdown: the time left to the next due target, ticking every second, red once
// breached, amber within the last hour.
import { useEffect, useState } from "preact/hooks";
import { t } from "./i18n";

function nextDue(sla: any): { label: string; due: string } | null {
  if (!sla) return null;
  if (sla.firstResponseDue && !sla.firstResponseAt) return { label: t("sla_first_response"), due: sla.firstResponseDue };
  if (sla.resolutionDue && !sla.resolvedAt) return { label: t("sla_resolution"), due: sla.resolutionDue };
  return null;
}

function clock(seconds: number): string {
  const s = Math.abs(seconds);
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const rest = s % 60;
  const pad = (n: number) => String(n).padStart(2, "0");
  return h > 0 ? `${h}:${pad(m)}:${pad(rest)}` : `${m}:${pad(rest)}`;
}

export function useNow(intervalMs = 1000): number {
  const [now, setNow] = useState(Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), intervalMs);
    return () => clearInterval(timer);
  }, [intervalMs]);
  return now;
}

export function SlaCountdown({ sla, status }: { sla: any; status: string }) {
  const now = useNow();
  const next = status === "closed" || status === "resolved" ? null : nextDue(sla);
  if (!next) return <span class="sla none">—</span>;
  if (sla.paused) return <span class="sla paused">{t("sla_paused")}</span>;
  const left = Math.round((new Date(next.due).getTime() - now) / 1000);
  const state = left < 0 ? "breached" : left < 3600 ? "warning" : "ok";
  const text = left < 0 ? t("sla_overdue", clock(left)) : clock(left);
  return (
    <span class={`sla ${state}`} title={next.label} data-seconds={left}>
      <span class="visually-hidden">{next.label}: </span>{text}
    </span>
  );
}
