import { describe, expect, it } from "vitest";
import { DEFAULT_VIEW, hasFilter, parsePatientsParams, patientsHref, sortHref, viewFilter, viewOrder } from "@/lib/dashboard/patients-params";
import { featureValueText, waterfallBars, waterfallChart } from "@/lib/dashboard/patients-waterfall";

describe("participants view in the URL", () => {
  it("reads every setting from the query string and writes the same URL back", () => {
    const url = "/patients?study=STU-003&site=SITE-07&phase=II&area=oncology&tier=high&q=P00&minProb=12.5&maxProb=80&minClv=1000&maxClv=50000&sort=clv&dir=asc&size=100&page=3";
    const { view, problems } = parsePatientsParams(Object.fromEntries(new URL(url, "http://x").searchParams));
    expect(problems).toEqual([]);
    expect(view).toEqual({ study: "STU-003", site: "SITE-07", phase: "II", area: "oncology", tier: "high", q: "P00", minProb: 12.5, maxProb: 80, minClv: 1000, maxClv: 50000, sort: "clv", dir: "asc", size: 100, page: 3 });
    expect(viewFilter(view)).toEqual({ studyId: "STU-003", siteId: "SITE-07", phase: "II", therapeuticArea: "oncology", riskTier: "high", minProbability: 0.125, maxProbability: 0.8, minClv: 1000, maxClv: 50000, idContains: "P00" });
    expect(viewOrder(view)).toEqual({ field: "CLV", direction: "ASC" });
    const again = parsePatientsParams(Object.fromEntries(new URL(patientsHref(view), "http://x").searchParams));
    expect(again.view).toEqual(view);
    expect(hasFilter(view)).toBe(true);
  });

  it("uses defaults for an empty query string and the form's empty fields", () => {
    expect(parsePatientsParams({})).toEqual({ view: DEFAULT_VIEW, problems: [] });
    expect(parsePatientsParams({ study: "", minProb: "", tier: "", q: " " }).view).toEqual(DEFAULT_VIEW);
    expect(patientsHref(DEFAULT_VIEW)).toBe("/patients");
    expect(hasFilter(DEFAULT_VIEW)).toBe(false);
    expect(viewOrder(DEFAULT_VIEW)).toEqual({ field: "ID", direction: "ASC" });
    // A repeated parameter takes its first value.
    expect(parsePatientsParams({ phase: ["III", "I"] }).view.phase).toBe("III");
  });

  it("ignores bad values and says why", () => {
    const { view, problems } = parsePatientsParams({ tier: "extreme", minProb: "abc", maxProb: "150", sort: "age", dir: "up", page: "0", size: "7", minClv: "500", maxClv: "100" });
    expect(view).toEqual(DEFAULT_VIEW);
    expect(problems).toHaveLength(8);
    expect(problems.join("\n")).toMatch(/"extreme" is not a risk tier/);
    expect(problems.join("\n")).toMatch(/CLV from \(500\) is above clv to \(100\)/);
    expect(parsePatientsParams({ minProb: "60", maxProb: "20" }).problems[0]).toMatch(/probability range was ignored/);
  });

  it("links sort headers and pages, keeping the filters and restarting at page 1 on a new sort", () => {
    const view = { ...DEFAULT_VIEW, tier: "critical", page: 4 };
    expect(sortHref(view, "probability")).toBe("/patients?tier=critical&sort=probability&dir=desc");
    expect(sortHref({ ...view, sort: "probability", dir: "desc" }, "probability")).toBe("/patients?tier=critical&sort=probability&dir=asc");
    expect(sortHref(view, "id")).toBe("/patients?tier=critical&sort=id&dir=desc");
    expect(patientsHref(view, { page: 5 })).toBe("/patients?tier=critical&page=5");
    expect(patientsHref({ ...DEFAULT_VIEW, q: "a b&c" })).toBe("/patients?q=a+b%26c");
  });
});

describe("SHAP waterfall", () => {
  const explanation = {
    baseProbability: 0.2,
    probability: 0.5,
    contributions: [
      { feature: "satisfaction_score", value: null, shap: 0.9, probabilityEffect: 0.2 },
      { feature: "has_caregiver", value: 1, shap: -0.3, probabilityEffect: -0.05 },
      { feature: "distance_to_site_km", value: 123.456, shap: 0.5, probabilityEffect: 0.12 },
      { feature: "phase", value: "III", shap: 0.1, probabilityEffect: 0.02 },
      { feature: "age", value: 40, shap: 0.05, probabilityEffect: 0.01 },
    ],
  };

  it("orders steps by |SHAP|, sums the rest and labels values", () => {
    const bars = waterfallBars(explanation, 3);
    expect(bars.map((b) => b.label)).toEqual(["Base (average participant)", "Satisfaction score (1–10) = missing", "Distance to site (km) = 123.46", "Has a caregiver = yes", "2 other features", "This participant"]);
    expect(bars.map((b) => b.kind)).toEqual(["base", "raise", "raise", "lower", "raise", "total"]);
    expect(bars[4].effect).toBeCloseTo(0.03, 12);
    expect(bars[4].end).toBeCloseTo(0.5, 12);
    expect(featureValueText("serious_adverse_event", 0)).toBe("no");
    expect(featureValueText("phase", "II")).toBe("II");
  });

  it("draws floating bars in percent, lowest end first", () => {
    const chart = waterfallChart(waterfallBars(explanation, 3));
    expect(chart.data.datasets[0].data).toEqual([
      [0, 20],
      [20, 40],
      [40, 52],
      [47, 52],
      [47, 50],
      [0, 50],
    ]);
    expect(chart.options.indexAxis).toBe("y");
    // Plain data only: the chart crosses from the server to the client as JSON.
    expect(JSON.parse(JSON.stringify(chart))).toEqual(chart);
  });
});
