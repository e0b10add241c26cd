// Types for the two `natural` distance submodules we import directly (importing the package root
// prints dotenv lines to stdout). Shapes follow node_modules/natural/lib/natural/distance/*.js.
declare module 'natural/lib/natural/distance/jaro-winkler_distance.js' {
  function JaroWinklerDistance(s1: string, s2: string, options?: { dj?: number; ignoreCase?: boolean }): number;
  export default JaroWinklerDistance;
}
declare module 'natural/lib/natural/distance/levenshtein_distance.js' {
  interface EditCosts {
    insertion_cost?: number;
    deletion_cost?: number;
    substitution_cost?: number;
    transposition_cost?: number;
  }
  const distances: {
    LevenshteinDistance(source: string, target: string, options?: EditCosts): number;
    DamerauLevenshteinDistance(source: string, target: string, options?: EditCosts & { restricted?: boolean }): number;
  };
  export default distances;
}
