#!/usr/bin/env Rscript
# =============================================================================
# r_reference.R -- independent reference values for fr-stats, computed in R.
#
# Generated environment (what produced r_reference.txt):
#   R version 4.2.2 Patched (2022-11-10 r83330)   (Debian r-base-core 4.2.2.20221110-2, bookworm)
#   metafor  3.8-1     (Debian r-cran-metafor 3.8-1-1; pulls in Matrix 1.5-3, metadat 1.2-0)
#   epitools 0.5-10.1  (Debian r-cran-epitools 1:0.5-10.1-2)
#   Date: 2026-11-26
#
# NOT available as Debian packages (apt-cache policy found no candidate), so the
# quantities they would give are computed from their formulas in base R instead:
#   r-cran-binom, r-cran-exactci, r-cran-desctools, r-cran-exact2x2
#
# Run:    Rscript tests/reference/r_reference.R > tests/reference/r_reference.txt
# Output: one line per case:  case_name<TAB>key=value<TAB>key=value...
#   - numbers are printed with sprintf("%.15g"); vectors are comma-separated;
#   - NA / NaN / Inf / -Inf are printed as R prints them;
#   - warnings=... lists R warnings raised by the call (";"-separated), if any;
#   - error=... means the R call stopped with that message.
#   - lines starting with "#" are comments.
# Accuracy caveat: closed forms (prop.test, binom.test via qbeta, Wald, Katz,
# Agresti-Coull, Jeffreys) are accurate to ~1e-15 relative. Root-finding
# results are only as accurate as their tolerance: R's own fisher.test()
# estimate/conf.int and power.prop.test() solve with uniroot's DEFAULT
# tol = .Machine$double.eps^0.25 (~1.2e-4 absolute!), and metafor's REML uses
# threshold 1e-5 and PM uses tol eps^0.25 by default. Where that matters this
# script ALSO prints a tight-tolerance recomputation (keys/cases marked
# "precise"/"tight") so Python tests can compare against either.
# =============================================================================

suppressPackageStartupMessages({
  have_metafor  <- requireNamespace("metafor",  quietly = TRUE)
  have_epitools <- requireNamespace("epitools", quietly = TRUE)
  have_binom    <- requireNamespace("binom",    quietly = TRUE)   # not on Debian
  have_exactci  <- requireNamespace("exactci",  quietly = TRUE)   # not on Debian
  have_desctools<- requireNamespace("DescTools",quietly = TRUE)   # not on Debian
})

# ---------------------------------------------------------------- helpers ----
fmt1 <- function(v) {
  if (is.null(v) || length(v) == 0) return("NULL")
  if (is.character(v)) return(paste(gsub("[\t\n]", " ", v), collapse = ","))
  if (is.logical(v)) return(paste(as.character(v), collapse = ","))
  paste(sprintf("%.15g", as.numeric(v)), collapse = ",")
}
emit <- function(case, ...) {
  kv <- list(...)
  kv <- kv[!vapply(kv, is.null, NA)]
  parts <- vapply(seq_along(kv), function(i) paste0(names(kv)[i], "=", fmt1(unname(kv[[i]]))), "")
  cat(paste(c(case, parts), collapse = "\t"), "\n", sep = "")
}
comment <- function(...) cat("# ", ..., "\n", sep = "")
# capture value + warnings (+ error) of an expression
cap <- function(expr) {
  w <- character(0)
  val <- tryCatch(
    withCallingHandlers(expr, warning = function(cw) {
      w <<- c(w, conditionMessage(cw)); invokeRestart("muffleWarning")
    }),
    error = function(e) structure(list(msg = conditionMessage(e)), class = "caperr"))
  list(value = val, warnings = if (length(w)) paste(unique(w), collapse = "; ") else NULL,
       error = if (inherits(val, "caperr")) val$msg else NULL)
}
num <- function(x) sprintf("%.0f", x)               # integer-valued doubles for case names
lvtag <- function(L) sprintf("L%02d", round(100 * L))
LEVELS <- c(0.90, 0.95, 0.99)

