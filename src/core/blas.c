/* blas.c -- the kernel of the CBLAS, chosen from what the CPU can do (see
 * blas.h). */

#define _GNU_SOURCE 1           /* RTLD_DEFAULT */
#include <config.h>

#include <dlfcn.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "backprop/blas.h"

/* configure says which CBLAS it linked (BP_BLAS_KIND: 0 other, 1 BLIS,
 * 2 OpenBLAS) and, for BLIS, which of the kernels below it was built with
 * (BP_BLIS_KERNELS, names separated by spaces): a BLIS built for one
 * machine only aborts when BLIS_ARCH_TYPE names a kernel it lacks. */
#ifndef BP_BLAS_KIND
# define BP_BLAS_KIND 0
#endif
#ifndef BP_BLIS_KERNELS
# define BP_BLIS_KERNELS ""
#endif

#if BP_BLAS_KIND == 1
/* BLIS's own declarations are in <blis.h>, which not every installation
 * has; these three are all the library needs.  bli_arch_string and
 * bli_info_get_version_str read tables only; bli_init starts BLIS, after
 * which bli_arch_query_id says which kernels it runs.  (Before bli_init,
 * bli_arch_query_id aborts when BLIS_ARCH_TYPE is set.) */
const char *bli_arch_string (int id);
int bli_arch_query_id (void);
const char *bli_info_get_version_str (void);
void bli_init (void);
#elif BP_BLAS_KIND == 2
const char *openblas_get_corename (void);
const char *openblas_get_config (void);
/* OpenBLAS reads OPENBLAS_CORETYPE in its own constructor, which runs
 * before this library's, so the variable alone comes too late.  A build
 * with DYNAMIC_ARCH (Debian's) exports the function that chooses the
 * kernel table and the one that forgets the choice, and one table per
 * kernel; weak references find them where they exist and are NULL where
 * they do not. */
void gotoblas_dynamic_init (void) __attribute__ ((weak));
void gotoblas_dynamic_quit (void) __attribute__ ((weak));
extern char gotoblas_SKYLAKEX[] __attribute__ ((weak));
extern char gotoblas_HASWELL[] __attribute__ ((weak));
#endif

/* The kernels the library may ask for, fastest first, with what the CPU
 * must do for each.  All of them use AVX2 and FMA besides their own. */
static const struct kernel {
  enum bp_blas_kind blas;
  const char *name;
  unsigned needs;
  const char *why;              /* the features, for bp_blas_describe */
} kernels[] = {
  { BP_BLAS_BLIS, "skx", BP_CPU_AVX512 | BP_CPU_AVX2 | BP_CPU_FMA,
    "AVX-512" },
  { BP_BLAS_BLIS, "haswell", BP_CPU_AVX2 | BP_CPU_FMA, "AVX2 and FMA" },
  { BP_BLAS_OPENBLAS, "SkylakeX", BP_CPU_AVX512 | BP_CPU_AVX2 | BP_CPU_FMA,
    "AVX-512" },
  { BP_BLAS_OPENBLAS, "Haswell", BP_CPU_AVX2 | BP_CPU_FMA, "AVX2 and FMA" },
};

unsigned
bp_cpu_features (void)
{
  unsigned f = 0;

#if defined __x86_64__ && defined __GNUC__
  /* The constructor may run before libgcc's own, which fills the table
   * that __builtin_cpu_supports reads.  libgcc also checks, with xgetbv,
   * that the system saves the AVX and AVX-512 registers. */
  __builtin_cpu_init ();
  if (__builtin_cpu_supports ("avx2"))
    f |= BP_CPU_AVX2;
  if (__builtin_cpu_supports ("fma"))
    f |= BP_CPU_FMA;
  if (__builtin_cpu_supports ("avx512f"))
    f |= BP_CPU_AVX512F;
  if (__builtin_cpu_supports ("avx512dq"))
    f |= BP_CPU_AVX512DQ;
  if (__builtin_cpu_supports ("avx512cd"))
    f |= BP_CPU_AVX512CD;
  if (__builtin_cpu_supports ("avx512bw"))
    f |= BP_CPU_AVX512BW;
  if (__builtin_cpu_supports ("avx512vl"))
    f |= BP_CPU_AVX512VL;
#endif
  return f;
}

