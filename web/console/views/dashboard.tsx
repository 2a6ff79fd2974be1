// SPDX-License-Identifier: Apache-2.0
// The dashboard: the period's figures from /stats (admins) with the daily trend as a chart and
// each breakdown's bars linking to the tickets behind them; an agent sees their own workload.
import { useEffect, useRef, useState } from "preact/hooks";
import uPlot from "uplot";
import { call, support } from "../api";
import { locale, t } from "../i18n";
import { linkClick } from "../router";

function Trend({ days }: { days: any[] }) {
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!box.current || days.length === 0) return;
    const xs = days.map((d) => Date.parse(d.date) / 1000);
    const width = Math.max(280, Math.min(box.current.clientWidth, 900));
    const chart = new uPlot(
      {
        width,
        height: 220,
        series: [
          {},
          { label: t("created"), stroke: "#2563eb", width: 2 },
          { label: t("resolved_count"), stroke: "#16a34a", width: 2 },
        ],
        axes: [{}, { size: 40 }],
        // A day either side, so one day of data is a point in a week, not in three years.
        scales: { x: { time: true, range: (_u, min, max) => [min - 86400, max + 86400] } },
      },
      [xs, days.map((d) => d.created), days.map((d) => d.resolved)],
      box.current,
    );
    return () => chart.destroy();
  }, [days]);
  return (
    <figure class="chart">
      <div ref={box} role="img" aria-label={t("daily_trend_alt", days.length)} />
      <figcaption>{t("daily_trend")}</figcaption>
    </figure>
  );
}

function Breakdown({ title, rows, filter, prefix }: { title: string; rows: any[]; filter: string; prefix: string }) {
  const max = Math.max(1, ...rows.map((r) => r.count));
  return (
    <section class="breakdown" aria-label={title}>
      <h2>{title}</h2>
      <ul class="bars">
        {rows.map((r) => (
          <li>
            <a href={`/console/inbox/all?${filter}=${encodeURIComponent(r._id)}`} onClick={linkClick}>
              <span class="label">{t(prefix + r._id)}</span>
              <span class="bar" style={{ width: `${(100 * r.count) / max}%` }} />
              <span class="count">{r.count}</span>
            </a>
          </li>
        ))}
      </ul>
    </section>
  );
}

function percent(rate: number | null | undefined): string {
  if (rate == null) return "—";
  return new Intl.NumberFormat(locale(), { style: "percent", maximumFractionDigits: 1 }).format(rate);
}

// "p50 / p90" of a time figure, each as the largest whole unit that fits.
function spans(figure: any): string {
  if (!figure) return "—";
  const one = (s: number) => (s < 3600 ? t("minutes", Math.round(s / 60)) : t("hours", (s / 3600).toFixed(1)));
  return `${one(figure.p50)} / ${one(figure.p90)}`;
}

export function Dashboard({ session }: { session: any }) {
  const [stats, setStats] = useState<any>(null);
  const [mine, setMine] = useState<any>(null);
  const admin = session.agent?.role === "admin";

  useEffect(() => {
    if (admin) call("GET", support("/stats")).then(setStats).catch(() => undefined);
    call("GET", support("/dashboard")).then((doc) => setMine(doc.dashboard)).catch(() => undefined);
  }, [admin]);

  const figure = (label: string, value: string | number) => (
    <div class="figure"><dt>{label}</dt><dd>{value}</dd></div>
  );

  return (
    <section class="dashboard" aria-labelledby="dashboard-title">
      <h1 id="dashboard-title">{t("dashboard")}</h1>
      {mine && (
        <dl class="figures">
          {figure(t("my_open_tickets"), mine.currentWorkload)}
          {figure(t("view_unassigned"), mine.unassignedTickets.length)}
          {figure(t("urgent"), mine.urgentTickets.length)}
        </dl>
      )}
      {stats && (
        <>
          <dl class="figures">
            {figure(t("tickets_total"), stats.total)}
            {figure(t("first_response_p50_p90"), spans(stats.firstResponseTime))}
            {figure(t("resolution_p50_p90"), spans(stats.resolutionTime))}
            {figure(t("sla_attainment"), stats.agentStats.slaCompliance + " %")}
            {figure(t("csat"), stats.csat ? `${stats.csat.average} · ${percent(stats.csat.satisfiedRate)}` : "—")}
            {figure(t("first_contact_resolution"), percent(stats.firstContactResolutionRate))}
            {figure(t("reopen_rate"), percent(stats.reopenRate))}
            {figure(t("escalation_rate"), percent(stats.escalationRate))}
          </dl>
          <Trend days={stats.dailyTrend} />
          <div class="breakdowns">
            <Breakdown title={t("by_channel")} rows={stats.channelBreakdown} filter="channel" prefix="channel_" />
            <Breakdown title={t("by_category")} rows={stats.categoryBreakdown} filter="category" prefix="category_" />
            <Breakdown title={t("by_status")} rows={stats.statusBreakdown} filter="status" prefix="status_" />
          </div>
        </>
      )}
    </section>
  );
}
