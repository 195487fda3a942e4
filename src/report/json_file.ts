/** @module The report's `scraped.json` reader: src/results/scraped.ts (kept so report imports stay). */
export { readScraped } from "../results/scraped.ts";