static int
is_known (const char *name, const char *const *known)
{
  if (known == NULL)
    return 1;
  for (; *known != NULL; known++)
    if (strcasecmp (*known, name) == 0)
      return 1;
  return 0;
}

static const struct kernel *
kernel_for (enum bp_blas_kind blas, unsigned features,
            const char *const *known)
{
  for (size_t i = 0; i < sizeof kernels / sizeof kernels[0]; i++)
    if (kernels[i].blas == blas
        && (features & kernels[i].needs) == kernels[i].needs
        && is_known (kernels[i].name, known))
      return &kernels[i];
  return NULL;
}

const char *
bp_blas_kernel_for (enum bp_blas_kind blas, unsigned features,
                    const char *const *known)
{
  const struct kernel *k = kernel_for (blas, features, known);
  return k ? k->name : NULL;
}

/* What bp_blas_init did, for bp_blas_info_get. */
static struct {
  int done;
  enum bp_blas_source source;
  const struct kernel *wanted;  /* NULL unless the library chose */
} state;

#if BP_BLAS_KIND == 1
/* BLIS_ARCH_TYPE takes BLIS's index of a kernel, and the indices change
 * between versions (0.9 added zen3 in the middle), so look the name up in
 * the table of the BLIS that is loaded.  The table ends with "generic" in
 * every version.  -1 when the name is not there. */
static int
blis_index (const char *name)
{
  for (int id = 0; id < 64; id++)
    {
      const char *s = bli_arch_string (id);
      if (s == NULL)
        return -1;
      if (strcmp (s, name) == 0)
        return id;
      if (strcmp (s, "generic") == 0)
        return -1;
    }
  return -1;
}

static void
choose_blis (void)
{
  char list[] = BP_BLIS_KERNELS, *save, *tok, num[16];
  const char *known[8];
  size_t n = 0;
  const struct kernel *k;
  int id;

  if (getenv ("BLIS_ARCH_TYPE") != NULL)
    {
      state.source = BP_BLAS_BY_USER;
      return;
    }
  for (tok = strtok_r (list, " ", &save); tok != NULL && n < 7;
       tok = strtok_r (NULL, " ", &save))
    known[n++] = tok;
  known[n] = NULL;
  k = kernel_for (BP_BLAS_BLIS, bp_cpu_features (), known);
  if (k == NULL || (id = blis_index (k->name)) < 0)
    return;
  snprintf (num, sizeof num, "%d", id);
  if (setenv ("BLIS_ARCH_TYPE", num, 0) == 0)
    {
      state.source = BP_BLAS_BY_BACKPROP;
      state.wanted = k;
    }
}
#elif BP_BLAS_KIND == 2
static void
choose_openblas (void)
{
  const char *known[3];
  size_t n = 0;
  const struct kernel *k;

  if (getenv ("OPENBLAS_CORETYPE") != NULL)
    {
      state.source = BP_BLAS_BY_USER;
      return;
    }
  if (gotoblas_dynamic_init == NULL || gotoblas_dynamic_quit == NULL)
    return;                     /* built for one CPU: nothing to choose */
  if (gotoblas_SKYLAKEX != NULL)
    known[n++] = "SkylakeX";
  if (gotoblas_HASWELL != NULL)
    known[n++] = "Haswell";
  known[n] = NULL;
  k = kernel_for (BP_BLAS_OPENBLAS, bp_cpu_features (), known);
  if (k == NULL || strcasecmp (openblas_get_corename (), k->name) == 0)
    return;                     /* OpenBLAS chose the same */
  if (setenv ("OPENBLAS_CORETYPE", k->name, 0) != 0)
    return;
  /* Forget the kernel table and choose again, now from the variable.
   * Nothing else depends on the table: OpenBLAS's threads and buffers
   * are the same for every kernel, and each call reads the table anew.
   * (A BLAS call running in another thread meanwhile would not survive
   * this; in a constructor there is none.) */
  gotoblas_dynamic_quit ();
  gotoblas_dynamic_init ();
  state.source = BP_BLAS_BY_BACKPROP;
  state.wanted = k;
}
#endif

