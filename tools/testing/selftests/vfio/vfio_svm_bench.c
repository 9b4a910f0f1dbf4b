// SPDX-License-Identifier: GPL-2.0-only
/*
 * vfio_svm_bench: what the VFIO SVM uAPI costs, measured on the mock IOMMU
 * (CONFIG_IOMMU_SVM_MOCK), next to what it is meant to beat.
 *
 * Nested translation is there so that a VMM does not shadow its guest's
 * I/O page tables. With a stage 1 bound, a guest remap costs one PTE write
 * in guest memory and one invalidation passed down; shadowed, it costs a
 * VFIO_IOMMU_UNMAP_DMA and a VFIO_IOMMU_MAP_DMA (unpin, stage-2 flush, pin,
 * map) per page. Nesting must win by far (c), binding must not depend on
 * the size of the table (d), and invalidations, which a guest issues all
 * the time, must amortise over a batch (b), not slow down with the number
 * of bindings (e) or grow faster than the number of devices (f), and cost
 * no more than the same job through iommufd's IOMMU_HWPT_INVALIDATE on its
 * selftest mock (a). The mock IOMMU does its work in software, so what is
 * measured is the kernel's path, not hardware.
 *
 * Figures (ns per unit):
 *   floor            VFIO_CHECK_EXTENSION on a set-up container
 *   svm_inv_bN       VFIO_IOMMU_SVM_INVALIDATE, IOTLB x PASID entries, N a
 *                    call, PASID table bound; per entry
 *   svm_copy_b4096   the same with 4096 entries, the first malformed:
 *                    what reading a batch in costs, per entry (the
 *                    kernel allocates, copies all of it, checks entry 0
 *                    and refuses it; no other entry is checked)
 *   iommufd_inv_bN   IOMMU_HWPT_INVALIDATE on a selftest nested HWPT, N
 *                    entries a call; per entry
 *   remap_nested     stage-1 PTE write + one IOTLB ADDR invalidation
 *   remap_shadow     UNMAP_DMA + MAP_DMA of one 4 KiB page (type1v2)
 *   bind_1, bind_1m  bind + unbind of a PASID table of 1 and 2^20 entries
 *   pasid_inv_N      one IOTLB x PASID invalidation, N page tables bound
 *   dom_inv_devN     one IOTLB x DOMAIN invalidation, PASID table bound
 *                    on the groups of N mock devices
 *   bind_devN        bind + unbind of that PASID table
 * Ratios and targets: a_bN = svm_inv_bN / iommufd_inv_bN <= 1.0;
 * a_copy = svm_copy_b4096 / iommufd_inv_b4096, no target ("info");
 * b = svm_inv_b1 / svm_inv_b64 >= 8; c = remap_shadow / remap_nested >= 10;
 * d = bind_1m / bind_1 <= 1.2; e = pasid_inv_4096 / pasid_inv_1 <= 1.5;
 * f_inv = dom_inv_dev64 / (64 * dom_inv_dev1) <= 1.0, f_bind likewise.
 *
 * Each figure is taken R times (11; 3 with --short; --reps N), each time
 * as L back-to-back calls timed with CLOCK_MONOTONIC; the median, min and
 * max of the R values are reported. L is calibrated at run time so that a
 * repetition takes about 30 ms (1.5 ms with --short), at least one call.
 * The figures of ratios a_bN and b (the six invalidation figures) take
 * their repetitions in turn, and so do the two of c, so that the
 * machine's drift during the boot reaches them alike; c sets up each
 * repetition anew, on the same device (one container at a time).
 * Ratios are only printed, never judged: timing never fails a result.
 *
 * Output: KTAP, one result per figure and ratio, each followed by a
 * "# BENCH {...}" or "# RATIO {...}" line of JSON, then a table. Run as
 * root; exits 4 (skip) without mock devices.
 */
#include <dirent.h>
#include <stdarg.h>
#include <stdbool.h>
#include <time.h>

#define VFIO_SVM_NO_HARNESS
#include "vfio_svm_utils.h"
#include "../../../../drivers/iommu/iommufd/iommufd_test.h"

#define KSFT_FAIL	1
#define KSFT_SKIP	4

#define TARGET_NS	30e6	/* one repetition, normal mode */
#define SHORT_DIV	20	/* --short: loops divided by this */
#define MAX_LOOPS	(4UL << 20)
#define MAX_REPS	1001
#define MAX_DEVS	256
#define MAX_BATCH	4096
#define NR_PASIDS_MAX	4096

#define LIMIT_PARAM	"/sys/module/vfio_iommu_type1/parameters/svm_binding_limit"

/* The guest's memory, BUF_SIZE bytes at TABLE_IOVA, as vfio_svm.c has it */
#define ROOT_OFF	(PGD_IOVA - TABLE_IOVA)	/* MKPT root page */
#define LEAF_OFF	0x2000			/* MKPT leaf page */
#define DATA_OFF(n)	(0x4000 + (n) * 0x1000)	/* data pages */
#define S1_VA		0x10000ULL		/* stage-1 address remapped */
#define MKPT_VALID	1ULL
#define MKPT_WRITE	2ULL
#define REMAP_PASID	5
#define SHADOW_IOVA	0x200000ULL
#define BIG_TABLE	(8ULL << 20)		/* 2^20 PASIDs of 8 bytes */

enum {
	FLOOR,
	SVM_B1, SVM_B64, SVM_B4096, SVM_COPY,
	IOMMUFD_B1, IOMMUFD_B64, IOMMUFD_B4096,
	A_B1, A_B64, A_B4096, A_COPY,
	B,
	REMAP_NESTED, REMAP_SHADOW,
	C,
	BIND_1, BIND_1M,
	D,
	PINV_1, PINV_64, PINV_1024, PINV_4096,
	E,
	DINV_1, DINV_8, DINV_64,
	BDEV_1, BDEV_8, BDEV_64,
	F_INV, F_BIND,
	NR_ITEMS
};

enum item_state { ST_NONE, ST_OK, ST_SKIP, ST_FAIL };

/* A figure (@unit set) or a ratio: @num / (@scale * @den). */
struct item {
	const char *id;
	const char *unit;
	int num, den, scale;
	const char *target;
	enum item_state state;
	char why[192];		/* skip or failure reason */
	char note[128];
	int err;
	double median, min, max, value;
	unsigned long loops;
	int reps;
};

