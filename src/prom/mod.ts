/** @module Prometheus: parse `/metrics` pages, scrape chosen series, read a Prometheus server back. */
export {
  ExpositionParser,
  ExpositionSyntaxError,
  parseExposition,
  parseExpositionText,
} from "./exposition.ts";
export type { Family, MetricType, Sample } from "./exposition.ts";
export { escapeLabelValue, seriesKey } from "./series.ts";
export type { Labels } from "./series.ts";
export { matchesLabels, parseSelector } from "./selector.ts";
export type { LabelMatcher, Selector } from "./selector.ts";
export { scrapeMetrics, scrapeMetricsDetailed } from "./scrape.ts";
export type { ScrapeOptions, ScrapeResult } from "./scrape.ts";
export { metricDeltas } from "./delta.ts";
export {
  instantValues,
  PrometheusApiError,
  QueryData,
  queryInstant,
  queryRange,
} from "./query_api.ts";
export type { InstantQueryOptions, Range } from "./query_api.ts";
export { scrapeRunWindows } from "./scraped.ts";
export type { RunWindowOptions } from "./scraped.ts";
