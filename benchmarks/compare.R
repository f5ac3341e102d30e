# The R side of the `compare` benchmark (benchmarks/run.py): the two counts that
# `fr-stats compare aclu2018 comparitech2020` compares, read from fr-stats' own
# data/studies.csv (the 80% threshold, all probes), through prop.test (with and
# without Yates' correction) and fisher.test.
#
# Usage: Rscript benchmarks/compare.R

script <- sub("^--file=", "", grep("^--file=", commandArgs(FALSE), value = TRUE))
studies <- read.csv(file.path(dirname(script), "..", "data", "studies.csv"),
                    colClasses = "character", encoding = "UTF-8")

counts <- function(id) {
  row <- studies[studies$id == id & studies$threshold == "80" & studies$subgroup == "all", ]
  stopifnot(nrow(row) == 1)
  c(x = as.numeric(row$false_matches), n = as.numeric(row$tested))
}

a <- counts("aclu2018")         # 28 of 535
b <- counts("comparitech2020")  # 32 of 530

# B compared with A, as fr-stats does.
print(prop.test(c(b[["x"]], a[["x"]]), c(b[["n"]], a[["n"]]), correct = FALSE))
print(prop.test(c(b[["x"]], a[["x"]]), c(b[["n"]], a[["n"]])))
print(fisher.test(matrix(c(b[["x"]], b[["n"]] - b[["x"]], a[["x"]], a[["n"]] - a[["x"]]),
                         nrow = 2, byrow = TRUE)))