emit("meta", R = R.version.string,
     metafor = if (have_metafor) as.character(packageVersion("metafor")) else "absent",
     epitools = if (have_epitools) as.character(packageVersion("epitools")) else "absent",
     binom = if (have_binom) as.character(packageVersion("binom")) else "absent",
     exactci = if (have_exactci) as.character(packageVersion("exactci")) else "absent",
     DescTools = if (have_desctools) as.character(packageVersion("DescTools")) else "absent",
     exact2x2 = "absent", format = "sprintf(%.15g)")

# =============================================================================
# A. Single-proportion intervals
# =============================================================================
A_CASES <- list(c(28,535), c(32,530), c(0,530), c(73,1429), c(26,120), c(27,188),
                c(530,530), c(1,10), c(81,263), c(15,148), c(0,20), c(1,29),
                c(100000,1000000000))

# Mid-p (Clopper-Pearson mid-p), base R (exactci not available).
#   lower solves 0.5*dbinom(x,n,p) + pbinom(x,n,p,lower.tail=FALSE) = a/2  (lower=0 at x=0)
#   upper solves pbinom(x-1,n,p) + 0.5*dbinom(x,n,p)               = a/2  (upper=1 at x=n)
# uniroot(..., tol=1e-14) is run on u = log(p) (so tol is ~relative 1e-14 in p; a
# plain absolute tol=1e-14 in p would give only ~10 significant digits at p~1e-4),
# bracketed by [Clopper-Pearson lower, x/n] and [x/n, Clopper-Pearson upper].
midp_ci <- function(x, n, L, tol = 1e-14) {
  a <- 1 - L
  cp <- binom.test(x, n, p = if (n >= 1e7) x/n else 0.5, conf.level = L)$conf.int   # see A_exact note
  flo <- function(u) { p <- exp(u); 0.5 * dbinom(x, n, p) + pbinom(x, n, p, lower.tail = FALSE) - a/2 }
  fup <- function(u) { p <- exp(u); pbinom(x - 1, n, p) + 0.5 * dbinom(x, n, p) - a/2 }
  lower <- if (x == 0) 0 else exp(uniroot(flo, log(c(cp[1], x/n)), tol = tol, maxiter = 10000)$root)
  upper <- if (x == n) 1 else exp(uniroot(fup, log(c(max(x/n, 1e-300), cp[2])), tol = tol, maxiter = 10000)$root)
  c(lower, upper)
}

