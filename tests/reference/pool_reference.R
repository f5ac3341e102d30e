#!/usr/bin/env Rscript
# Reference values for tests/test_pool.py (R 4.2.2, metafor 3.8-1).
# Run: Rscript tests/reference/pool_reference.R > /tmp/pool_reference.txt
# One line per case, "|"-separated:
#   data | method | test | level | pred | ci.lb | ci.ub | pi.lb | pi.ub | tau2 | I2/100 |
#   QE | QEp | weights/100 | b (logit) | se
# for res <- rma(measure="PLO", xi=, ni=, method=, test=, level=, control=tight)
# and predict(res, transf=transf.ilogit, level=). Tight control so that REML and
# PM are solved to ~1e-13 rather than metafor's default 1e-5 / eps^0.25.
suppressPackageStartupMessages(library(metafor))
D <- list(
  DEF = list(xi=c(28,26,32,73), ni=c(535,120,530,1429)),
  D1 = list(xi = c(28, 32, 73, 26, 27), ni = c(535, 530, 1429, 120, 188)),
  D2 = list(xi = c(28, 32, 73),        ni = c(535, 530, 1429)),
  D3 = list(xi = c(10, 20, 30),        ni = c(100, 200, 300)),
  D4 = list(xi = c(0, 5, 12, 3),       ni = c(50, 100, 150, 80)),
  D5 = list(xi = c(2, 15, 40, 7, 90, 1), ni = c(40, 210, 380, 95, 1200, 33)),
  D6 = list(xi = c(3, 11, 250, 9, 60, 0, 14), ni = c(45, 300, 1000, 60, 900, 25, 14)),
  D7 = list(xi = c(28, 32), ni = c(535, 530)),
  D8 = list(xi = c(5, 9, 4, 12), ni = c(100, 120, 90, 150)))
for (dn in names(D)) for (M in c("REML","DL","PM","FE")) for (Tt in c("z","knha")) for (L in c(0.95, 0.9)) {
  xi <- D[[dn]]$xi; ni <- D[[dn]]$ni
  res <- rma(measure="PLO", xi=xi, ni=ni, method=M, test=Tt, level=100*L, control=list(threshold=1e-13, tol=1e-13, maxiter=10000))
  pr <- predict(res, transf=transf.ilogit, level=100*L)
  f <- function(x) if (is.null(x)) "NA" else paste(sprintf("%.15g", x), collapse=",")
  cat(dn, M, Tt, L, f(pr$pred), f(pr$ci.lb), f(pr$ci.ub), f(pr$pi.lb), f(pr$pi.ub), f(res$tau2), f(res$I2/100), f(res$QE), f(res$QEp), f(weights(res)/100), f(res$b), f(res$se), "\n", sep="|")
}

# Paule–Mandel with one study of a million people or more among small ones
# (an iteration started at tau2 = 0 can stop unconverged there): same format.
P <- list(
  P1 = list(xi = c(1110, 470387, 1), ni = c(1797, 1000000, 46)),
  P2 = list(xi = c(1609500, 1548, 1657), ni = c(2508683, 2653, 2908)),
  P3 = list(xi = c(3409393, 846, 2465, 1561, 241), ni = c(4455282, 1072, 2711, 1562, 1597)),
  P4 = list(xi = c(301294, 819, 762, 2453, 1871, 0), ni = c(1617844, 1606, 810, 2895, 2642, 30)))
for (dn in names(P)) for (Tt in c("z","knha")) for (L in c(0.95, 0.9)) {
  xi <- P[[dn]]$xi; ni <- P[[dn]]$ni
  res <- rma(measure="PLO", xi=xi, ni=ni, method="PM", test=Tt, level=100*L, control=list(threshold=1e-13, tol=1e-13, maxiter=10000))
  pr <- predict(res, transf=transf.ilogit, level=100*L)
  f <- function(x) if (is.null(x)) "NA" else paste(sprintf("%.15g", x), collapse=",")
  cat(dn, "PM", Tt, L, f(pr$pred), f(pr$ci.lb), f(pr$ci.ub), f(pr$pi.lb), f(pr$pi.ub), f(res$tau2), f(res$I2/100), f(res$QE), f(res$QEp), f(weights(res)/100), f(res$b), f(res$se), "\n", sep="|")
}

# REML with a tiny positive tau2 (studies of 8 to 12 million). metafor's REML
# stops when a Fisher-scoring step changes tau2 by less than an absolute
# threshold, so a tau2 of order 1e-11 needs threshold = 1e-22 to keep its digits.
# T2 has two studies, where REML has the closed form ((y1 - y2)^2 - v1 - v2)/2.
R <- list(
  T2 = list(xi = c(2000190, 2398173), ni = c(10000000, 12000000)),
  T3 = list(xi = c(2000000, 2400000, 1601978), ni = c(10000000, 12000000, 8000012)))
for (dn in names(R)) {
  xi <- R[[dn]]$xi; ni <- R[[dn]]$ni
  res <- rma(measure="PLO", xi=xi, ni=ni, method="REML", control=list(threshold=1e-22, maxiter=1000))
  pr <- predict(res, transf=transf.ilogit)
  f <- function(x) if (is.null(x)) "NA" else paste(sprintf("%.15g", x), collapse=",")
  cat(dn, "REML", "z", 0.95, f(pr$pred), f(pr$ci.lb), f(pr$ci.ub), f(pr$pi.lb), f(pr$pi.ub), f(res$tau2), f(res$I2/100), f(res$QE), f(res$QEp), f(weights(res)/100), f(res$b), f(res$se), "\n", sep="|")
  yi <- log(xi/(ni - xi)); vi <- 1/xi + 1/(ni - xi)
  score <- function(t2) { w <- 1/(vi + t2); sw <- sum(w); mu <- sum(w*yi)/sw; sum(w^2*(yi - mu)^2) - (sw - sum(w^2)/sw) }
  cat(dn, "REML score root", f(uniroot(score, c(0, 1e-6), tol=1e-30)$root), "\n", sep="|")
  if (length(xi) == 2) cat(dn, "REML closed form", f(((yi[1] - yi[2])^2 - vi[1] - vi[2])/2), "\n", sep="|")
}