#define FIG(i, u)		{ .id = i, .unit = u }
#define RATIO(i, n, d, s, t)	{ .id = i, .num = n, .den = d, .scale = s, \
				  .target = t }

static struct item items[NR_ITEMS] = {
	[FLOOR] = FIG("floor", "ns/call"),
	[SVM_B1] = FIG("svm_inv_b1", "ns/entry"),
	[SVM_B64] = FIG("svm_inv_b64", "ns/entry"),
	[SVM_B4096] = FIG("svm_inv_b4096", "ns/entry"),
	[SVM_COPY] = FIG("svm_copy_b4096", "ns/entry"),
	[IOMMUFD_B1] = FIG("iommufd_inv_b1", "ns/entry"),
	[IOMMUFD_B64] = FIG("iommufd_inv_b64", "ns/entry"),
	[IOMMUFD_B4096] = FIG("iommufd_inv_b4096", "ns/entry"),
	[A_B1] = RATIO("a_b1", SVM_B1, IOMMUFD_B1, 1, "<=1.0"),
	[A_B64] = RATIO("a_b64", SVM_B64, IOMMUFD_B64, 1, "<=1.0"),
	[A_B4096] = RATIO("a_b4096", SVM_B4096, IOMMUFD_B4096, 1, "<=1.0"),
	[A_COPY] = RATIO("a_copy", SVM_COPY, IOMMUFD_B4096, 1, "info"),
	[B] = RATIO("b", SVM_B1, SVM_B64, 1, ">=8"),
	[REMAP_NESTED] = FIG("remap_nested", "ns/remap"),
	[REMAP_SHADOW] = FIG("remap_shadow", "ns/remap"),
	[C] = RATIO("c", REMAP_SHADOW, REMAP_NESTED, 1, ">=10"),
	[BIND_1] = FIG("bind_1", "ns/bind+unbind"),
	[BIND_1M] = FIG("bind_1m", "ns/bind+unbind"),
	[D] = RATIO("d", BIND_1M, BIND_1, 1, "<=1.2"),
	[PINV_1] = FIG("pasid_inv_1", "ns/call"),
	[PINV_64] = FIG("pasid_inv_64", "ns/call"),
	[PINV_1024] = FIG("pasid_inv_1024", "ns/call"),
	[PINV_4096] = FIG("pasid_inv_4096", "ns/call"),
	[E] = RATIO("e", PINV_4096, PINV_1, 1, "<=1.5"),
	[DINV_1] = FIG("dom_inv_dev1", "ns/call"),
	[DINV_8] = FIG("dom_inv_dev8", "ns/call"),
	[DINV_64] = FIG("dom_inv_dev64", "ns/call"),
	[BDEV_1] = FIG("bind_dev1", "ns/bind+unbind"),
	[BDEV_8] = FIG("bind_dev8", "ns/bind+unbind"),
	[BDEV_64] = FIG("bind_dev64", "ns/bind+unbind"),
	[F_INV] = RATIO("f_inv", DINV_64, DINV_1, 64, "<=1.0"),
	[F_BIND] = RATIO("f_bind", BDEV_64, BDEV_1, 64, "<=1.0"),
};

static int opt_reps;		/* 0: 11, or 3 with --short */
static bool opt_short;
static int devs[MAX_DEVS];	/* mock device numbers, ascending */
static int dev_groups[MAX_DEVS];	/* their IOMMU groups */
static int nr_devs;
static int tap_next;		/* next item to print */

/* ---- results ---- */

static void item_skip(int idx, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(items[idx].why, sizeof(items[idx].why), fmt, ap);
	va_end(ap);
	items[idx].state = ST_SKIP;
}

static void item_note(int idx, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(items[idx].note, sizeof(items[idx].note), fmt, ap);
	va_end(ap);
}

/* @what failed with @err. */
static void item_fail_err(int idx, const char *what, int err)
{
	snprintf(items[idx].why, sizeof(items[idx].why), "%s: %s (errno %d)",
		 what, strerror(err), err);
	items[idx].err = err;
	items[idx].state = ST_FAIL;
}

static void item_fail(int idx, const char *what)
{
	item_fail_err(idx, what, errno);
}

/* A failure that is no errno. */
static void item_fail_msg(int idx, const char *msg)
{
	snprintf(items[idx].why, sizeof(items[idx].why), "%s", msg);
	items[idx].err = 0;
	items[idx].state = ST_FAIL;
}

static void fail_range(int first, int last, const char *what)
{
	int err = errno, i;

	for (i = first; i <= last; i++)
		item_fail_err(i, what, err);
}

static void skip_range(int first, int last, const char *why)
{
	int i;

	for (i = first; i <= last; i++)
		item_skip(i, "%s", why);
}

/* ---- timing ---- */

typedef int (*op_fn)(void *arg);	/* 0, or -1 with errno */

static double now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e9 + ts.tv_nsec;
}

/* @n calls of @op: the time taken in ns, or -1 with errno. */
static double run_loop(op_fn op, void *arg, unsigned long n)
{
	double t0 = now_ns();
	unsigned long i;

	for (i = 0; i < n; i++)
		if (op(arg))
			return -1;
	return now_ns() - t0;
}

static double target_ns(void)
{
	return opt_short ? TARGET_NS / SHORT_DIV : TARGET_NS;
}

