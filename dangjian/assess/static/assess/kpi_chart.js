// 业绩评价指标: the trend chart of one KPI (ECharts, vendored), its target as a markLine.
// The data come from the page's json_script element: no inline script (CSP).
document.addEventListener("DOMContentLoaded", () => {
  const holder = document.getElementById("kpi-chart");
  const source = document.getElementById("kpi-chart-data");
  if (!holder || !source || typeof echarts === "undefined") return;
  const data = JSON.parse(source.textContent);
  const chart = echarts.init(holder, null, { renderer: "svg" });
  chart.setOption({
    animation: false,
    grid: { left: 48, right: 16, top: 24, bottom: 32, containLabel: true },
    tooltip: { trigger: "axis" },
    xAxis: { type: "category", data: data.periods },
    yAxis: { type: "value", scale: true, name: data.unit },
    series: [
      {
        name: data.value_label,
        type: "line",
        data: data.values.map((value, index) => ({
          value,
          itemStyle: { color: data.met[index] ? "#198754" : "#c8102e" },
        })),
        lineStyle: { color: "#6c757d" },
        symbol: "circle",
        symbolSize: 8,
        showSymbol: true,
        showAllSymbol: true,
        markLine: {
          symbol: "none",
          lineStyle: { type: "dashed", color: "#c8102e" },
          label: { formatter: `${data.target_label} ${data.target}`, position: "insideEndTop" },
          data: [{ yAxis: data.target }],
        },
      },
    ],
  });
  window.addEventListener("resize", () => chart.resize());
});