for (cs in A_CASES) {
  x <- cs[1]; n <- cs[2]; tag <- paste0("x", num(x), "_n", num(n))
  for (L in LEVELS) {
    a <- 1 - L; z <- qnorm(1 - a/2); p <- x/n
    base <- paste0(tag, "_", lvtag(L))
    # -- exact Clopper-Pearson:  binom.test(x, n, conf.level=L)$conf.int
    #    (for n >= 1e7 the call is binom.test(x, n, p = x/n, conf.level=L)$conf.int: the CI does not
    #     depend on p, but R's default p=0.5 makes the two-sided p-value loop dbinom() over ~n/2
    #     values: ~94 s and several GB for n = 1e9)
    ci <- binom.test(x, n, p = if (n >= 1e7) x/n else 0.5, conf.level = L)$conf.int
    emit(paste0("A_exact_", base), x = x, n = n, level = L, lower = ci[1], upper = ci[2])
    # -- Wilson, no correction:  prop.test(x, n, correct=FALSE, conf.level=L)$conf.int
    r <- cap(prop.test(x, n, correct = FALSE, conf.level = L))
    emit(paste0("A_wilson_", base), x = x, n = n, level = L,
         lower = r$value$conf.int[1], upper = r$value$conf.int[2], warnings = r$warnings)
    # -- Wilson with continuity correction:  prop.test(x, n, correct=TRUE, conf.level=L)$conf.int
    #    R: YATES = min(0.5, abs(x - n*0.5)) [p defaults to 0.5]; lower := 0 when
    #    x/n - YATES/n <= 0 (so exactly 0 at x=0), upper := 1 when x/n + YATES/n >= 1
    #    (exactly 1 at x=n); otherwise Wilson formula evaluated at x/n -/+ YATES/n.
    r <- cap(prop.test(x, n, correct = TRUE, conf.level = L))
    emit(paste0("A_wilson_cc_", base), x = x, n = n, level = L,
         lower = r$value$conf.int[1], upper = r$value$conf.int[2],
         yates = min(0.5, abs(x - n * 0.5)), warnings = r$warnings)
    # -- Jeffreys equal-tailed:  qbeta(c(a/2, 1-a/2), x+0.5, n-x+0.5)
    #    lower/upper apply the Brown-Cai-DasGupta (2001) boundary convention
    #    (lower=0 at x=0, upper=1 at x=n); raw_lower/raw_upper are the bare qbeta values.
    #    binom::binom.confint(method="bayes", type="central") not available (no Debian package).
    jq <- qbeta(c(a/2, 1 - a/2), x + 0.5, n - x + 0.5)
    emit(paste0("A_jeffreys_", base), x = x, n = n, level = L,
         lower = if (x == 0) 0 else jq[1], upper = if (x == n) 1 else jq[2],
         raw_lower = jq[1], raw_upper = jq[2])
    # -- Agresti-Coull (formula; binom::binom.agresti.coull not available):
    #    nt = n + z^2; pt = (x + z^2/2)/nt; pt -/+ z*sqrt(pt*(1-pt)/nt)
    nt <- n + z^2; pt <- (x + z^2/2) / nt; hw <- z * sqrt(pt * (1 - pt) / nt)
    emit(paste0("A_agresti_coull_", base), x = x, n = n, level = L,
         lower = max(0, pt - hw), upper = min(1, pt + hw),
         lower_unclipped = pt - hw, upper_unclipped = pt + hw, center = pt, n_tilde = nt)
    # -- mid-p (exactci::binom.exact(x,n,midp=TRUE,tsmethod="central") not available): midp_ci() above
    mp <- midp_ci(x, n, L)
    chk <- NULL
    if (x == 0) chk <- list(closed_form_upper_x0 = 1 - a^(1/n))     # 0.5*(1-p)^n = a/2
    if (x == n) chk <- list(closed_form_lower_xn = a^(1/n))         # 0.5*p^n     = a/2
    do.call(emit, c(list(paste0("A_midp_", base), x = x, n = n, level = L,
                         lower = mp[1], upper = mp[2]), chk))
    # -- Wald:  p -/+ qnorm(1-a/2)*sqrt(p*(1-p)/n), un-clipped
    hw <- z * sqrt(p * (1 - p) / n)
    emit(paste0("A_wald_", base), x = x, n = n, level = L, lower = p - hw, upper = p + hw)
    # -- one-sided exact bounds:
    #    upper = binom.test(x, n, alternative="less",    conf.level=L)$conf.int[2]
    #    lower = binom.test(x, n, alternative="greater", conf.level=L)$conf.int[1]
    #    (brief asked for x=0 cases; printed for all cases)
    emit(paste0("A_exact_onesided_", base), x = x, n = n, level = L,
         upper = binom.test(x, n, alternative = "less", conf.level = L)$conf.int[2],
         lower = binom.test(x, n, alternative = "greater", conf.level = L)$conf.int[1])
  }
}

# =============================================================================
# F. Headline boundary values for 0/530
# =============================================================================
# prop.test(0, 530, correct=FALSE, conf.level=0.95)$conf.int   (Wilson / score)
r <- cap(prop.test(0, 530, correct = FALSE, conf.level = 0.95))
emit("F_wilson_x0_n530_L95", lower = r$value$conf.int[1], upper = r$value$conf.int[2], warnings = r$warnings)
# binom.test(0, 530, alternative="less", conf.level=0.95)$conf.int[2]  (= 1 - 0.05^(1/530))
emit("F_exact_upper_onesided_x0_n530_L95",
     upper = binom.test(0, 530, alternative = "less", conf.level = 0.95)$conf.int[2],
     closed_form = 1 - 0.05^(1/530))

# =============================================================================
# B. Two-sample comparisons
# =============================================================================
B_PAIRS <- list(c(28,535,32,530), c(28,535,73,1429), c(26,120,27,188), c(0,530,0,1429),
                c(0,530,5,530), c(56,70,48,80), c(9,10,3,10), c(5,56,0,29),
                c(100000,1e9,130000,1e9), c(100,1e6,130,1e6), c(3,12,7,11))

