#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# series-committed.sh — "make series": the mail-ready series of what is
# committed in the repository, in out/series, checked with git am.
. "$(dirname "$0")/lib.sh"

src=$(mktemp -d)
trap 'rm -rf "$src"' EXIT
git -C "$REPO" archive HEAD | tar -x -C "$src"
"$HARNESS/tree.sh" "$CI_TREE" "$src"
"$HARNESS/series.sh" "$CI_TREE" "$OUT/series" "$src"
ls "$OUT/series"
