/* t-blas.c -- the choice of the BLAS kernel: for given CPU features and
 * kernels the BLAS has, the expected name; the features read from the CPU
 * agree with the kernel's own list in /proc/cpuinfo; and the kernel that
 * runs is the one chosen.  (checks/blas.sh runs the programs with the
 * variables set and unset.)
 *
 * With an argument, `t-blas --blis-index NAME' prints BLIS's index of the
 * kernel NAME, for checks/blas.sh, and exits. */

#include <config.h>

#if defined __x86_64__ && defined __GNUC__
# include <cpuid.h>
#endif
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "backprop.h"
#include "tap.h"

#if BP_BLAS_KIND == 1
const char *bli_arch_string (int id);

static int
blis_index (const char *name)
{
  for (int id = 0; id < 64; id++)
    {
      const char *s = bli_arch_string (id);
      if (s == NULL || strcmp (s, "generic") == 0)
        return strcmp (name, "generic") == 0 && s ? id : -1;
      if (strcmp (s, name) == 0)
        return id;
    }
  return -1;
}
#endif

/* The CPU's flags as the kernel lists them: 1 when /proc/cpuinfo names
 * flag, 0 when it does not, -1 when there is no such file. */
static int
cpuinfo_has (const char *flag)
{
  static char line[8192];
  static int read_once;
  char want[64];

  if (!read_once)
    {
      FILE *f = fopen ("/proc/cpuinfo", "r");
      read_once = 1;
      line[0] = '\0';
      while (f != NULL && fgets (line, sizeof line, f) != NULL)
        if (strncmp (line, "flags", 5) == 0)
          break;
        else
          line[0] = '\0';
      if (f != NULL)
        fclose (f);
      /* end with a space, so that every flag is followed by one */
      line[strcspn (line, "\n")] = ' ';
    }
  if (strncmp (line, "flags", 5) != 0)
    return -1;
  snprintf (want, sizeof want, " %s ", flag);
  return strstr (line, want) != NULL;
}

/* The bit of CPUID that announces the flag, as this program sees the CPU
 * (valgrind, for one, shows a CPU without AVX-512): 1, 0, or -1 where
 * there is no CPUID. */
static int
cpuid_has (unsigned bit)
{
#if defined __x86_64__ && defined __GNUC__
  unsigned a, b, c, d, b7 = 0, c1 = 0;
  if (__get_cpuid (1, &a, &b, &c, &d))
    c1 = c;
  if (__get_cpuid_count (7, 0, &a, &b, &c, &d))
    b7 = b;
  switch (bit)
    {
    case BP_CPU_FMA: return (c1 >> 12) & 1;
    case BP_CPU_AVX2: return (b7 >> 5) & 1;
    case BP_CPU_AVX512F: return (b7 >> 16) & 1;
    case BP_CPU_AVX512DQ: return (b7 >> 17) & 1;
    case BP_CPU_AVX512CD: return (b7 >> 28) & 1;
    case BP_CPU_AVX512BW: return (b7 >> 30) & 1;
    case BP_CPU_AVX512VL: return (b7 >> 31) & 1;
    default: return -1;
    }
#else
  (void) bit;
  return -1;
#endif
}

static const char *
str (const char *s)
{
  return s ? s : "(none)";
}

/* The kernel for features f among known, compared with want. */
static void
expect (enum bp_blas_kind blas, unsigned f, const char *const *known,
        const char *want, const char *what)
{
  const char *got = bp_blas_kernel_for (blas, f, known);
  ok (got == want || (got && want && strcmp (got, want) == 0),
      "%s: %s (got %s)", what, str (want), str (got));
}

