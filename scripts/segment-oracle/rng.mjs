// A reproducible, dependency-free random source for the oracle corpora:
// xorshift32 from `seed`, and a pick from a list.
export function xorshift(seed) {
  let state = seed;
  const next = () => {
    state ^= state << 13; state >>>= 0;
    state ^= state >>> 17;
    state ^= state << 5; state >>>= 0;
    return state;
  };
  const pick = (list) => list[next() % list.length];
  return { next, pick };
}
