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