int
main (int argc, char **argv)
{
  const unsigned avx2 = BP_CPU_AVX2 | BP_CPU_FMA;
  const unsigned avx512 = BP_CPU_AVX512 | avx2;
  /* Xeon Phi: AVX-512 F and CD, but none of DQ, BW and VL */
  const unsigned knl = BP_CPU_AVX512F | BP_CPU_AVX512CD | avx2;
  const char *const no_skx[] = { "haswell", "zen3", NULL };
  const char *const nothing[] = { NULL };
  const char *const upper[] = { "HASWELL", NULL };
  const struct { const char *flag; unsigned bit; } flags[] = {
    { "avx2", BP_CPU_AVX2 }, { "fma", BP_CPU_FMA },
    { "avx512f", BP_CPU_AVX512F }, { "avx512dq", BP_CPU_AVX512DQ },
    { "avx512cd", BP_CPU_AVX512CD }, { "avx512bw", BP_CPU_AVX512BW },
    { "avx512vl", BP_CPU_AVX512VL },
  };
  unsigned have = bp_cpu_features ();
  bp_blas_info info;
  char line[160];
  int status;

  if (argc == 3 && strcmp (argv[1], "--blis-index") == 0)
    {
#if BP_BLAS_KIND == 1
      printf ("%d\n", blis_index (argv[2]));
      return 0;
#else
      return 1;
#endif
    }

  plan (23);

  /* 1. The choice, for CPUs and BLAS libraries this one is not. */
  expect (BP_BLAS_BLIS, avx512, NULL, "skx", "BLIS, AVX-512");
  expect (BP_BLAS_BLIS, avx2, NULL, "haswell", "BLIS, AVX2 and FMA");
  expect (BP_BLAS_BLIS, BP_CPU_AVX2, NULL, NULL, "BLIS, AVX2 without FMA");
  expect (BP_BLAS_BLIS, 0, NULL, NULL, "BLIS, SSE only");
  expect (BP_BLAS_BLIS, knl, NULL, "haswell",
          "BLIS, AVX-512 F and CD only (Xeon Phi)");
  expect (BP_BLAS_BLIS, avx512 & ~BP_CPU_AVX512VL, NULL, "haswell",
          "BLIS, AVX-512 without VL");
  expect (BP_BLAS_BLIS, avx512, no_skx, "haswell",
          "BLIS built without skx, AVX-512");
  expect (BP_BLAS_BLIS, avx512, nothing, NULL,
          "BLIS built with neither kernel");
  expect (BP_BLAS_BLIS, avx2, upper, "haswell",
          "BLIS, names compared without case");
  expect (BP_BLAS_OPENBLAS, avx512, NULL, "SkylakeX", "OpenBLAS, AVX-512");
  expect (BP_BLAS_OPENBLAS, avx2, NULL, "Haswell",
          "OpenBLAS, AVX2 and FMA");
  expect (BP_BLAS_OPENBLAS, avx512, upper, "Haswell",
          "OpenBLAS without SkylakeX, AVX-512");
  expect (BP_BLAS_OTHER, avx512, NULL, NULL, "another CBLAS, AVX-512");

  /* 2. The features, against the kernel's list of the CPU's flags. */
  for (size_t i = 0; i < sizeof flags / sizeof flags[0]; i++)
    {
      int listed = cpuinfo_has (flags[i].flag);
      if (listed < 0)
        skip (1, "no flags in /proc/cpuinfo");
      else if (cpuid_has (flags[i].bit) != listed)
        skip (1, "%s: the CPU this program sees differs from "
              "/proc/cpuinfo's (under valgrind?)", flags[i].flag);
      else
        is_int ((have & flags[i].bit) != 0, listed,
                "bp_cpu_features: %s as /proc/cpuinfo has it", flags[i].flag);
    }

  /* 3. The kernel that runs: the library's choice for this CPU, among
   * the kernels configure found in BLIS, unless the user chose. */
  status = bp_blas_info_get (&info);
  diag ("%s", bp_blas_describe (line, sizeof line));
  is_int (status, 0, "the kernel that runs is the one asked for");
  if (info.kind == BP_BLAS_OTHER)
    {
      is_substr (line, "kernel is not known",
                 "another CBLAS: its kernel is not known");
      skip (1, "not BLIS or OpenBLAS");
    }
  else if (info.source == BP_BLAS_BY_USER)
    skip (2, "the environment names the kernel");
  else
    {
      char list[] = BP_BLIS_KERNELS, *save, *tok;
      const char *built[8], *want;
      size_t n = 0;
      for (tok = strtok_r (list, " ", &save); tok && n < 7;
           tok = strtok_r (NULL, " ", &save))
        built[n++] = tok;
      built[n] = NULL;
      want = bp_blas_kernel_for (info.kind, have,
                                 info.kind == BP_BLAS_BLIS ? built : NULL);
      if (info.source == BP_BLAS_BY_BACKPROP)
        {
          ok (want && strcasecmp (info.kernel, want) == 0,
              "the kernel for this CPU runs: %s (got %s)", str (want),
              info.kernel);
          is_substr (line, "chosen by backprop",
                     "bp_blas_describe says who chose");
        }
      else
        {
          /* no kernel of ours fits, or OpenBLAS chose the same itself */
          ok (want == NULL || strcasecmp (info.kernel, want) == 0,
              "the BLAS's own kernel %s runs, as none of ours fits better "
              "(ours: %s)", info.kernel, str (want));
          is_substr (line, "own choice", "bp_blas_describe says who chose");
        }
    }
  return tap_done ();
}