int
bp_blas_init (void)
{
  if (state.done)
    return 0;
  state.done = 1;
  state.source = BP_BLAS_BY_BLAS;
#if BP_BLAS_KIND == 1
  choose_blis ();
#elif BP_BLAS_KIND == 2
  choose_openblas ();
#endif
  return 0;
}

/* Before main, and so before any BLAS call of a program: BLIS reads
 * BLIS_ARCH_TYPE at its first call, and starts no earlier. */
__attribute__ ((constructor)) static void
blas_constructor (void)
{
  bp_blas_init ();
}

int
bp_blas_info_get (bp_blas_info *info)
{
  memset (info, 0, sizeof *info);
  bp_blas_init ();
  info->source = state.source;
  if (state.wanted != NULL)
    snprintf (info->wanted, sizeof info->wanted, "%s", state.wanted->name);
#if BP_BLAS_KIND == 1
  info->kind = BP_BLAS_BLIS;
  snprintf (info->name, sizeof info->name, "BLIS %s",
            bli_info_get_version_str ());
  bli_init ();
  snprintf (info->kernel, sizeof info->kernel, "%s",
            bli_arch_string (bli_arch_query_id ()));
#elif BP_BLAS_KIND == 2
  {
    /* "OpenBLAS 0.3.21 NO_LAPACKE DYNAMIC_ARCH ...": the first two words */
    const char *config = openblas_get_config ();
    const char *sp = strchr (config, ' ');
    size_t len = sp ? strcspn (sp + 1, " ") + (size_t) (sp + 1 - config)
      : strlen (config);
    info->kind = BP_BLAS_OPENBLAS;
    snprintf (info->name, sizeof info->name, "%.*s", (int) len, config);
    snprintf (info->kernel, sizeof info->kernel, "%s",
              openblas_get_corename ());
  }
#else
  info->kind = BP_BLAS_OTHER;
  snprintf (info->name, sizeof info->name, "%s", BP_BLAS);
#endif
  if (state.wanted != NULL && strcasecmp (info->kernel, info->wanted) != 0)
    return -1;
  return 0;
}

char *
bp_blas_describe (char *buf, size_t len)
{
  bp_blas_info info;
  const char *var = BP_BLAS_KIND == 2 ? "OPENBLAS_CORETYPE"
    : "BLIS_ARCH_TYPE";
  const char *value;
  int late = bp_blas_info_get (&info);

  if (len == 0)
    return buf;
  if (info.kind == BP_BLAS_OTHER)
    {
      snprintf (buf, len, "%s (its kernel is not known)", info.name);
      return buf;
    }
  if (late)
    snprintf (buf, len, "%s, kernel %s (backprop asked for %s after the "
              "BLAS had started)", info.name, info.kernel, info.wanted);
  else if (info.source == BP_BLAS_BY_BACKPROP)
    snprintf (buf, len, "%s, kernel %s (chosen by backprop: the CPU has "
              "%s)", info.name, info.kernel, state.wanted->why);
  else if (info.source == BP_BLAS_BY_USER
           && (value = getenv (var)) != NULL)
    snprintf (buf, len, "%s, kernel %s (%s=%s)", info.name, info.kernel,
              var, value);
  else
    snprintf (buf, len, "%s, kernel %s (%s's own choice)", info.name,
              info.kernel, BP_BLAS_KIND == 2 ? "OpenBLAS" : "BLIS");
  return buf;
}

/* Each setter is looked up, so that whichever OpenMP and CBLAS are linked
 * (or none) is served. */
void
bp_blas_one_thread (void)
{
  static const char *const int_setters[] = {
    "omp_set_num_threads", "openblas_set_num_threads"
  };
  void *f;

  for (size_t i = 0; i < sizeof int_setters / sizeof int_setters[0]; i++)
    if ((f = dlsym (RTLD_DEFAULT, int_setters[i])) != NULL)
      ((void (*) (int)) (uintptr_t) f) (1);
  /* BLIS's dim_t is a 64-bit integer. */
  if ((f = dlsym (RTLD_DEFAULT, "bli_thread_set_num_threads")) != NULL)
    ((void (*) (int64_t)) (uintptr_t) f) (1);
}