# Precise replica of stats::fisher.test's 2x2 branch (conditional MLE and
# conditional exact CI), identical code except uniroot(tol = 1e-14, maxiter=10000)
# instead of R's default tol = .Machine$double.eps^0.25.
fisher_precise <- function(x1, n1, x2, n2, conf.level = 0.95, tol = 1e-14) {
  tab <- matrix(c(x1, n1 - x1, x2, n2 - x2), 2)
  m <- sum(tab[, 1L]); n <- sum(tab[, 2L]); k <- sum(tab[1L, ]); x <- tab[1L, 1L]
  lo <- max(0, k - n); hi <- min(k, m); support <- lo:hi
  logdc <- dhyper(support, m, n, k, log = TRUE)
  dnhyper <- function(ncp) { d <- logdc + log(ncp) * support; d <- exp(d - max(d)); d / sum(d) }
  mnhyper <- function(ncp) { if (ncp == 0) return(lo); if (ncp == Inf) return(hi); sum(support * dnhyper(ncp)) }
  pnhyper <- function(q, ncp = 1, upper.tail = FALSE) {
    if (ncp == 1) return(if (upper.tail) phyper(x - 1, m, n, k, lower.tail = FALSE) else phyper(x, m, n, k))
    if (ncp == 0) return(as.numeric(if (upper.tail) q <= lo else q >= lo))
    if (ncp == Inf) return(as.numeric(if (upper.tail) q <= hi else q >= hi))
    sum(dnhyper(ncp)[if (upper.tail) support >= q else support <= q])
  }
  ur <- function(f, int) uniroot(f, int, tol = tol, maxiter = 10000)$root
  mle <- function(x) {
    if (x == lo) return(0); if (x == hi) return(Inf)
    mu <- mnhyper(1)
    if (mu > x) ur(function(t) mnhyper(t) - x, c(0, 1))
    else if (mu < x) 1 / ur(function(t) mnhyper(1/t) - x, c(.Machine$double.eps, 1)) else 1
  }
  ncp.U <- function(x, alpha) {
    if (x == hi) return(Inf)
    p <- pnhyper(x, 1)
    if (p < alpha) ur(function(t) pnhyper(x, t) - alpha, c(0, 1))
    else if (p > alpha) 1 / ur(function(t) pnhyper(x, 1/t) - alpha, c(.Machine$double.eps, 1)) else 1
  }
  ncp.L <- function(x, alpha) {
    if (x == lo) return(0)
    p <- pnhyper(x, 1, upper.tail = TRUE)
    if (p > alpha) ur(function(t) pnhyper(x, t, upper.tail = TRUE) - alpha, c(0, 1))
    else if (p < alpha) 1 / ur(function(t) pnhyper(x, 1/t, upper.tail = TRUE) - alpha, c(.Machine$double.eps, 1)) else 1
  }
  alpha <- (1 - conf.level) / 2
  c(estimate = mle(x), lower = ncp.L(x, alpha), upper = ncp.U(x, alpha))
}

wilson <- function(x, n, L) prop.test(x, n, correct = FALSE, conf.level = L)$conf.int
wilson_cc <- function(x, n, L) prop.test(x, n, correct = TRUE, conf.level = L)$conf.int

comment("B: group 1 = x1/n1, group 2 = x2/n2 (as listed in the brief).")
comment("B_prop: prop.test CI is for p1 - p2 (R orientation: first minus second).")
comment("B_fisher: matrix(c(x1,n1-x1,x2,n2-x2),2) -> OR = [x1/(n1-x1)] / [x2/(n2-x2)] = odds(group1)/odds(group2), conditional MLE.")
comment("B_newcombe: diff = p2 - p1 (and diff_p1_minus_p2 = p1 - p2 bounds given separately).")
comment("B_katz / B_epitools_rr: risk ratio = p2/p1 (group 1 is the reference).")

