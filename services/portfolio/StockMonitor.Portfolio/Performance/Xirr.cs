namespace StockMonitor.Portfolio.Performance;

/// <summary>
/// The money-weighted return: the annual rate r with Σ Aᵢ / (1 + r)^(tᵢ/365) = 0, tᵢ in days since the first flow.
/// </summary>
/// <remarks>
/// The solver works on z = ln(1 + r) × span (the log growth over the whole span of the flows) with each flow's time
/// as a fraction τ ∈ [0, 1] of the span, so f(z) = Σ aᵢ e^(−zτᵢ). Every evaluation factors out the largest
/// exponential, so nothing overflows however short the span or large the rate. f has at most as many roots as its
/// flows change sign (Descartes' rule holds for real exponents): with one sign change the root exists and is unique.
/// A tighter bound needs no search either: f has at most as many roots at z &gt; 0 as the running sums of the flows
/// change sign, at z &lt; 0 as the running sums from the last flow back do, and a root at 0 when they sum to 0 (f is a
/// Laplace transform there, and that kernel diminishes variation). A portfolio's deposits and withdrawals change sign
/// hundreds of times while those sums change once, so its rate is found in a few evaluations. Only when both bounds
/// allow more than one root does a scan look for sign changes of f, and any answer but exactly one is undefined.
/// </remarks>
public static class Xirr
{
    private const double DaysPerYear = 365.0;

    // Log growth over the span scanned for roots when the flows change sign more than once: e^±50 covers any
    // real portfolio; a root beyond it is still found when it is the only sign change, via the signs at ±∞.
    private const double ScanLimit = 50.0;
    private const int ScanSteps = 5_000;
    private const int MaxIterations = 300;
    private const double Tolerance = 1e-15;

    /// <summary>
    /// r from investor-sign flows (money put in negative, money taken out positive); null when r is undefined: fewer
    /// than two non-zero flows, all one sign, no root, or more than one root. Can be +∞ when the flows span only days
    /// and the annual rate exceeds double; <see cref="SolveLogRate"/> never overflows.
    /// </summary>
    public static double? Solve(IReadOnlyList<(DateTimeOffset At, decimal Amount)> cashFlows) =>
        SolveLogRate(cashFlows) is { } logRate ? double.ExpM1(logRate) : null;

    /// <summary>ln(1 + r), the continuously compounded annual rate, under the same rules as <see cref="Solve"/>.</summary>
    public static double? SolveLogRate(IReadOnlyList<(DateTimeOffset At, decimal Amount)> cashFlows)
    {
        ArgumentNullException.ThrowIfNull(cashFlows);

        // Flows at the same instant are one flow; zero flows carry no information.
        var points = cashFlows
            .GroupBy(f => f.At.UtcTicks)
            .Select(g => (Ticks: g.Key, Amount: g.Sum(f => f.Amount)))
            .Where(p => p.Amount != 0)
            .OrderBy(p => p.Ticks)
            .ToArray();
        if (!points.Any(p => p.Amount > 0) || !points.Any(p => p.Amount < 0))
        {
            return null;
        }

        // Two flows of opposite signs survived grouping, so they are at distinct instants and the span is positive.
        var first = points[0].Ticks;
        var span = points[^1].Ticks - first;
        var largest = points.Max(p => Math.Abs(p.Amount));
        var times = points.Select(p => (p.Ticks - first) / (double)span).ToArray();
        var amounts = points.Select(p => (double)(p.Amount / largest)).ToArray();

        var signChanges = 0;
        for (var i = 1; i < points.Length; i++)
        {
            if (Math.Sign(points[i].Amount) != Math.Sign(points[i - 1].Amount))
            {
                signChanges++;
            }
        }

        (double Lo, double Hi)? bracket = signChanges == 1 || RunningSumsAllowOneRootAtMost(points.Select(p => p.Amount).ToArray())
            ? SignAtMinusInfinity(amounts) != SignAtPlusInfinity(amounts)
                ? (ExpandDown(times, amounts, -1), ExpandUp(times, amounts, 1))
                : null // at most one root and the same sign at both ends: none
            : FindSingleSignChange(times, amounts);
        if (bracket is not { } b)
        {
            return null;
        }

        var spanYears = span / (double)TimeSpan.TicksPerDay / DaysPerYear;
        return NewtonWithBisection(times, amounts, b.Lo, b.Hi) / spanYears;
    }

    /// <summary>
    /// Whether f has at most one root, counted with multiplicity: sign changes of the running sums from the first flow
    /// (bounding the roots at z &gt; 0) plus those from the last flow back (z &lt; 0) plus one when the flows sum to 0
    /// (a root at z = 0) is at most 1. Exact: summed in decimal.
    /// </summary>
    private static bool RunningSumsAllowOneRootAtMost(decimal[] amounts)
    {
        static int SignChanges(IEnumerable<decimal> values)
        {
            var (changes, last, sum) = (0, 0, 0m);
            foreach (var value in values)
            {
                sum += value;
                var sign = Math.Sign(sum);
                if (sign != 0)
                {
                    changes += last != 0 && sign != last ? 1 : 0;
                    last = sign;
                }
            }

            return changes;
        }

        var bound = SignChanges(amounts) + SignChanges(amounts.Reverse()) + (amounts.Sum() == 0 ? 1 : 0);
        return bound <= 1;
    }

