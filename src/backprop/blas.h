/* blas.h -- the CBLAS under the library, and the kernel it runs.
 *
 * A BLAS picks its kernels from the CPU model it recognises.  On a CPU
 * newer than the BLAS it falls back to older or generic code: Debian's
 * BLIS 0.9 runs its `generic' kernels on an AMD Zen 5 (a fifth of the
 * speed of its skx kernels there) and its AVX2 `haswell' kernels on an
 * Intel Xeon of 2023; OpenBLAS 0.3.21 runs `Prescott' (SSE3) kernels on
 * the latter.  Both let an environment variable name the kernel instead:
 * BLIS_ARCH_TYPE (a number, BLIS's index of the name, read once at the
 * first BLIS call) and OPENBLAS_CORETYPE (a name, read when OpenBLAS is
 * loaded).
 *
 * So the library chooses from what the CPU can do, not from its name:
 * the AVX-512 kernels (BLIS skx, OpenBLAS SkylakeX) where the CPU has
 * AVX-512 F, DQ, CD, BW and VL, else the AVX2 ones (haswell, Haswell)
 * where it has AVX2 and FMA, else whatever the BLAS picks.  It does so
 * in a constructor, which runs when the library is loaded and so before
 * any BLAS call of a program linked with it: for BLIS it sets
 * BLIS_ARCH_TYPE, for OpenBLAS it sets OPENBLAS_CORETYPE and has
 * OpenBLAS choose again.  A variable the user has set is left alone.
 * The variable stays set, so programs started from ours see the same
 * choice.  With any other CBLAS nothing is done.
 *
 * The results are the same to the last bit in every check of `make
 * check' whichever kernel runs; numbers at the level of round-off (the
 * 1e-16 errors of a gradient check) can differ. */

#ifndef BP_BLAS_H
#define BP_BLAS_H

#include <stddef.h>

/* What the CPU can do, as far as the choice of kernels goes: bits of the
 * value bp_cpu_features returns.  Each is set only when the operating
 * system also saves the registers the instructions use. */
enum bp_cpu_feature {
  BP_CPU_AVX2 = 1 << 0,
  BP_CPU_FMA = 1 << 1,
  BP_CPU_AVX512F = 1 << 2,
  BP_CPU_AVX512DQ = 1 << 3,
  BP_CPU_AVX512CD = 1 << 4,
  BP_CPU_AVX512BW = 1 << 5,
  BP_CPU_AVX512VL = 1 << 6
};

/* What the AVX-512 kernels of BLIS (skx) and OpenBLAS (SkylakeX) need. */
#define BP_CPU_AVX512 (BP_CPU_AVX512F | BP_CPU_AVX512DQ | BP_CPU_AVX512CD \
                       | BP_CPU_AVX512BW | BP_CPU_AVX512VL)

/* The CBLAS libraries whose kernels the library can choose. */
enum bp_blas_kind {
  BP_BLAS_OTHER,                /* any other CBLAS: left alone */
  BP_BLAS_BLIS,
  BP_BLAS_OPENBLAS
};

/* Who chose the kernel that runs. */
enum bp_blas_source {
  BP_BLAS_BY_BLAS,              /* the BLAS itself, from the CPU's model */
  BP_BLAS_BY_USER,              /* the user's BLIS_ARCH_TYPE or
                                   OPENBLAS_CORETYPE */
  BP_BLAS_BY_BACKPROP           /* the library, from the CPU's features */
};

/* The features of the CPU this runs on (0 off x86-64). */
unsigned bp_cpu_features (void);

/* The kernel to ask of the BLAS `blas' on a CPU with `features', in the
 * spelling of its variable (BLIS: "skx", "haswell"; OpenBLAS: "SkylakeX",
 * "Haswell"): the fastest one the CPU can run among `known', a list of
 * kernel names ending with NULL (NULL: all of them).  NULL when none fits:
 * the BLAS chooses. */
const char *bp_blas_kernel_for (enum bp_blas_kind blas, unsigned features,
                                const char *const *known);

/* Choose the kernel, as described above, unless it is done already; the
 * library's constructor calls it, so programs need not.  0 when a kernel
 * was chosen or the choice was left to the user or the BLAS; -1 when the
 * choice came too late (the BLAS had already started). */
int bp_blas_init (void);

/* The BLAS and its kernel, as they are now. */
typedef struct bp_blas_info {
  enum bp_blas_kind kind;
  char name[64];                /* "BLIS 0.9.0", "OpenBLAS 0.3.21", or
                                   configure's link flag, "-lcblas" */
  char kernel[32];              /* the kernel that runs ("skx"); "" when
                                   the BLAS does not tell */
  char wanted[32];              /* what the library asked for, or "" */
  enum bp_blas_source source;
} bp_blas_info;

/* Fill info.  For BLIS this starts BLIS (it says its kernel only then).
 * 0, or -1 when the kernel that runs is not the one the library asked
 * for (wanted then tells which). */
int bp_blas_info_get (bp_blas_info *info);

/* One line for a program's --version and the like: "BLIS 0.9.0, kernel
 * skx (chosen by backprop from the CPU's AVX-512)", "... kernel haswell
 * (BLIS_ARCH_TYPE=3)".  Writes at most len bytes, NUL included; returns
 * buf. */
char *bp_blas_describe (char *buf, size_t len);

/* Give OpenMP and the CBLAS one thread each, as a forked child must before
 * its first parallel region: the threads that the parent's OpenMP keeps
 * for its teams do not survive the fork, and libgomp would wait for them
 * for ever (BLIS's gemm with OMP_NUM_THREADS=2).  The sandbox's child and
 * the guard's (guard.h) call it; one thread also keeps the sandbox's
 * record of stores exact. */
void bp_blas_one_thread (void);

#endif /* BP_BLAS_H */