for (pr in B_PAIRS) {
  x1 <- pr[1]; n1 <- pr[2]; x2 <- pr[3]; n2 <- pr[4]
  p1 <- x1/n1; p2 <- x2/n2
  tag <- paste0(num(x1), "_", num(n1), "_vs_", num(x2), "_", num(n2))
  for (L in LEVELS) {
    base <- paste0(tag, "_", lvtag(L)); z <- qnorm(1 - (1 - L)/2)
    # -- prop.test(c(x1,x2), c(n1,n2), correct=FALSE, conf.level=L): statistic, p.value, conf.int (p1 - p2)
    r <- cap(prop.test(c(x1, x2), c(n1, n2), correct = FALSE, conf.level = L))
    if (is.null(r$error))
      emit(paste0("B_prop_nocc_", base), level = L, p1 = p1, p2 = p2, statistic = unname(r$value$statistic),
           p_value = r$value$p.value, diff_lower = r$value$conf.int[1], diff_upper = r$value$conf.int[2],
           warnings = r$warnings)
    else emit(paste0("B_prop_nocc_", base), level = L, error = r$error)
    # -- prop.test(c(x1,x2), c(n1,n2), correct=TRUE, conf.level=L)
    #    (R caps the correction at YATES = min(0.5, |p1-p2|/(1/n1+1/n2)); CI clipped to [-1,1])
    r <- cap(prop.test(c(x1, x2), c(n1, n2), correct = TRUE, conf.level = L))
    if (is.null(r$error))
      emit(paste0("B_prop_cc_", base), level = L, statistic = unname(r$value$statistic),
           p_value = r$value$p.value, diff_lower = r$value$conf.int[1], diff_upper = r$value$conf.int[2],
           yates = min(0.5, abs(p1 - p2) / (1/n1 + 1/n2)), warnings = r$warnings)
    else emit(paste0("B_prop_cc_", base), level = L, error = r$error)
    # -- fisher.test(matrix(c(x1, n1-x1, x2, n2-x2), 2), conf.level=L): p.value, estimate, conf.int
    #    OR = odds(group 1)/odds(group 2). Timed with system.time().
    tm <- system.time(r <- cap(fisher.test(matrix(c(x1, n1 - x1, x2, n2 - x2), 2), conf.level = L)))
    if (is.null(r$error))
      emit(paste0("B_fisher_", base), level = L, p_value = r$value$p.value, estimate = unname(r$value$estimate),
           or_lower = r$value$conf.int[1], or_upper = r$value$conf.int[2],
           elapsed_sec = round(tm[["elapsed"]], 2), warnings = r$warnings)
    else emit(paste0("B_fisher_", base), level = L, error = r$error, elapsed_sec = round(tm[["elapsed"]], 2))
    # -- same conditional estimate/CI, R's code with uniroot tol=1e-14 (fisher_precise above)
    tm <- system.time(fp <- cap(fisher_precise(x1, n1, x2, n2, conf.level = L)))
    if (is.null(fp$error))
      emit(paste0("B_fisher_precise_", base), level = L, estimate = fp$value[["estimate"]],
           or_lower = fp$value[["lower"]], or_upper = fp$value[["upper"]], elapsed_sec = round(tm[["elapsed"]], 2))
    else emit(paste0("B_fisher_precise_", base), level = L, error = fp$error)
    # -- Newcombe (1998) hybrid score interval, method 10, for d = p2 - p1, from Wilson limits
    #    (l1,u1) of p1 and (l2,u2) of p2 [prop.test(x, n, correct=FALSE)$conf.int]:
    #      lower = d - sqrt((p2 - l2)^2 + (u1 - p1)^2);  upper = d + sqrt((u2 - p2)^2 + (p1 - l1)^2)
    #    For p1 - p2 (the literature's orientation): lower = (p1-p2) - sqrt((p1-l1)^2 + (u2-p2)^2),
    #    upper = (p1-p2) + sqrt((u1-p1)^2 + (p2-l2)^2)  (= negated p2-p1 bounds).
    #    DescTools::BinomDiffCI(x2, n2, x1, n1, method="score") would be the package call; not available.
    #    Method 11 (cc) uses the continuity-corrected Wilson limits of prop.test(correct=TRUE).
    w1 <- suppressWarnings(wilson(x1, n1, L)); w2 <- suppressWarnings(wilson(x2, n2, L))
    d <- p2 - p1
    nl <- d - sqrt((p2 - w2[1])^2 + (w1[2] - p1)^2); nu <- d + sqrt((w2[2] - p2)^2 + (p1 - w1[1])^2)
    d12 <- p1 - p2
    ml <- d12 - sqrt((p1 - w1[1])^2 + (w2[2] - p2)^2); mu <- d12 + sqrt((w1[2] - p1)^2 + (p2 - w2[1])^2)
    c1 <- suppressWarnings(wilson_cc(x1, n1, L)); c2 <- suppressWarnings(wilson_cc(x2, n2, L))
    cl <- d - sqrt((p2 - c2[1])^2 + (c1[2] - p1)^2); cu <- d + sqrt((c2[2] - p2)^2 + (p1 - c1[1])^2)
    emit(paste0("B_newcombe_", base), level = L, diff_p2_minus_p1 = d, lower = nl, upper = nu,
         p1_minus_p2_lower = ml, p1_minus_p2_upper = mu, cc_lower = cl, cc_upper = cu,
         wilson1 = w1, wilson2 = w2)
    # -- Katz log interval for RR = p2/p1: exp(log(RR) -/+ z*sqrt(1/x2 - 1/n2 + 1/x1 - 1/n1))
    #    (no zero-cell correction: with a zero count R yields 0/Inf/NaN as printed)
    rr <- p2 / p1; se <- sqrt(1/x2 - 1/n2 + 1/x1 - 1/n1)
    emit(paste0("B_katz_", base), level = L, rr = rr, se_log_rr = se,
         lower = exp(log(rr) - z * se), upper = exp(log(rr) + z * se))
    # -- epitools::riskratio(matrix(c(n1-x1, n2-x2, x1, x2), 2), method="wald", conf.level=L)
    #    rows = groups (row 1 = group 1 = reference), cols = (no event, event) -> RR = p2/p1.
    #    epitools' wald RR applies no zero correction (correction=FALSE default only affects chi-square p).
    if (have_epitools) {
      tm <- system.time(r <- cap(epitools::riskratio(matrix(c(n1 - x1, n2 - x2, x1, x2), 2),
                                                     method = "wald", conf.level = L)))
      if (is.null(r$error)) {
        ms <- r$value$measure; pv <- r$value$p.value
        emit(paste0("B_epitools_rr_", base), level = L, rr = ms[2, 1], lower = ms[2, 2], upper = ms[2, 3],
             p_midp_exact = pv[2, "midp.exact"], p_fisher_exact = pv[2, "fisher.exact"],
             p_chi_square = pv[2, "chi.square"], elapsed_sec = round(tm[["elapsed"]], 2), warnings = r$warnings)
      } else emit(paste0("B_epitools_rr_", base), level = L, error = r$error, elapsed_sec = round(tm[["elapsed"]], 2))
    }
  }
  # -- power.prop.test (two.sided, sig.level=0.05, strict=FALSE; default tol = eps^0.25
  #    unless "tight" which passes tol=1e-12):
  #    power_n1   = power.prop.test(n=n1, p1=x1/n1, p2=x2/n2)$power
  #    power_nbar = power.prop.test(n=(n1+n2)/2, p1=x1/n1, p2=x2/n2)$power
  #    n_for_80   = power.prop.test(p1=x1/n1, p2=x2/n2, power=0.8)$n          (per group)
  #    mde_p2_above = power.prop.test(n=n1, p1=x1/n1, power=0.8)$p2   (searches p2 in [p1,1], extendInt="yes")
  #    mde_p1_below = power.prop.test(n=n1, p2=x1/n1, power=0.8)$p1   (the only way to get an MDE
  #                   below the observed rate: R searches p1 in [0,p2] when p1 is the unknown)
  #    CAUTION: uniroot(extendInt="yes") may silently return a root OUTSIDE the search range
  #    (p1 > p2, with no warning; R only warns for p1 < 0 or p2 > 1) -> *_in_range flags.
  #    With p1 = 0 (or p2 = 0) the solve for the other proportion fails: f(lower) is NaN (0/0).
  pp <- function(...) { r <- cap(power.prop.test(...)); r }
  getv <- function(r, what) if (is.null(r$error)) r$value[[what]] else NA
  getw <- function(...) { ws <- unlist(lapply(list(...), function(r) c(r$warnings, if (!is.null(r$error)) paste("ERROR", r$error)))); if (length(ws)) paste(unique(ws), collapse = "; ") else NULL }
  r1 <- pp(n = n1, p1 = p1, p2 = p2); r2 <- pp(n = (n1 + n2)/2, p1 = p1, p2 = p2)
  r3 <- pp(p1 = p1, p2 = p2, power = 0.8); r3t <- pp(p1 = p1, p2 = p2, power = 0.8, tol = 1e-12)
  r4 <- pp(n = n1, p1 = p1, power = 0.8); r4t <- pp(n = n1, p1 = p1, power = 0.8, tol = 1e-12)
  r5 <- pp(n = n1, p2 = p1, power = 0.8); r5t <- pp(n = n1, p2 = p1, power = 0.8, tol = 1e-12)
  emit(paste0("B_power_", tag), p1 = p1, p2 = p2, power_n1 = getv(r1, "power"), power_nbar = getv(r2, "power"),
       nbar = (n1 + n2)/2, n_for_80 = getv(r3, "n"), n_for_80_tight = getv(r3t, "n"),
       mde_p2_above = getv(r4, "p2"), mde_p2_above_tight = getv(r4t, "p2"),
       mde_p1_below = getv(r5, "p1"), mde_p1_below_tight = getv(r5t, "p1"),
       mde_p2_above_in_range = { v <- getv(r4t, "p2"); !is.na(v) && v >= p1 && v <= 1 },
       mde_p1_below_in_range = { v <- getv(r5t, "p1"); !is.na(v) && v >= 0 && v <= p1 },
       notes = getw(r1, r2, r3, r3t, r4, r4t, r5, r5t))
}