    /// <summary>f(z) and f′(z), both multiplied by the same positive factor: signs and the Newton step f/f′ are exact.</summary>
    private static (double Value, double Slope) Evaluate(double[] times, double[] amounts, double z)
    {
        // The largest exponent −zτ is 0 (at τ = 0) when z ≥ 0 and −z (at τ = 1) when z < 0.
        var shift = Math.Max(0, -z);
        double value = 0, slope = 0;
        for (var i = 0; i < times.Length; i++)
        {
            var term = amounts[i] * Math.Exp((-z * times[i]) - shift);
            value += term;
            slope -= times[i] * term;
        }

        return (value, slope);
    }

    private static int SignAt(double[] times, double[] amounts, double z) => Math.Sign(Evaluate(times, amounts, z).Value);

    // As z → +∞ only the first flow (τ = 0) is left in f; as z → −∞ the last flow (τ = 1) dominates.
    private static int SignAtPlusInfinity(double[] amounts) => Math.Sign(amounts[0]);

    private static int SignAtMinusInfinity(double[] amounts) => Math.Sign(amounts[^1]);

    /// <summary>A z ≤ start where f has the sign it has at −∞ (or is 0); the exponentials underflow long before z does.</summary>
    private static double ExpandDown(double[] times, double[] amounts, double start)
    {
        var z = start;
        while (SignAt(times, amounts, z) == -SignAtMinusInfinity(amounts) && double.IsFinite(z * 2))
        {
            z *= 2;
        }

        return z;
    }

    /// <summary>A z ≥ start where f has the sign it has at +∞ (or is 0).</summary>
    private static double ExpandUp(double[] times, double[] amounts, double start)
    {
        var z = start;
        while (SignAt(times, amounts, z) == -SignAtPlusInfinity(amounts) && double.IsFinite(z * 2))
        {
            z *= 2;
        }

        return z;
    }

    /// <summary>
    /// Scans f over [−ScanLimit, ScanLimit] (with its signs at ±∞ as the ends) and returns the bracket of its only
    /// sign change; null when there is none (no root, or an even number of them) or more than one (several rates).
    /// </summary>
    private static (double Lo, double Hi)? FindSingleSignChange(double[] times, double[] amounts)
    {
        var roots = 0;
        (double Lo, double Hi) bracket = default;
        var lastZ = double.NegativeInfinity;
        var lastSign = SignAtMinusInfinity(amounts);
        var touchedZero = false;
        for (var k = 0; k <= ScanSteps + 1; k++)
        {
            var z = k <= ScanSteps ? -ScanLimit + (2 * ScanLimit * k / ScanSteps) : double.PositiveInfinity;
            var sign = k <= ScanSteps ? SignAt(times, amounts, z) : SignAtPlusInfinity(amounts);
            if (sign == 0)
            {
                // A root exactly on the grid; whether f crosses or only touches zero there, it is one root.
                roots++;
                bracket = (z, z);
                touchedZero = true;
                continue;
            }

            if (sign != lastSign && !touchedZero)
            {
                roots++;
                bracket = (lastZ, z);
            }

            lastZ = z;
            lastSign = sign;
            touchedZero = false;
        }

        if (roots != 1)
        {
            return null;
        }

        var lo = double.IsNegativeInfinity(bracket.Lo) ? ExpandDown(times, amounts, -ScanLimit) : bracket.Lo;
        var hi = double.IsPositiveInfinity(bracket.Hi) ? ExpandUp(times, amounts, ScanLimit) : bracket.Hi;
        return (lo, hi);
    }

    /// <summary>Newton's method kept inside a bracket [lo, hi] where f changes sign, bisecting when a step leaves it or stalls.</summary>
    private static double NewtonWithBisection(double[] times, double[] amounts, double lo, double hi)
    {
        var loSign = SignAt(times, amounts, lo);
        if (loSign == 0 || lo == hi)
        {
            return lo;
        }

        if (SignAt(times, amounts, hi) == 0)
        {
            return hi;
        }

        var z = 0.5 * (lo + hi);
        var previousStep = hi - lo;
        for (var i = 0; i < MaxIterations; i++)
        {
            var (value, slope) = Evaluate(times, amounts, z);
            if (value == 0)
            {
                return z;
            }

            if (Math.Sign(value) == loSign)
            {
                lo = z;
            }
            else
            {
                hi = z;
            }

            var newtonStep = value / slope;
            var newton = z - newtonStep;
            var step = double.IsFinite(newton) && newton > lo && newton < hi && Math.Abs(newtonStep) < 0.5 * Math.Abs(previousStep)
                ? newtonStep
                : z - (0.5 * (lo + hi));
            previousStep = step;
            z -= step;

            var scale = Math.Max(1, Math.Abs(z));
            if (Math.Abs(step) <= Tolerance * scale || hi - lo <= Tolerance * scale)
            {
                return z;
            }
        }

        return z;
    }
}
