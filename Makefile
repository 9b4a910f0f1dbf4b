# SPDX-License-Identifier: GPL-2.0
# vfio-svm: entry point. "make help" lists the targets.

SHELL := /bin/bash
H := harness
ARCH ?= x86_64

.PHONY: help deps demo test bench tree export status build check series clean fuzz allmod prefixes

help:
	@echo "make demo     build and boot both patched kernels, run the demo"
	@echo "make test     every test from committed state; ends 'N passed, N failed'"
	@echo "make bench    benchmark kernel (no debug options): the performance table (ARCH=arm64 too)"
	@echo "make tree     (re)create the developer tree linux/ from the repository"
	@echo "make export   write commits made in linux/ back into patches/ and the overlay"
	@echo "make status   report edits in linux/ not yet exported or committed"
	@echo "make build    build linux/ for ARCH=$(ARCH) (x86_64 or arm64)"
	@echo "make check    static checks on linux/ (checkpatch, kernel-doc, sparse, W=1)"
	@echo "make series   git format-patch series + cover letter in out/series, git am-checked"
	@echo "make deps     install packages, base tree and QEMU 10 (run by the others)"
	@echo "make fuzz     x86_64 debug kernel, 1,000,000 fuzzer calls (FUZZ_SEED=n to replay)"
	@echo "make allmod   x86_64 allmodconfig build of drivers/iommu, drivers/vfio: no new warnings"
	@echo "make prefixes every prefix of the series builds (x86_64 and arm64)"

deps:
	$(H)/deps.sh

demo: deps
	$(H)/demo.sh

test:
	$(H)/test.sh

bench: deps
	$(H)/bench.sh $(ARCH)

tree: deps
	@if [ -d linux/.git ] && [ -z "$(FORCE)" ] && ! $(H)/status.sh >/dev/null; then \
		$(H)/status.sh; echo "linux/ holds unexported work; 'make export' or FORCE=1"; exit 1; fi
	$(H)/tree.sh $(CURDIR)/linux

export:
	$(H)/export.sh

status:
	$(H)/status.sh

build: deps
	$(H)/build-kernel.sh $(ARCH) $(CURDIR)/linux

check: deps
	$(H)/series.sh $(CURDIR)/linux out/dev-series
	: > out/dev-counts
	$(H)/static-checks.sh $(CURDIR)/linux out/dev-series out/dev-counts

series: deps
	$(H)/series-committed.sh

fuzz: deps
	$(H)/fuzz.sh

allmod: deps
	$(H)/allmod.sh

prefixes: deps
	$(H)/prefixes.sh

clean:
	rm -rf out