/* The loop count of one repetition; 0 with errno if @op failed. */
static unsigned long calibrate(op_fn op, void *arg)
{
	unsigned long n = 1;
	double t, loops;

	for (;;) {
		t = run_loop(op, arg, n);
		if (t < 0)
			return 0;
		if (t >= target_ns() / 8 || n >= MAX_LOOPS)
			break;
		n *= 4;
	}
	loops = t > 0 ? target_ns() * n / t : MAX_LOOPS;
	if (loops < 1)
		return 1;
	return loops > MAX_LOOPS ? MAX_LOOPS : (unsigned long)loops;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

/*
 * The repetitions of figure @idx as they are taken: @op does @units units
 * a call. Figures compared by a ratio take theirs in turn, so that drift
 * in the machine's speed during a boot reaches both alike.
 */
struct reps {
	int idx;
	op_fn op;
	void *arg;
	double units;
	unsigned long loops;	/* calls a repetition; 0 until calibrated */
	int n;
	double samples[MAX_REPS];
};

static void reps_init(struct reps *s, int idx, op_fn op, void *arg,
		      double units)
{
	*s = (struct reps){ .idx = idx, .op = op, .arg = arg, .units = units };
}

/* One more repetition (calibrated by the first): 0, or -1 with errno. */
static int reps_take(struct reps *s)
{
	double t;

	if (!s->loops) {
		s->loops = calibrate(s->op, s->arg);
		if (!s->loops)
			return -1;
	}
	t = run_loop(s->op, s->arg, s->loops);
	if (t < 0)
		return -1;
	s->samples[s->n++] = t / (s->loops * s->units);
	return 0;
}

/* The figure: median, min and max of the repetitions. */
static void reps_done(struct reps *s)
{
	struct item *it = &items[s->idx];
	int n = s->n;

	qsort(s->samples, n, sizeof(s->samples[0]), cmp_double);
	it->median = n % 2 ? s->samples[n / 2] :
		     (s->samples[n / 2 - 1] + s->samples[n / 2]) / 2;
	it->min = s->samples[0];
	it->max = s->samples[n - 1];
	it->loops = s->loops;
	it->reps = n;
	it->state = ST_OK;
}

/*
 * The figures of @set, set up by reps_init(), their repetitions in turn;
 * @what[i] names the call of @set[i] in a failure. A figure whose call
 * fails is failed, and the others go on.
 */
static void measure_set(struct reps *set, const char *const *what, int n)
{
	bool ok[NR_ITEMS];
	int r, i, live = n;

	for (i = 0; i < n; i++)
		ok[i] = true;
	for (r = 0; r < opt_reps && live; r++) {
		for (i = 0; i < n; i++) {
			if (!ok[i] || !reps_take(&set[i]))
				continue;
			item_fail(set[i].idx, what[i]);
			ok[i] = false;
			live--;
		}
	}
	for (i = 0; i < n; i++)
		if (ok[i])
			reps_done(&set[i]);
}

/* Figure @idx alone; @what names the call in a failure. */
static void measure(int idx, const char *what, op_fn op, void *arg,
		    double units)
{
	static struct reps s;

	reps_init(&s, idx, op, arg, units);
	measure_set(&s, &what, 1);
}

/* ---- output ---- */

static void json_str(const char *s)
{
	putchar('"');
	for (; *s; s++) {
		if (*s == '"' || *s == '\\')
			printf("\\%c", *s);
		else if ((unsigned char)*s < 0x20)
			printf("\\u%04x", *s);
		else
			putchar(*s);
	}
	putchar('"');
}

static void print_figure(int n, struct item *it)
{
	if (it->state == ST_NONE) {
		it->state = ST_FAIL;
		snprintf(it->why, sizeof(it->why), "not measured");
	}
	if (it->state == ST_SKIP)
		printf("ok %d %s # SKIP %s\n", n, it->id, it->why);
	else
		printf("%sok %d %s\n", it->state == ST_OK ? "" : "not ", n,
		       it->id);
	printf("# BENCH {\"id\":\"%s\",", it->id);
	if (it->state == ST_OK) {
		printf("\"unit\":\"%s\",\"median\":%.1f,", it->unit,
		       it->median);
		printf("\"min\":%.1f,\"max\":%.1f,\"reps\":%d,\"loops\":%lu",
		       it->min, it->max, it->reps, it->loops);
		if (it->note[0]) {
			printf(",\"note\":");
			json_str(it->note);
		}
	} else {
		printf(it->state == ST_SKIP ? "\"skip\":" : "\"error\":");
		json_str(it->why);
		if (it->state == ST_FAIL && it->err)
			printf(",\"errno\":%d", it->err);
	}
	printf("}\n");
}

/* A ratio's state follows its figures': skipped or failed with them. */
static void compute_ratio(struct item *it)
{
	const struct item *num = &items[it->num], *den = &items[it->den];
	const struct item *bad = num->state != ST_OK ? num : den;

	if (num->state == ST_OK && den->state == ST_OK) {
		if (den->median > 0) {
			it->value = num->median / (it->scale * den->median);
			it->state = ST_OK;
			return;
		}
		it->state = ST_FAIL;
		snprintf(it->why, sizeof(it->why), "%s is 0", den->id);
		return;
	}
	it->state = bad->state == ST_SKIP ? ST_SKIP : ST_FAIL;
	snprintf(it->why, sizeof(it->why), "%s %s", bad->id,
		 bad->state == ST_SKIP ? "skipped" : "failed");
}

static void print_ratio(int n, struct item *it)
{
	compute_ratio(it);
	if (it->state == ST_SKIP)
		printf("ok %d %s # SKIP %s\n", n, it->id, it->why);
	else
		printf("%sok %d %s\n", it->state == ST_OK ? "" : "not ", n,
		       it->id);
	printf("# RATIO {\"id\":\"%s\",", it->id);
	if (it->state == ST_OK) {
		printf("\"value\":%.3f,", it->value);
	} else {
		printf(it->state == ST_SKIP ? "\"skip\":" : "\"error\":");
		json_str(it->why);
		putchar(',');
	}
	printf("\"target\":\"%s\"}\n", it->target);
}

/* Print every result up to item @last, in order. */
static void flush_items(int last)
{
	for (; tap_next <= last; tap_next++) {
		if (items[tap_next].unit)
			print_figure(tap_next + 1, &items[tap_next]);
		else
			print_ratio(tap_next + 1, &items[tap_next]);
	}
}

static void print_table(double elapsed)
{
	const struct item *it;
	int i;

	printf("#\n# %-18s %-15s %12s %12s %12s %4s %8s\n", "figure", "unit",
	       "median", "min", "max", "reps", "loops");
	for (i = 0; i < NR_ITEMS; i++) {
		it = &items[i];
		if (!it->unit)
			continue;
		if (it->state != ST_OK)
			printf("# %-18s %s: %s\n", it->id,
			       it->state == ST_SKIP ? "skipped" : "FAILED",
			       it->why);
		else
			printf("# %-18s %-15s %12.1f %12.1f %12.1f %4d %8lu%s%s\n",
			       it->id, it->unit, it->median, it->min, it->max,
			       it->reps, it->loops, it->note[0] ? "  " : "",
			       it->note);
	}
	printf("#\n# %-18s %12s  %s\n", "ratio", "value", "target");
	for (i = 0; i < NR_ITEMS; i++) {
		it = &items[i];
		if (it->unit)
			continue;
		if (it->state == ST_OK)
			printf("# %-18s %12.3f  %s\n", it->id, it->value,
			       it->target);
		else
			printf("# %-18s %12s  %s (%s)\n", it->id, "-",
			       it->target, it->why);
	}
	printf("#\n# %d repetitions, ~%.1f ms each, %.1f s in all\n",
	       opt_reps, target_ns() / 1e6, elapsed / 1e9);
}

/* ---- mock devices and containers ---- */

static int cmp_int(const void *a, const void *b)
{
	return *(const int *)a - *(const int *)b;
}

/* Find the mock devices and their groups; returns how many. */
static int find_devices(void)
{
	struct dirent *e;
	DIR *dir;
	char c;
	int n, i;

	dir = opendir(MOCK_SYSFS);
	if (!dir)
		return 0;
	while ((e = readdir(dir)) && nr_devs < MAX_DEVS)
		if (sscanf(e->d_name, "svm_mock%d%c", &n, &c) == 1 && n >= 0)
			devs[nr_devs++] = n;
	closedir(dir);
	qsort(devs, nr_devs, sizeof(devs[0]), cmp_int);
	for (i = 0; i < nr_devs; i++)
		dev_groups[i] = mock_group(devs[i]);
	return nr_devs;
}

static int count_groups(int nr)
{
	int i, j, groups = 0;

	for (i = 0; i < nr; i++) {
		for (j = 0; j < i && dev_groups[j] != dev_groups[i]; j++)
			;
		groups += j == i;
	}
	return groups;
}

/* How many mock devices the groups of the first @nr devices hold. */
static int devices_in_groups(int nr)
{
	int i, j, n = 0;

	for (i = 0; i < nr_devs; i++) {
		for (j = 0; j < nr && dev_groups[j] != dev_groups[i]; j++)
			;
		n += j < nr;
	}
	return n;
}

/* A container, the groups of some mock devices, guest memory mapped. */
struct box {
	int container;
	int nr_groups;
	int fds[MAX_DEVS];
	int ids[MAX_DEVS];
	void *mem;
	size_t mem_size;
	const char *what;	/* the step that failed */
};

static void box_close(struct box *bx)
{
	int err = errno;

	while (bx->nr_groups)
		close(bx->fds[--bx->nr_groups]);
	if (bx->container >= 0)
		close(bx->container);
	bx->container = -1;
	if (bx->mem)
		munmap(bx->mem, bx->mem_size);
	bx->mem = NULL;
	errno = err;
}

static bool box_has_group(const struct box *bx, int group)
{
	int i;

	for (i = 0; i < bx->nr_groups; i++)
		if (bx->ids[i] == group)
			return true;
	return false;
}

/* Put the groups of the first @nr mock devices in a container of @type. */
static int box_open(struct box *bx, int nr, int type)
{
	int i, fd;

	memset(bx, 0, sizeof(*bx));
	bx->what = "open /dev/vfio/vfio";
	bx->container = open("/dev/vfio/vfio", O_RDWR);
	if (bx->container < 0)
		return -1;
	for (i = 0; i < nr; i++) {
		if (box_has_group(bx, dev_groups[i]))
			continue;
		bx->what = "VFIO_GROUP_SET_CONTAINER";
		fd = group_attach(bx->container, devs[i]);
		if (fd < 0)
			goto err;
		bx->ids[bx->nr_groups] = dev_groups[i];
		bx->fds[bx->nr_groups++] = fd;
		bx->what = "VFIO_SET_IOMMU";
		if (bx->nr_groups == 1 &&
		    ioctl(bx->container, VFIO_SET_IOMMU, type))
			goto err;
	}
	return 0;
err:
	box_close(bx);
	return -1;
}

/* Map @size bytes of fresh memory at TABLE_IOVA. */
static int box_map(struct box *bx, size_t size)
{
	bx->what = "mmap";
	bx->mem = mmap(NULL, size, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (bx->mem == MAP_FAILED) {
		bx->mem = NULL;
		return -1;
	}
	bx->mem_size = size;
	bx->what = "VFIO_IOMMU_MAP_DMA";
	return dma_map(bx->container, bx->mem, TABLE_IOVA, size);
}

static __u64 *u64_at(void *buf, size_t off)
{
	return (__u64 *)((char *)buf + off);
}

static void inv_entry(struct mock_inv *inv, __u32 granu, __u32 pasid)
{
	memset(inv, 0, sizeof(*inv));
	inv->e.caches = IOMMU_SVM_INV_CACHE_IOTLB;
	inv->e.granu = granu;
	inv->e.pasid = pasid;
}

/* ---- the operations timed ---- */

static int op_floor(void *arg)
{
	int container = *(int *)arg;

	return ioctl(container, VFIO_CHECK_EXTENSION, VFIO_TYPE1v2_IOMMU) < 0 ?
	       -1 : 0;
}

struct inv_op {
	int container;
	struct mock_inv *ents;
	__u32 n;
};

static int op_svm_inv(void *arg)
{
	struct inv_op *o = arg;

	return svm_inv(o->container, o->ents, o->n, NULL);
}

/* A batch refused at its first entry, as it must be: EINVAL, none done */
static int op_svm_copy(void *arg)
{
	struct inv_op *o = arg;
	__u32 done = o->n;

	if (!svm_inv(o->container, o->ents, o->n, &done) ||
	    errno != EINVAL || done)
		return -1;
	return 0;
}

struct ifd_op {
	int fd;
	__u32 hwpt;
	struct iommu_hwpt_invalidate_selftest *ents;
	__u32 n;
};

static int op_iommufd_inv(void *arg)
{
	struct ifd_op *o = arg;
	struct iommu_hwpt_invalidate cmd = {
		.size = sizeof(cmd),
		.hwpt_id = o->hwpt,
		.data_uptr = (__u64)(unsigned long)o->ents,
		.data_type = IOMMU_HWPT_INVALIDATE_DATA_SELFTEST,
		.entry_len = sizeof(*o->ents),
		.entry_num = o->n,
	};

	return ioctl(o->fd, IOMMU_HWPT_INVALIDATE, &cmd);
}

struct remap_op {
	int container;
	__u64 *pte;
	__u64 pages[2];
	unsigned long n;
	struct mock_inv inv;
};

static int op_remap_nested(void *arg)
{
	struct remap_op *o = arg;

	*o->pte = o->pages[o->n++ & 1];
	return svm_inv(o->container, &o->inv, 1, NULL);
}

static int dma_unmap(int container, __u64 iova, __u64 size)
{
	struct vfio_iommu_type1_dma_unmap u = {
		.argsz = sizeof(u),
		.iova = iova,
		.size = size,
	};

	if (ioctl(container, VFIO_IOMMU_UNMAP_DMA, &u))
		return -1;
	if (u.size != size) {
		errno = ENOENT;
		return -1;
	}
	return 0;
}

struct shadow_op {
	int container;
	char *pages;
	unsigned long n;
};

static int op_remap_shadow(void *arg)
{
	struct shadow_op *o = arg;

	if (dma_unmap(o->container, SHADOW_IOVA, 0x1000))
		return -1;
	return dma_map(o->container, o->pages + (o->n++ & 1) * 0x1000,
		       SHADOW_IOVA, 0x1000);
}

struct bind_op {
	int container;
	struct vfio_iommu_svm_bind b;
};

static int op_bind_table(void *arg)
{
	struct bind_op *o = arg;

	if (ioctl(o->container, VFIO_IOMMU_BIND, &o->b))
		return -1;
	return svm_unbind(o->container, VFIO_SVM_BIND_PASID_TABLE, 0);
}

/* ---- a, b: batched invalidations, VFIO and iommufd ---- */

static const __u32 batches[] = { 1, 64, MAX_BATCH };

/* iommufd: a mock device, a nest-parent HWPT and a nested one over it. */
struct ifd {
	int fd;
	__u32 nested;
	const char *what;
};

static int ifd_hwpt_alloc(struct ifd *f, struct iommu_hwpt_alloc *cmd)
{
	cmd->size = sizeof(*cmd);
	return ioctl(f->fd, IOMMU_HWPT_ALLOC, cmd);
}

static int ifd_open(struct ifd *f)
{
	struct iommu_hwpt_selftest data = { .iotlb = IOMMU_TEST_IOTLB_DEFAULT };
	struct iommu_ioas_alloc ioas = { .size = sizeof(ioas) };
	struct iommu_test_cmd md = {
		.size = sizeof(md),
		.op = IOMMU_TEST_OP_MOCK_DOMAIN,
	};
	struct iommu_hwpt_alloc parent = {
		.flags = IOMMU_HWPT_ALLOC_NEST_PARENT,
	};
	struct iommu_hwpt_alloc nested = {
		.data_type = IOMMU_HWPT_DATA_SELFTEST,
		.data_len = sizeof(data),
		.data_uptr = (__u64)(unsigned long)&data,
	};

	f->what = "open /dev/iommu";
	f->fd = open("/dev/iommu", O_RDWR);
	if (f->fd < 0)
		return -1;
	f->what = "IOMMU_IOAS_ALLOC";
	if (ioctl(f->fd, IOMMU_IOAS_ALLOC, &ioas))
		return -1;
	f->what = "IOMMU_TEST_OP_MOCK_DOMAIN";
	md.id = ioas.out_ioas_id;
	if (ioctl(f->fd, IOMMU_TEST_CMD, &md))
		return -1;
	f->what = "IOMMU_HWPT_ALLOC(NEST_PARENT)";
	parent.dev_id = md.mock_domain.out_idev_id;
	parent.pt_id = ioas.out_ioas_id;
	if (ifd_hwpt_alloc(f, &parent))
		return -1;
	f->what = "IOMMU_HWPT_ALLOC(IOMMU_HWPT_DATA_SELFTEST)";
	nested.dev_id = md.mock_domain.out_idev_id;
	nested.pt_id = parent.out_hwpt_id;
	if (ifd_hwpt_alloc(f, &nested))
		return -1;
	f->nested = nested.out_hwpt_id;
	return 0;
}

/*
 * The floor; a, b: each batch size through VFIO and through iommufd, the
 * six figures' repetitions in turn; then what reading a batch in costs.
 */
static void bench_inv(void)
{
	static struct iommu_hwpt_invalidate_selftest ients[MAX_BATCH];
	static struct mock_inv ents[MAX_BATCH];
	static struct reps set[6];
	const char *what[6];
	struct inv_op o[3];
	struct ifd_op io[3];
	struct vfio_iommu_type1_info_cap_svm *cap;
	struct vfio_iommu_svm_bind b = table_bind();
	struct ifd f = { .fd = -1 };
	const char *ifd_skip = NULL;
	char buf[4096];
	bool svm_ok = false;
	struct box bx;
	int i, n = 0;

	if (ifd_open(&f)) {
		if (f.fd < 0 && errno == ENOENT)
			ifd_skip = "no /dev/iommu (CONFIG_IOMMUFD)";
		else if (errno == ENOTTY)
			ifd_skip = "no IOMMU_TEST_CMD (CONFIG_IOMMUFD_TEST)";
		if (ifd_skip)
			skip_range(IOMMUFD_B1, IOMMUFD_B4096, ifd_skip);
		else
			fail_range(IOMMUFD_B1, IOMMUFD_B4096, f.what);
	}
	if (box_open(&bx, 1, VFIO_TYPE1_NESTING_IOMMU)) {
		fail_range(FLOOR, SVM_COPY, bx.what);
	} else {
		measure(FLOOR, "VFIO_CHECK_EXTENSION", op_floor,
			&bx.container, 1);
		if (box_map(&bx, BUF_SIZE))
			fail_range(SVM_B1, SVM_COPY, bx.what);
		else if (ioctl(bx.container, VFIO_IOMMU_BIND, &b))
			fail_range(SVM_B1, SVM_COPY,
				   "VFIO_IOMMU_BIND(PASID_TABLE)");
		else
			svm_ok = true;
	}
	cap = svm_ok ? svm_cap(bx.container, buf, sizeof(buf)) : NULL;
	for (i = 0; i < MAX_BATCH; i++)
		inv_entry(&ents[i], IOMMU_SVM_INV_GRANU_PASID, 1 + i % 255);
	/* Both paths, all batch sizes: a and b compare figures taken in turn */
	for (i = 0; i < 3; i++) {
		o[i] = (struct inv_op){ .container = bx.container,
					.ents = ents, .n = batches[i] };
		/* Zeroed iommufd entries: iotlb_id 0, no flags. */
		io[i] = (struct ifd_op){ .fd = f.fd, .hwpt = f.nested,
					 .ents = ients, .n = batches[i] };
		if (svm_ok && cap && batches[i] > cap->max_inv_entries) {
			item_skip(SVM_B1 + i, "max_inv_entries is %u",
				  cap->max_inv_entries);
		} else if (svm_ok) {
			what[n] = "VFIO_IOMMU_SVM_INVALIDATE";
			reps_init(&set[n++], SVM_B1 + i, op_svm_inv, &o[i],
				  batches[i]);
		}
		if (items[IOMMUFD_B1 + i].state == ST_NONE) {
			what[n] = "IOMMU_HWPT_INVALIDATE";
			reps_init(&set[n++], IOMMUFD_B1 + i, op_iommufd_inv,
				  &io[i], batches[i]);
		}
	}
	measure_set(set, what, n);
	/* Entry 0 malformed (no cache named): the batch is read, not run */
	ents[0].e.caches = 0;
	if (svm_ok && cap && MAX_BATCH > cap->max_inv_entries)
		item_skip(SVM_COPY, "max_inv_entries is %u",
			  cap->max_inv_entries);
	else if (svm_ok)
		measure(SVM_COPY, "VFIO_IOMMU_SVM_INVALIDATE(bad entry 0)",
			op_svm_copy, &o[2], MAX_BATCH);
	box_close(&bx);
	if (f.fd >= 0)
		close(f.fd);
}

/* ---- c: remap by stage 1 vs by stage 2 ---- */

/*
 * Mock device @n writes at S1_VA + 8 of REMAP_PASID: 0 if the write
 * landed in data page @page, 1 if not, -1 with errno if it faulted.
 */
static int dma_lands(int n, void *buf, int page)
{
	static __u64 val = 0x5eed0000;

	val++;
	if (mock_dma(n, REMAP_PASID, S1_VA + 8, val))
		return -1;
	return *u64_at(buf, DATA_OFF(page) + 8) != val;
}

/* Remap to page 1 and check the DMA follows: the invalidation worked. */
static int remap_check(struct remap_op *o, void *buf)
{
	int ret;

	o->n = 1;
	if (op_remap_nested(o)) {
		item_fail(REMAP_NESTED, "VFIO_IOMMU_SVM_INVALIDATE");
		return -1;
	}
	ret = dma_lands(devs[0], buf, 1);
	if (ret < 0)
		item_fail(REMAP_NESTED, "mock DMA after the remaps");
	else if (ret)
		item_fail_msg(REMAP_NESTED,
			      "mock DMA went to the old page after a remap");
	return ret ? -1 : 0;
}

/* A nested remap's setting, made anew for each repetition */
struct nested_remap {
	struct box bx;
	struct remap_op o;
	bool check;		/* the mock's DMA hook is there: use it */
};

/*
 * Device 0 in a nesting container, a page table bound at REMAP_PASID,
 * and the mock's IOTLB filled by a first DMA through it. 0, or -1 with
 * the figure failed and nothing left open.
 */
static int nested_remap_open(struct nested_remap *nr)
{
	struct vfio_iommu_svm_bind b = pgtable_bind(REMAP_PASID);
	struct box *bx = &nr->bx;
	char path[PATH_MAX];
	int ret;

	if (box_open(bx, 1, VFIO_TYPE1_NESTING_IOMMU) ||
	    box_map(bx, BUF_SIZE)) {
		item_fail(REMAP_NESTED, bx->what);
		box_close(bx);
		return -1;
	}
	nr->o = (struct remap_op){
		.container = bx->container,
		.pte = u64_at(bx->mem, LEAF_OFF + ((S1_VA >> 12) & 511) * 8),
		.pages[0] = (TABLE_IOVA + DATA_OFF(0)) | MKPT_VALID | MKPT_WRITE,
		.pages[1] = (TABLE_IOVA + DATA_OFF(1)) | MKPT_VALID | MKPT_WRITE,
	};
	inv_entry(&nr->o.inv, IOMMU_SVM_INV_GRANU_ADDR, REMAP_PASID);
	nr->o.inv.e.addr = S1_VA;
	nr->o.inv.e.size = 0x1000;
	/* MKPT: root entry 0 -> leaf page, leaf entry -> data page 0 */
	*u64_at(bx->mem, ROOT_OFF + ((S1_VA >> 21) & 511) * 8) =
		(TABLE_IOVA + LEAF_OFF) | MKPT_VALID;
	*nr->o.pte = nr->o.pages[0];
	if (ioctl(bx->container, VFIO_IOMMU_BIND, &b)) {
		item_fail(REMAP_NESTED, "VFIO_IOMMU_BIND(PGTABLE)");
		box_close(bx);
		return -1;
	}
	snprintf(path, sizeof(path), MOCK_DEBUGFS "/svm_mock%d.dma", devs[0]);
	nr->check = !access(path, W_OK);
	ret = nr->check ? dma_lands(devs[0], bx->mem, 0) : 0;
	if (ret < 0)
		item_fail(REMAP_NESTED, "mock DMA through the page table");
	else if (ret)
		item_fail_msg(REMAP_NESTED, "mock DMA went elsewhere");
	if (ret)
		box_close(bx);
	return ret ? -1 : 0;
}

/* Device 0 in a type1v2 container, @o's first page mapped at SHADOW_IOVA */
static int shadow_remap_open(struct box *bx, struct shadow_op *o)
{
	if (box_open(bx, 1, VFIO_TYPE1v2_IOMMU)) {
		item_fail(REMAP_SHADOW, bx->what);
		return -1;
	}
	o->container = bx->container;
	o->n = 0;
	if (dma_map(bx->container, o->pages, SHADOW_IOVA, 0x1000)) {
		item_fail(REMAP_SHADOW, "VFIO_IOMMU_MAP_DMA");
		box_close(bx);
		return -1;
	}
	return 0;
}

/* One repetition of the nested remap: 0, or -1 with the figure failed */
static int remap_nested_rep(struct reps *rep, struct nested_remap *nr)
{
	int ret;

	if (nested_remap_open(nr))
		return -1;
	ret = reps_take(rep);
	if (ret)
		item_fail(REMAP_NESTED, "VFIO_IOMMU_SVM_INVALIDATE");
	else if (nr->check)
		ret = remap_check(&nr->o, nr->bx.mem);
	box_close(&nr->bx);
	return ret;
}

/* One repetition of shadowing: 0, or -1 with the figure failed */
static int remap_shadow_rep(struct reps *rep, struct shadow_op *so)
{
	struct box bx;
	int ret;

	if (shadow_remap_open(&bx, so))
		return -1;
	ret = reps_take(rep);
	if (ret)
		item_fail(REMAP_SHADOW, "VFIO_IOMMU_UNMAP_DMA/MAP_DMA");
	/* The container goes first: it unpins the page. */
	box_close(&bx);
	return ret;
}

/*
 * c: the same device remaps by stage 1, then by shadowing, in turn: each
 * repetition sets one up, times it, checks the DMA, tears it down. A
 * side that fails is failed, and the other goes on alone.
 */
static void bench_remap(void)
{
	static struct reps nested, shadow;
	bool nested_ok = true, shadow_ok = true;
	struct nested_remap nr = { .check = true };
	struct shadow_op so = { 0 };
	int r;

	so.pages = mmap(NULL, 0x2000, PROT_READ | PROT_WRITE,
			MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (so.pages == MAP_FAILED) {
		item_fail(REMAP_SHADOW, "mmap");
		so.pages = NULL;
		shadow_ok = false;
	}
	reps_init(&nested, REMAP_NESTED, op_remap_nested, &nr.o, 1);
	reps_init(&shadow, REMAP_SHADOW, op_remap_shadow, &so, 1);
	for (r = 0; r < opt_reps && (nested_ok || shadow_ok); r++) {
		if (nested_ok && remap_nested_rep(&nested, &nr))
			nested_ok = false;
		if (shadow_ok && remap_shadow_rep(&shadow, &so))
			shadow_ok = false;
	}
	if (nested_ok) {
		reps_done(&nested);
		if (!nr.check)
			item_note(REMAP_NESTED,
				  "no mock debugfs: DMA not checked");
	}
	if (shadow_ok)
		reps_done(&shadow);
	if (so.pages)
		munmap(so.pages, 0x2000);
}

/* ---- d: binding does not read the table ---- */

static void bench_bind_size(void)
{
	struct vfio_iommu_type1_info_cap_svm *cap;
	struct bind_op o;
	char buf[4096];
	struct box bx;
	__u64 big = BIG_TABLE;

	if (box_open(&bx, 1, VFIO_TYPE1_NESTING_IOMMU)) {
		fail_range(BIND_1, BIND_1M, bx.what);
		return;
	}
	cap = svm_cap(bx.container, buf, sizeof(buf));
	if (!cap || !(cap->bind_kinds & VFIO_SVM_BIND_PASID_TABLE)) {
		skip_range(BIND_1, BIND_1M, "no PASID-table binds offered");
		goto out;
	}
	/* The whole table mapped, though the bind itself reads none of it. */
	if (box_map(&bx, BIG_TABLE)) {
		fail_range(BIND_1, BIND_1M, bx.what);
		goto out;
	}
	while (big > cap->max_table_size && big > 8)
		big >>= 1;
	if (big != BIG_TABLE)
		item_note(BIND_1M, "max_table_size %llu: %llu entries, not 2^20",
			  (unsigned long long)cap->max_table_size,
			  (unsigned long long)big / 8);
	o = (struct bind_op){ .container = bx.container, .b = table_bind() };
	o.b.size = 8;
	measure(BIND_1, "VFIO_IOMMU_BIND/UNBIND", op_bind_table, &o, 1);
	o.b.size = big;
	measure(BIND_1M, "VFIO_IOMMU_BIND/UNBIND", op_bind_table, &o, 1);
out:
	box_close(&bx);
}

/* ---- e: a PASID invalidation among N page-table bindings ---- */

static long read_limit(void)
{
	char buf[32] = "";
	ssize_t len;
	int fd;

	fd = open(LIMIT_PARAM, O_RDONLY);
	if (fd < 0)
		return -1;
	len = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	return len > 0 ? strtol(buf, NULL, 10) : -1;
}

static int write_limit(long val)
{
	char buf[32];
	int fd, len, ret;

	fd = open(LIMIT_PARAM, O_WRONLY);
	if (fd < 0)
		return -1;
	len = snprintf(buf, sizeof(buf), "%ld", val);
	ret = write(fd, buf, len) == len ? 0 : -1;
	close(fd);
	return ret;
}

/* Why @nr page-table binds cannot be made, or NULL if they can. */
static const char *pasids_blocked(const struct vfio_iommu_type1_info_cap_svm *cap,
				  __u32 nr, char *why, size_t size)
{
	if (!(cap->bind_kinds & VFIO_SVM_BIND_PGTABLE))
		snprintf(why, size, "no page-table binds offered");
	else if (cap->pasid_bits < 32 && nr >> cap->pasid_bits)
		snprintf(why, size, "PASID %u is beyond pasid_bits %u", nr,
			 cap->pasid_bits);
	else if (nr > cap->max_bindings)
		snprintf(why, size, "svm_binding_limit is %u", cap->max_bindings);
	else
		return NULL;
	return why;
}

/* Bind page tables at PASIDs *@bound + 1 to @nr. */
static int bind_pasids(int container, __u32 *bound, __u32 nr)
{
	struct vfio_iommu_svm_bind b;

	while (*bound < nr) {
		b = pgtable_bind(*bound + 1);
		if (ioctl(container, VFIO_IOMMU_BIND, &b))
			return -1;
		++*bound;
	}
	return 0;
}

static void bench_pasids_in(struct box *bx)
{
	static const __u32 nrs[] = { 1, 64, 1024, NR_PASIDS_MAX };
	struct vfio_iommu_type1_info_cap_svm *cap;
	struct mock_inv inv;
	struct inv_op o = { .container = bx->container, .ents = &inv, .n = 1 };
	char buf[4096], why[128];
	__u32 bound = 0;
	int i;

	cap = svm_cap(bx->container, buf, sizeof(buf));
	if (!cap) {
		skip_range(PINV_1, PINV_4096, "no SVM capability");
		return;
	}
	inv_entry(&inv, IOMMU_SVM_INV_GRANU_PASID, 1);
	for (i = 0; i < 4; i++) {
		if (pasids_blocked(cap, nrs[i], why, sizeof(why)))
			item_skip(PINV_1 + i, "%s", why);
		else if (bind_pasids(bx->container, &bound, nrs[i]))
			item_fail(PINV_1 + i, "VFIO_IOMMU_BIND(PGTABLE)");
		else
			measure(PINV_1 + i, "VFIO_IOMMU_SVM_INVALIDATE",
				op_svm_inv, &o, 1);
	}
}

static void bench_pasids(void)
{
	long old = read_limit();
	bool raised = false;
	struct box bx;

	if (old >= 0 && old < NR_PASIDS_MAX)
		raised = !write_limit(NR_PASIDS_MAX);
	if (box_open(&bx, 1, VFIO_TYPE1_NESTING_IOMMU) ||
	    box_map(&bx, BUF_SIZE))
		fail_range(PINV_1, PINV_4096, bx.what);
	else
		bench_pasids_in(&bx);
	/* Closing the container unbinds them all. */
	box_close(&bx);
	if (raised && write_limit(old))
		printf("# could not restore svm_binding_limit to %ld\n", old);
}

/* ---- f: devices ---- */

static void bench_devices_in(struct box *bx, int k)
{
	struct vfio_iommu_type1_info_cap_svm *cap;
	struct bind_op o = { .container = bx->container, .b = table_bind() };
	struct mock_inv inv;
	struct inv_op io = { .container = bx->container, .ents = &inv, .n = 1 };
	char buf[4096];

	cap = svm_cap(bx->container, buf, sizeof(buf));
	if (!cap || !(cap->bind_kinds & VFIO_SVM_BIND_PASID_TABLE)) {
		item_skip(DINV_1 + k, "no PASID-table binds offered");
		item_skip(BDEV_1 + k, "no PASID-table binds offered");
		return;
	}
	measure(BDEV_1 + k, "VFIO_IOMMU_BIND/UNBIND", op_bind_table, &o, 1);
	if (ioctl(bx->container, VFIO_IOMMU_BIND, &o.b)) {
		item_fail(DINV_1 + k, "VFIO_IOMMU_BIND");
		return;
	}
	inv_entry(&inv, IOMMU_SVM_INV_GRANU_DOMAIN, 0);
	measure(DINV_1 + k, "VFIO_IOMMU_SVM_INVALIDATE", op_svm_inv, &io, 1);
	svm_unbind(bx->container, VFIO_SVM_BIND_PASID_TABLE, 0);
}

/* Why the groups of the first @nr mock devices cannot be measured. */
static const char *devices_blocked(int nr, char *why, size_t size)
{
	int held;

	if (nr_devs < nr) {
		snprintf(why, size,
			 "only %d mock devices (iommu_svm_mock.nr_devices)",
			 nr_devs);
		return why;
	}
	held = devices_in_groups(nr);
	if (held == nr)
		return NULL;
	snprintf(why, size,
		 "the groups of the first %d mock devices hold %d devices",
		 nr, held);
	return why;
}

/* The groups of the first @nr mock devices, if they hold exactly those. */
static void bench_devices_nr(int k, int nr)
{
	struct box bx;
	char why[96];

	if (devices_blocked(nr, why, sizeof(why))) {
		item_skip(DINV_1 + k, "%s", why);
		item_skip(BDEV_1 + k, "%s", why);
		return;
	}
	if (box_open(&bx, nr, VFIO_TYPE1_NESTING_IOMMU) ||
	    box_map(&bx, BUF_SIZE)) {
		item_fail(DINV_1 + k, bx.what);
		item_fail(BDEV_1 + k, bx.what);
		box_close(&bx);
		return;
	}
	item_note(DINV_1 + k, "devices %d, groups %d", nr, bx.nr_groups);
	item_note(BDEV_1 + k, "devices %d, groups %d", nr, bx.nr_groups);
	bench_devices_in(&bx, k);
	box_close(&bx);
}

static void bench_devices(void)
{
	static const int nrs[] = { 1, 8, 64 };
	int k;

	for (k = 0; k < 3; k++)
		bench_devices_nr(k, nrs[k]);
}

/* ---- main ---- */

static int print_usage(const char *prog)
{
	fprintf(stderr, "usage: %s [--short] [--reps N]\n", prog);
	return KSFT_FAIL;
}

static int parse_args(int argc, char **argv)
{
	int i;

	for (i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--short")) {
			opt_short = true;
		} else if (!strcmp(argv[i], "--reps") && i + 1 < argc) {
			opt_reps = atoi(argv[++i]);
			if (opt_reps < 1 || opt_reps > MAX_REPS)
				return -1;
		} else {
			return -1;
		}
	}
	if (!opt_reps)
		opt_reps = opt_short ? 3 : 11;
	return 0;
}

/* Can a nesting container hold a mock device at all? 0, or an exit code. */
static int probe(void)
{
	struct box bx;

	if (geteuid()) {
		printf("1..0 # SKIP needs root\n");
		return KSFT_SKIP;
	}
	if (!box_open(&bx, 1, VFIO_TYPE1_NESTING_IOMMU)) {
		box_close(&bx);
		return 0;
	}
	if (errno == EPERM && !strcmp(bx.what, "VFIO_SET_IOMMU")) {
		printf("1..0 # SKIP mock devices have no MSI isolation: %s\n",
		       "boot with vfio_iommu_type1.allow_unsafe_interrupts=1");
		return KSFT_SKIP;
	}
	printf("Bail out! %s: %s\n", bx.what, strerror(errno));
	return KSFT_FAIL;
}

int main(int argc, char **argv)
{
	double t0 = now_ns();
	int ret;

	setvbuf(stdout, NULL, _IOLBF, 0);
	if (parse_args(argc, argv))
		return print_usage(argv[0]);
	printf("TAP version 13\n");
	if (!find_devices() || dev_groups[0] < 0) {
		printf("1..0 # SKIP no mock devices\n");
		return KSFT_SKIP;
	}
	ret = probe();
	if (ret)
		return ret;
	printf("1..%d\n", NR_ITEMS);
	printf("# vfio_svm_bench: %d mock devices in %d groups, %d repetitions of ~%.1f ms\n",
	       nr_devs, count_groups(nr_devs), opt_reps, target_ns() / 1e6);

	bench_inv();
	flush_items(B);
	bench_remap();
	flush_items(C);
	bench_bind_size();
	flush_items(D);
	bench_pasids();
	flush_items(E);
	bench_devices();
	flush_items(F_BIND);
	print_table(now_ns() - t0);
	return 0;
}
