// Cases: one per campaign, holding its hunts, detections, attackers and targets.
export * from './queries.ts';
export { countryOf } from './country.ts';
