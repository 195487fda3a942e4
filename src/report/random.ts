/** @module The report's seeded random generator: src/io/random.ts (kept so report imports stay). */
export { seededRandom } from "../io/random.ts";