# =============================================================================
# C. power.prop.test extras (each also with tol=1e-12 where something is solved,
#    and with alternative="one.sided")
# =============================================================================
C_CASES <- list(
  list(name = "n535_p1_0.05_pow0.8",           args = list(n = 535, p1 = 0.05, power = 0.8),                    out = "p2"),
  list(name = "n100_p1_0.2_pow0.9_sig0.01",    args = list(n = 100, p1 = 0.2, power = 0.9, sig.level = 0.01),   out = "p2"),
  list(name = "p1_0.05_p2_0.06_pow0.8",        args = list(p1 = 0.05, p2 = 0.06, power = 0.8),                  out = "n"),
  list(name = "n1000_p1_0.1_p2_0.13",          args = list(n = 1000, p1 = 0.1, p2 = 0.13),                      out = "power"),
  # MDE below p1 for the first case: p1 unknown, p2 = 0.05 (R searches p1 in [0, p2])
  list(name = "n535_p2_0.05_pow0.8_below",     args = list(n = 535, p2 = 0.05, power = 0.8),                    out = "p1"))
for (cc in C_CASES) {
  for (alt in c("two.sided", "one.sided")) {
    # power.prop.test(<args>, alternative=alt)[[out]]  and with tol=1e-12
    r  <- cap(do.call(power.prop.test, c(cc$args, list(alternative = alt))))
    rt <- cap(do.call(power.prop.test, c(cc$args, list(alternative = alt, tol = 1e-12))))
    emit(paste0("C_power_", cc$name, "_", alt), solved_for = cc$out,
         value = if (is.null(r$error)) r$value[[cc$out]] else NA,
         value_tight = if (is.null(rt$error)) rt$value[[cc$out]] else NA,
         warnings = r$warnings, error = r$error)
  }
  if (cc$out == "power") {
    # power.prop.test(n=1000, p1=0.1, p2=0.13, strict=TRUE)$power  (adds the other tail)
    emit(paste0("C_power_", cc$name, "_two.sided_strict"), solved_for = "power",
         value = do.call(power.prop.test, c(cc$args, list(strict = TRUE)))$power)
  }
}

