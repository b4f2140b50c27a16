/**
 * Survival function of the one-sided KS statistic D_n+ (scipy.special.smirnov), by the
 * Birnbaum–Tingey / Smirnov sum
 *   P(D_n+ >= x) = x · Σ_{v=0}^{⌊n(1-x)⌋} C(n,v) (x + v/n)^(v-1) (1 - x - v/n)^(n-v).
 * Every term is positive, so each is evaluated in log space in double precision (relative error
 * ~ n·ε ≈ 1e-10 at n = 10⁶, far inside the 1e-6 agreement we promise) instead of scipy's
 * double-double; the region boundaries are scipy's.
 */

// cephes MINLOG = log(2^-1075): exp of anything below is 0.
const MIN_LOG = -7.451332191019412076235e2;
const MAX_COMPUTE_N = 1000000;
const EPS = 2 ** -52;

/** Exact n·x as hi + lo (Dekker two-product), so ⌊n·x⌋ and its remainder are exact. */
function splitProduct(n: number, x: number): { floor: number; alpha: number } {
  const hi = n * x;
  const split = (a: number): [number, number] => {
    const c = 134217729 * a;
    const ah = c - (c - a);
    return [ah, a - ah];
  };
  const [nh, nl] = split(n);
  const [xh, xl] = split(x);
  const lo = nh * xh - hi + nh * xl + nl * xh + nl * xl;
  let fl = Math.floor(hi);
  if (hi === fl && lo < 0) fl -= 1;
  let alpha = hi - fl + lo;
  if (alpha >= 1) {
    fl += 1;
    alpha = 0;
  }
  if (alpha < 0) alpha = 0;
  return { floor: fl, alpha };
}

/**
 * P(D_n+ >= x), the one-sided Kolmogorov–Smirnov survival function.
 * @example smirnovSf(20, 0.3)
 */
export function smirnovSf(n: number, x: number): number {
  if (!(n > 0 && x >= 0 && x <= 1)) return NaN;
  if (n === 1) return 1 - x;
  if (x === 0) return 1;
  if (x === 1) return 0;
  const { floor: nxfl, alpha } = splitProduct(n, x);
  let lastV = n - nxfl - (alpha === 0 ? 0 : 1);
  if (alpha === 0) lastV -= 1;
  if (nxfl === 0 || (nxfl === 1 && alpha === 0)) return 1 - x * (1 + x) ** (n - 1);
  if (-2 * n * x * x < MIN_LOG) return 0;
  if (nxfl >= n - 1) return (1 - x) ** n;
  if (n > MAX_COMPUTE_N) {
    // scipy's approximation above 10⁶: p ≈ exp(-(6nx+1)² / 18n).
    const logp = -((6 * n * x + 1) ** 2) / 18 / n;
    return logp < -Math.LN2 ? Math.exp(logp) : 1 + Math.expm1(logp);
  }
  // The upper (alternating) sum scipy uses for tiny n·x is never reached from kolmogorovSf or ks_2samp:
  // they call here only with n·x² >= 2.2 or x >= 0.5. Only the lower sum is implemented.
  const nTerms = lastV + 1;
  const vmid = Math.floor(n / 2);
  let logC = 0;
  let sum = 0;
  for (let v = 0; v < nTerms; v++) {
    // 1 - x - v/n = (n - v - nxfl - alpha)/n and x + v/n = (nxfl + alpha + v)/n, both without cancellation.
    const a = (n - v - nxfl - alpha) / n;
    const b = (nxfl + alpha + v) / n;
    const logTerm = logC + (n - v) * Math.log(a) + (v - 1) * Math.log(b);
    const term = Math.exp(logTerm);
    if (Number.isFinite(term) && term !== 0) sum += term;
    if (term !== 0) {
      if (4 * (nTerms - v) * term < EPS * sum && v !== nTerms - 1 && v > 0) break;
    } else if (v > vmid) {
      break;
    }
    logC += Math.log((n - v) / (v + 1));
  }
  const p = x * sum;
  return p < 0 ? 0 : p > 1 ? 1 : p;
}
