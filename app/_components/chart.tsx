"use client";

import { Chart as ChartJS, registerables, type ChartData, type ChartOptions, type ChartType } from "chart.js";
import { Chart } from "react-chartjs-2";

ChartJS.register(...registerables);

export interface ChartCanvasProps<T extends ChartType = ChartType> {
  type: T;
  data: ChartData<T>;
  options?: ChartOptions<T>;
  /** What the chart shows, for screen readers (the canvas itself is opaque to them). */
  label: string;
  height?: number;
  testId?: string;
}

/**
 * One Chart.js canvas. Server components pass plain data and options (no functions), so a page
 * renders its figures on the server and ships only this small client component.
 */
export function ChartCanvas<T extends ChartType>({ type, data, options, label, height = 280, testId }: ChartCanvasProps<T>) {
  const merged = { responsive: true, maintainAspectRatio: false, animation: false, ...options } as ChartOptions<T>;
  return (
    <div className="chart" style={{ height }} data-testid={testId}>
      <Chart type={type} data={data} options={merged} role="img" aria-label={label} />
    </div>
  );
}