# =============================================================================
# D. Binomial share tests (11 of 28)
# =============================================================================
# binom.test(x, 28, p=P, alternative="greater")$p.value; binom.test(x, 28, p=P)$p.value and $conf.int (0.95);
# also alternative="less". Two-sided p uses R's rule: sum of dbinom(i) <= dbinom(x)*(1+1e-7).
D_CASES <- list(c(11, 0.15), c(11, 0.195), c(11, 0.2), c(11, 0.205), c(11, 0.25), c(11, 0.39),
                c(0, 0.2), c(28, 0.2))
for (dc in D_CASES) {
  x <- dc[1]; P <- dc[2]
  b2 <- binom.test(x, 28, p = P)
  emit(paste0("D_binom_x", x, "_n28_p", P), x = x, n = 28, p0 = P,
       p_greater = binom.test(x, 28, p = P, alternative = "greater")$p.value,
       p_less = binom.test(x, 28, p = P, alternative = "less")$p.value,
       p_two_sided = b2$p.value, ci95_lower = b2$conf.int[1], ci95_upper = b2$conf.int[2])
}

# =============================================================================
# E. metafor random/fixed-effects meta-analysis of logit proportions
# =============================================================================
# res <- rma(measure="PLO", xi=xi, ni=ni, method=M, test=T)
#   (default add=1/2, to="only0": 0.5 is added to BOTH cells (xi and ni-xi) of a study
#    only when that study has a zero cell, i.e. yi = log((xi+.5)/(ni-xi+.5)),
#    vi = 1/(xi+.5) + 1/(ni-xi+.5); other studies: yi = log(xi/(ni-xi)), vi = 1/xi + 1/(ni-xi))
# pr <- predict(res, transf=transf.ilogit)   # pred, ci.lb, ci.ub, pi.lb, pi.ub (pi absent for FE -> NA)
# weights(res)  (percent)
# Also "tight": same call with control=list(threshold=1e-12, tol=1e-12, maxiter=10000)
#   (defaults are threshold=1e-5 for REML Fisher scoring, tol=eps^0.25 for PM's uniroot).
if (have_metafor) {
  suppressPackageStartupMessages(library(metafor))
  E_DATA <- list(
    D1 = list(xi = c(28, 32, 73, 26, 27), ni = c(535, 530, 1429, 120, 188)),
    D2 = list(xi = c(28, 32, 73),        ni = c(535, 530, 1429)),
    D3 = list(xi = c(10, 20, 30),        ni = c(100, 200, 300)),
    D4 = list(xi = c(0, 5, 12, 3),       ni = c(50, 100, 150, 80)),
    D5 = list(xi = c(2, 15, 40, 7, 90, 1), ni = c(40, 210, 380, 95, 1200, 33)))
  g <- function(obj, nm) { v <- obj[[nm]]; if (is.null(v)) NA else as.numeric(v) }
  for (dn in names(E_DATA)) {
    xi <- E_DATA[[dn]]$xi; ni <- E_DATA[[dn]]$ni
    # escalc(measure="PLO", xi=xi, ni=ni)   (default add=1/2, to="only0")
    es <- escalc(measure = "PLO", xi = xi, ni = ni)
    emit(paste0("E_escalc_", dn), xi = xi, ni = ni, yi = as.numeric(es$yi), vi = as.numeric(es$vi))
    for (M in c("REML", "DL", "PM", "FE")) for (Tt in c("z", "knha")) for (ctl in c("default", "tight")) {
      if (M == "DL" && ctl == "tight") next   # DL is closed form: tight == default
      case <- paste0("E_rma_", dn, "_", M, "_", Tt, if (ctl == "tight") "_tight" else "")
      args <- list(measure = "PLO", xi = xi, ni = ni, method = M, test = Tt)
      if (ctl == "tight") args$control <- list(threshold = 1e-12, tol = 1e-12, maxiter = 10000)
      r <- cap(do.call(rma, args))
      if (!is.null(r$error)) { emit(case, error = r$error); next }
      res <- r$value
      pr <- predict(res, transf = transf.ilogit)
      emit(case, k = res$k, b = as.numeric(res$b), se = res$se, zval = res$zval, pval = res$pval,
           ddf = if (!is.null(res$ddf)) res$ddf else NA,
           ci_lb = res$ci.lb, ci_ub = res$ci.ub, tau2 = res$tau2, se_tau2 = res$se.tau2,
           I2 = res$I2, H2 = res$H2, QE = res$QE, QEp = res$QEp,
           pred = g(pr, "pred"), pred_ci_lb = g(pr, "ci.lb"), pred_ci_ub = g(pr, "ci.ub"),
           pred_pi_lb = g(pr, "pi.lb"), pred_pi_ub = g(pr, "pi.ub"),
           weights_pct = as.numeric(weights(res)), yi = as.numeric(res$yi), vi = as.numeric(res$vi),
           warnings = r$warnings)
    }
  }
}
comment("end")
