/* t-sandbox.c -- students' backward passes run in the sandbox: the
 * labelled set of checks/students/c (crashing, hanging and scribbling ones
 * included) and the hostile passes of checks/sandbox-hostile.c.
 *
 * For each buggy student, the entries where their gradient differs from
 * bp_net_backward's were last stored on the labelled line of the mistake
 * -- or, where the label circles the line that computed the value rather
 * than the store (c14, c16, c17, c21, c23's second mistake) or a loop
 * bound that leaves entries unwritten (c18), on the line this test names
 * in `moved' below.  The shared objects are built by src/check/local.mk
 * into checks/sandbox/ of the build tree.  The test passes as it is under
 * AddressSanitizer (--enable-sanitizers), whose SIGSEGV handler the
 * child replaces with its own.  Where stores are not recorded (not x86-64
 * Linux; valgrind, which ignores the trap flag) or have no lines (no
 * libdw), the assertions that need them are skipped. */

#include <config.h>

#include <dlfcn.h>
#include <math.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <gsl/gsl_errno.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>

#include "tap.h"
#include "backprop/backward.h"
#include "backprop/sandbox.h"

enum { N = 7, D = 5, H = 10, C = 3 };
static const double reg = 0.15;

static bp_net *net;
static bp_cache *cache;
static gsl_matrix *X;
static size_t y[N];
static bp_grads *ref;
static bp_sandbox_result *res;

/* Where the line of the last store into the wrong entries is not the
 * labelled one: the label circles the line that computed the value
 * stored on the next line, or (c18) a loop bound that leaves the last
 * row of dW1 unwritten -- the line then is that of the other rows. */
static const struct moved {
  const char *file;
  int label, store, others;
} moved[] = {
  { "c18-loops-bound.c", 51, 57, 1 },   /* d < D - 1; dW1 rows on 57 */
};
#define NMOVED (sizeof moved / sizeof moved[0])

/* A labelled student: labels.tsv's columns. */
struct student {
  char file[64];
  int correct;
  char root[32];                /* "dz1", "db2,dz1", "crash", ... */
  char line[32];                /* "62", "32,58", "-" */
};

#define MAX_STUDENTS 64
static struct student students[MAX_STUDENTS];
static size_t nstudents;

/* A random net with nonzero biases, a batch and its forward pass, and
 * the reference gradients. */
static void
setup (void)
{
  gsl_rng *rng = gsl_rng_alloc (gsl_rng_mt19937);
  gsl_rng_set (rng, 2385);
  net = bp_net_alloc (D, H, C);
  cache = bp_cache_alloc (N, H, C);
  X = gsl_matrix_alloc (N, D);
  bp_net_init_gaussian (net, rng, 0.5);
  for (size_t j = 0; j < H; j++)
    gsl_vector_set (net->b1, j, -0.25 + 0.05 * (double) j);
  for (size_t k = 0; k < C; k++)
    gsl_vector_set (net->b2, k, 0.3 - 0.2 * (double) k);
  for (size_t i = 0; i < N * D; i++)
    X->data[i] = gsl_ran_gaussian (rng, 1.0);
  for (size_t n = 0; n < N; n++)
    y[n] = (2 * n + 1) % C;
  bp_net_forward (net, X, cache);
  ref = bp_grads_alloc (N, D, H, C);
  bp_net_backward (net, X, y, reg, cache, ref);
  res = bp_sandbox_result_alloc (N, D, H, C);
  gsl_rng_free (rng);
}

/* Read labels.tsv into students[]. */
static void
read_labels (void)
{
  FILE *f = fopen (tap_srcfile ("checks/students/c/labels.tsv"), "r");
  char buf[512];

  if (f == NULL)
    bail ("cannot read %s", tap_srcfile ("checks/students/c/labels.tsv"));
  if (fgets (buf, sizeof buf, f) == NULL)
    bail ("labels.tsv is empty");
  while (fgets (buf, sizeof buf, f) != NULL && nstudents < MAX_STUDENTS)
    {
      struct student *s = &students[nstudents];
      char correct[8];
      if (sscanf (buf, "%63[^\t]\t%7[^\t]\t%31[^\t]\t%31[^\t]", s->file,
                  correct, s->root, s->line) != 4)
        bail ("labels.tsv: cannot read `%s'", buf);
      s->correct = strcmp (correct, "yes") == 0;
      nstudents++;
    }
  fclose (f);
}

/* The base name of a student's file, without ".c". */
static const char *
stem (const char *file, char *buf, size_t size)
{
  snprintf (buf, size, "%.*s", (int) (strlen (file) - 2), file);
  return buf;
}

/* The shared object built from checks/NAME.c or checks/students/c/NAME.c. */
static const char *
object_path (const char *name)
{
  static char buf[4096];
  const char *top = getenv ("top_builddir");
  snprintf (buf, sizeof buf, "%s/checks/sandbox/%s.so", top ? top : ".",
            name);
  return buf;
}

/* The function sym of shared object path, or a bail out. */
static bp_backward_fn *
load (const char *path, const char *sym)
{
  void *h = dlopen (path, RTLD_NOW | RTLD_LOCAL);
  void *fn;
  if (h == NULL)
    bail ("dlopen %s: %s", path, dlerror ());
  fn = dlsym (h, sym);
  if (fn == NULL)
    bail ("dlsym %s: %s", sym, dlerror ());
  return (bp_backward_fn *) (uintptr_t) fn;
}

/* Line `line' of file path, trimmed as the sandbox trims it. */
static const char *
source_line (const char *path, int line)
{
  static char buf[1024];
  FILE *f = fopen (path, "r");
  char *b, *e;
  int at = 0;

  buf[0] = '\0';
  if (f == NULL)
    return buf;
  while (fgets (buf, sizeof buf, f) != NULL)
    if (++at == line)
      break;
  fclose (f);
  if (at != line)
    return "";
  for (b = buf; *b == ' ' || *b == '\t'; b++)
    ;
  e = b + strlen (b);
  while (e > b && (e[-1] == '\n' || e[-1] == ' ' || e[-1] == '\t'))
    e--;
  *e = '\0';
  memmove (buf, b, strlen (b) + 1);
  return buf;
}

/* The line of sandbox-hostile.c marked "line: what". */
static int
marker (const char *what)
{
  char want[64], buf[512];
  FILE *f = fopen (tap_srcfile ("checks/sandbox-hostile.c"), "r");
  int at = 0;

  snprintf (want, sizeof want, "line: %s */", what);
  if (f == NULL)
    bail ("cannot read sandbox-hostile.c");
  while (fgets (buf, sizeof buf, f) != NULL)
    {
      at++;
      if (strstr (buf, want) != NULL)
        {
          fclose (f);
          return at;
        }
    }
  bail ("sandbox-hostile.c has no marker `%s'", want);
}

/* Flag the entries of gradient id of g that differ from the reference;
 * returns how many. */
static size_t
wrong_entries (bp_grads *g, enum bp_grad_id id, unsigned char *mask)
{
  gsl_matrix_view a = bp_grads_matrix (g, id), b = bp_grads_matrix (ref, id);
  size_t n = 0, k = 0;

  for (size_t i = 0; i < a.matrix.size1; i++)
    for (size_t j = 0; j < a.matrix.size2; j++, k++)
      {
        double u = gsl_matrix_get (&a.matrix, i, j);
        double v = gsl_matrix_get (&b.matrix, i, j);
        mask[k] = !(fabs (u - v) <= 1e-9 * (1.0 + fabs (v)));
        n += mask[k];
      }
  return n;
}

/* Largest |g - ref| over every entry of every gradient. */
static double
max_diff (bp_grads *g)
{
  double m = 0.0;
  for (int id = 0; id < BP_NGRADS; id++)
    {
      gsl_matrix_view a = bp_grads_matrix (g, id);
      gsl_matrix_view b = bp_grads_matrix (ref, id);
      for (size_t i = 0; i < a.matrix.size1; i++)
        for (size_t j = 0; j < a.matrix.size2; j++)
          {
            double d = fabs (gsl_matrix_get (&a.matrix, i, j)
                             - gsl_matrix_get (&b.matrix, i, j));
            m = d > m || isnan (d) ? d : m;
          }
    }
  return m;
}

/* Number of entries, over every gradient, with no store recorded. */
static size_t
unstored (void)
{
  size_t n = 0;
  for (int id = 0; id < BP_NGRADS; id++)
    for (size_t i = 0; i < res->size[id]; i++)
      n += res->store[id][i] == 0;
  return n;
}

/* Run a student's or hostile backward in the sandbox into fresh g. */
static int
run (const char *path, const char *sym, bp_grads *g, double seconds,
     bp_error *err)
{
  err->msg[0] = '\0';
  return bp_sandbox_run (load (path, sym), path, net, X, y, reg, cache, g,
                         seconds, res, err);
}

/* Whether stores are recorded here (x86-64 Linux, not under valgrind),
 * and whether they have source lines too (libdw). */
static int recorded, lines;
enum { STORES = 1, LINES = 2 };

/* Whether the next n assertions can run, needing STORES or LINES; when
 * not, they are skipped with the reason. */
static int
can (int need, unsigned n)
{
  if (!recorded)
    skip (n, "stores are not recorded here");
  else if (need == LINES && !lines)
    skip (n, "no source lines here: built without libdw");
  else
    return 1;
  return 0;
}

/* Counters of the labelled mistakes whose line was found. */
static unsigned mistakes, labelled_hits;
static double student_seconds;

/* Assertions for a correct student: 4. */
static void
check_correct (const struct student *s)
{
  bp_grads *g = bp_grads_alloc (N, D, H, C);
  bp_error err;
  char name[64];
  int rc = run (object_path (stem (s->file, name, sizeof name)), "backward",
                g, 2.0, &err);

  student_seconds += res->seconds;
  is_int (rc, 0, "%s: bp_sandbox_run returns 0 (%s)", s->file, err.msg);
  ok (res->status == BP_SANDBOX_RETURNED && res->retval == 0,
      "%s: returned 0 (status %d, retval %d)", s->file, res->status,
      res->retval);
  ok (max_diff (g) < 1e-10, "%s: its gradients, copied back, are right "
      "(max |g - ref| %.3g)", s->file, max_diff (g));
  if (can (STORES, 1))
    is_int ((long) unstored (), 0, "%s: a store recorded into every entry "
            "(%zu stores)", s->file, res->stores);
  bp_grads_free (g);
}

/* Assertions for one labelled mistake of a buggy student: 5. */
static void
check_mistake (const struct student *s, bp_grads *g, const char *root,
               int label)
{
  int id = bp_grad_lookup (root);
  unsigned char mask[N * H > D * H ? N * H : D * H];
  bp_sandbox_line w;
  int want = label, others = 0, rc;
  char path[512];
  size_t bad;

  if (id < 0)
    bail ("labels.tsv: %s: no gradient `%s'", s->file, root);
  for (size_t i = 0; i < NMOVED; i++)
    if (strcmp (moved[i].file, s->file) == 0 && moved[i].label == label)
      {
        want = moved[i].store;
        others = moved[i].others;
      }
  bad = wrong_entries (g, id, mask);
  ok (bad > 0, "%s: %s differs from the reference (%zu entries)", s->file,
      root, bad);
  if (!can (STORES, 1))
    {
      skip (3, "stores are not recorded here");
      return;
    }
  rc = bp_sandbox_where (res, id, mask, &w);
  ok (rc == 0 && w.addr != 0, "%s: bp_sandbox_where (%s) finds a place "
      "(%s)", s->file, root, w.symbol);
  if (!can (LINES, 3))
    return;
  if (w.computed == label)
    want = label;               /* the store writes what that line made */
  is_int (w.computed == label ? w.computed : w.line, want, "%s: %s's wrong "
          "entries last stored on line %d, or computed there (labelled %d; "
          "%zu of them there, %zu unwritten)", s->file, root, want, label,
          w.count, w.unwritten);
  ok (strcmp (w.name, s->file) == 0 && w.others == others,
      "%s: in %s, others %d (got %s, others %d)", s->file, s->file, others,
      w.name, w.others);
  snprintf (path, sizeof path, "checks/students/c/%s", s->file);
  ok (strcmp (w.computed == label ? w.computed_text : w.text,
              source_line (tap_srcfile (path), want)) == 0,
      "%s: the line's text `%s'", s->file, w.computed == label
      ? w.computed_text : w.text);
  mistakes++;
  labelled_hits += w.line == label || w.computed == label;
}

/* Assertions for a buggy student, per mistake as above, plus 1. */
static void
check_buggy (const struct student *s)
{
  bp_grads *g = bp_grads_alloc (N, D, H, C);
  bp_error err;
  char name[64], roots[32], at[32], *rs, *ls, *r, *l;
  int rc = run (object_path (stem (s->file, name, sizeof name)), "backward",
                g, 2.0, &err);

  student_seconds += res->seconds;
  ok (rc == 0 && res->status == BP_SANDBOX_RETURNED,
      "%s: bp_sandbox_run returns 0, status returned (%d, %s)", s->file,
      res->status, err.msg);
  snprintf (roots, sizeof roots, "%s", s->root);
  snprintf (at, sizeof at, "%s", s->line);
  for (r = strtok_r (roots, ",", &rs), l = strtok_r (at, ",", &ls);
       r != NULL && l != NULL;
       r = strtok_r (NULL, ",", &rs), l = strtok_r (NULL, ",", &ls))
    check_mistake (s, g, r, atoi (l));
  bp_grads_free (g);
}

/* The hostile students c24 (crash), c25 (hang), c26 (out of bounds): 6
 * assertions each. */
static void
check_hostile_student (const struct student *s)
{
  bp_grads *g = bp_grads_alloc (N, D, H, C);
  bp_error err;
  char name[64], want[4608];
  int line = atoi (s->line), rc;

  rc = run (object_path (stem (s->file, name, sizeof name)), "backward", g,
            2.0, &err);
  is_int (rc, GSL_EFAILED, "%s: bp_sandbox_run fails", s->file);
  ok (strcmp (err.msg, res->msg) == 0, "%s: err says what res does: %s",
      s->file, err.msg);
  ok (max_diff (g) > 0.1, "%s: g is left as it was (zero)", s->file);
  if (strcmp (s->root, "crash") == 0)
    {
      is_int (res->status, BP_SANDBOX_CRASHED, "%s: crashed", s->file);
      is_int (res->signo, SIGSEGV, "%s: by SIGSEGV", s->file);
      snprintf (want, sizeof want, "%s: killed by SIGSEGV",
                object_path (name));
    }
  else if (strcmp (s->root, "hang") == 0)
    {
      is_int (res->status, BP_SANDBOX_TIMED_OUT, "%s: timed out", s->file);
      ok (res->seconds >= 2.0 && res->seconds < 4.0,
          "%s: killed after 2 s (%.2f s)", s->file, res->seconds);
      snprintf (want, sizeof want, "%s: did not return within 2 s",
                object_path (name));
    }
  else
    {
      is_int (res->status, BP_SANDBOX_OUT_OF_BOUNDS, "%s: out of bounds",
              s->file);
      is_int (res->signo, SIGSEGV, "%s: caught as SIGSEGV", s->file);
      snprintf (want, sizeof want, "%s: wrote outside the gradients "
                "(dz1->data[%d], past its %d entries)",
                object_path (name), N * H, N * H);
    }
  /* The place, where one is known. */
  if (strcmp (s->root, "hang") != 0 && recorded && lines)
    snprintf (want + strlen (want), sizeof want - strlen (want),
              " at %s:%d: ", s->file, line);
  is_substr (res->msg, want, "%s: the message", s->file);
  bp_grads_free (g);
}

#define HOSTILE_TESTS 40

/* The passes of sandbox-hostile.c, and bp_net_backward itself. */
static void
check_hostile (void)
{
  const char *so = object_path ("sandbox-hostile");
  bp_grads *g = bp_grads_alloc (N, D, H, C);
  bp_sandbox_line w;
  bp_error err;
  char want[4608];
  int rc;

  /* exit (3) */
  rc = run (so, "backward_exit", g, 5.0, &err);
  is_int (rc, GSL_EFAILED, "exit: bp_sandbox_run fails");
  is_int (res->status, BP_SANDBOX_EXITED, "exit: status exited");
  is_int (res->exit_status, 3, "exit: with status 3");
  is_double (gsl_matrix_get (g->dz2, 0, 0), 0.0, 0.0,
             "exit: dz2 not copied back");
  snprintf (want, sizeof want, "%s: called exit (3) instead of returning "
            "at sandbox-hostile.c:%d: exit (3);", so, marker ("exit"));
  if (can (LINES, 1))
    is_substr (res->msg, want, "exit: the message");

  /* abort () */
  rc = run (so, "backward_abort", g, 5.0, &err);
  ok (rc == GSL_EFAILED && res->status == BP_SANDBOX_CRASHED,
      "abort: crashed (status %d)", res->status);
  is_int (res->signo, SIGABRT, "abort: by SIGABRT");
  snprintf (want, sizeof want, "%s: killed by SIGABRT at "
            "sandbox-hostile.c:%d: abort ();", so, marker ("abort"));
  if (can (LINES, 1))
    is_substr (res->msg, want, "abort: the message");

  /* 1 / 0 */
  rc = run (so, "backward_fpe", g, 5.0, &err);
  ok (rc == GSL_EFAILED && res->status == BP_SANDBOX_CRASHED,
      "fpe: crashed (status %d)", res->status);
  is_int (res->signo, SIGFPE, "fpe: by SIGFPE");
  if (can (LINES, 1))
    is_int (res->at.line, marker ("fpe"), "fpe: at the division");

  /* Endless recursion: the stack overflows. */
  rc = run (so, "backward_recurse", g, 5.0, &err);
  ok (rc == GSL_EFAILED && res->status == BP_SANDBOX_CRASHED,
      "recursion: crashed (status %d: %s)", res->status, res->msg);
  is_int (res->signo, SIGSEGV, "recursion: by SIGSEGV");
  if (can (LINES, 1))
    ok (strcmp (res->at.name, "sandbox-hostile.c") == 0
        && res->at.line <= marker ("recurse")
        && res->at.line >= marker ("recurse") - 4,
        "recursion: in sum_from (%s:%d)", res->at.name, res->at.line);

  /* Reading dp1->data[N H], past the end: the guard catches it.  Writing
   * dp1->data[-1], in the page before the entries: read-only only while
   * stores are recorded. */
  rc = run (so, "backward_read_past", g, 5.0, &err);
  ok (rc == GSL_EFAILED && res->status == BP_SANDBOX_OUT_OF_BOUNDS,
      "read past dp1: out of bounds (status %d)", res->status);
  snprintf (want, sizeof want, "%s: %s outside the gradients "
            "(dp1->data[%d], past its %d entries)", so,
#if defined __x86_64__ && defined __linux__
            "read",
#else
            "reached",
#endif
            N * H, N * H);
  if (lines)
    snprintf (want + strlen (want), sizeof want - strlen (want),
              " at sandbox-hostile.c:%d: ", marker ("read"));
  is_substr (res->msg, want, "read past dp1: the message");
  rc = run (so, "backward_write_before", g, 5.0, &err);
  if (can (STORES, 1))
    ok (rc == GSL_EFAILED && res->status == BP_SANDBOX_OUT_OF_BOUNDS,
        "write before dp1: out of bounds (status %d)", res->status);
  snprintf (want, sizeof want, "%s: wrote outside the gradients "
            "(dp1->data[-1], before its %d entries) at "
            "sandbox-hostile.c:%d: ", so, N * H, marker ("write"));
  if (can (LINES, 1))
    is_substr (res->msg, want, "write before dp1: the message");

  /* Only dW1, and the present bits that say so. */
  rc = run (so, "backward_only_dw1", g, 5.0, &err);
  ok (rc == 0 && res->status == BP_SANDBOX_RETURNED,
      "only dW1: returned (status %d)", res->status);
  is_int ((long) g->present, 1L << BP_DW1, "only dW1: present bits kept");
  {
    double s = 0;
    for (size_t n = 0; n < N; n++)
      s += gsl_matrix_get (X, n, 4) / N;
    is_double (gsl_matrix_get (g->dW1, 4, 9),
               s + 2 * reg * gsl_matrix_get (net->W1, 4, 9), 1e-12,
               "only dW1: dW1[4,9] copied back");
  }
  if (can (LINES, 1))
    {
      rc = bp_sandbox_where (res, BP_DW1, NULL, &w);
      ok (rc == 0 && w.line == marker ("dW1") && w.count == D * H,
          "only dW1: all %d entries of dW1 stored on line %d (%d: %s:%d, "
          "%zu)", D * H, marker ("dW1"), rc, w.name, w.line, w.count);
    }
  if (can (STORES, 2))
    {
      rc = bp_sandbox_where (res, BP_DZ2, NULL, &w);
      ok (rc == GSL_FAILURE && w.unwritten == N * C,
          "only dW1: dz2 never stored (%d, %zu unwritten)", rc,
          w.unwritten);
      ok (res->stores >= D * H && res->stores < 4 * D * H,
          "only dW1: %zu stores recorded", res->stores);
    }
  g->present = BP_GRADS_ALL;

  /* A refusal is the backward's own business. */
  rc = run (so, "backward_refuse", g, 5.0, &err);
  ok (rc == 0 && res->status == BP_SANDBOX_RETURNED,
      "refuse: returned (status %d)", res->status);
  is_int (res->retval, 7, "refuse: its value 7 kept");

  /* A pass that writes into its cache: the recorded call runs on what
   * the first call left (half of prob), the caller's cache stays as it
   * was, and a cold run makes no first call. */
  {
    double p00 = gsl_matrix_get (cache->prob, 0, 0);
    rc = run (so, "backward_halve_prob", g, 5.0, &err);
    ok (rc == 0 && res->changed == BP_SANDBOX_CHANGED_PROB,
        "halve prob: the first call changed prob alone (%d, changed %#x)",
        rc, res->changed);
    is_double (gsl_matrix_get (g->dz2, 0, 0), p00 / 2, 1e-15,
               "halve prob: the recorded call ran on the changed copy");
    is_double (gsl_matrix_get (cache->prob, 0, 0), p00, 0,
               "halve prob: the caller's cache unchanged");
    res->cold = 1;
    rc = run (so, "backward_halve_prob", g, 5.0, &err);
    res->cold = 0;
    ok (rc == 0 && res->changed == 0
        && gsl_matrix_get (g->dz2, 0, 0) == p00,
        "halve prob, cold: one call, on the inputs as they were (%d, "
        "changed %#x)", rc, res->changed);
  }
  g->present = BP_GRADS_ALL;

  /* The reference itself, from the library, and then a student again:
   * the caller survived all of the above. */
  for (int id = 0; id < BP_NGRADS; id++)
    {
      gsl_matrix_view m = bp_grads_matrix (g, id);
      gsl_matrix_set_all (&m.matrix, 2.385);
    }
  rc = bp_sandbox_run (bp_net_backward, NULL, net, X, y, reg, cache, g, 5.0,
                       res, &err);
  ok (rc == 0 && res->status == BP_SANDBOX_RETURNED,
      "bp_net_backward: returned (status %d: %s)", res->status, res->msg);
  ok (max_diff (g) < 1e-12, "bp_net_backward: the reference gradients "
      "(max diff %.3g)", max_diff (g));
  if (can (STORES, 1))
    is_int ((long) unstored (), 0, "bp_net_backward: every entry that it "
            "changed from 2.385 recorded, vector stores included");
  bp_grads_free (g);
  g = bp_grads_alloc (N, D, H, C);
  rc = run (object_path ("c01-loops"), "backward", g, 5.0, &err);
  ok (rc == 0 && max_diff (g) < 1e-10,
      "c01 once more, after the hostile ones: right");

  /* Without -g: no lines, and the way to get them. */
  rc = run (object_path ("c02-ptr-nodebug"), "backward", g, 5.0, &err);
  ok (rc == 0 && res->status == BP_SANDBOX_RETURNED,
      "c02 without -g: returned (status %d)", res->status);
  is_int (res->lines, 0, "c02 without -g: no lines");
  if (can (LINES, 2))
    {
      unsigned char mask[N * H];
      is_substr (res->msg, BP_SANDBOX_HINT, "c02 without -g: says how");
      wrong_entries (g, BP_DZ1, mask);
      rc = bp_sandbox_where (res, BP_DZ1, mask, &w);
      ok (rc == 0 && w.line == 0 && w.addr != 0
          && strncmp (w.symbol, "backward+0x", 11) == 0,
          "c02 without -g: dz1 at %s, no line", w.symbol);
    }
  rc = run (object_path ("c02-ptr"), "backward", g, 5.0, &err);
  if (can (LINES, 1))
    ok (rc == 0 && res->lines == 1 && res->msg[0] == '\0',
        "c02 with -g: lines, and nothing to say (%s)", res->msg);

  /* Sizes that are not the sandbox's. */
  {
    bp_grads *small = bp_grads_alloc (N - 1, D, H, C);
    tap_gsl_errno = 0;
    rc = bp_sandbox_run (bp_net_backward, NULL, net, X, y, reg, cache,
                         small, 5.0, res, &err);
    ok (rc == GSL_EBADLEN && tap_gsl_errno == GSL_EBADLEN,
        "gradients of another size: GSL_EBADLEN (%d)", rc);
    bp_grads_free (small);
  }
  bp_grads_free (g);
}

/* How many assertions students[] makes. */
static unsigned
count_tests (void)
{
  unsigned n = 0;
  for (size_t i = 0; i < nstudents; i++)
    {
      const struct student *s = &students[i];
      if (s->correct)
        n += 4;
      else if (strcmp (s->root, "crash") == 0 || strcmp (s->root, "hang") == 0
               || strcmp (s->root, "oob") == 0)
        n += 6;
      else
        {
          n += 1;
          for (const char *c = s->root; *c; c++)
            n += *c == ',' ? 5 : 0;
          n += 5;
        }
    }
  return n;
}

int
main (void)
{
  tap_gsl_handler_install ();
  /* Under valgrind (make check-valgrind), the sandbox's children run
   * under it too, and it rightly reports the students' invalid writes
   * there as errors. */
  if (getenv ("LD_PRELOAD") != NULL
      && strstr (getenv ("LD_PRELOAD"), "vgpreload") != NULL)
    {
      printf ("1..0 # SKIP under valgrind, which checks the students' "
              "code in the sandbox's children too\n");
      return 0;
    }
  /* Two threads for BLIS (read at its first call, in setup): the child
   * of a parent whose OpenMP ran a team must still get through gemm. */
  setenv ("BLIS_NUM_THREADS", "2", 0);
  read_labels ();
  setup ();
  plan (count_tests () + HOSTILE_TESTS + 1);

  /* Whether stores are recorded here (x86-64 Linux, not under valgrind):
   * a correct student says. */
  {
    bp_grads *g = bp_grads_alloc (N, D, H, C);
    bp_error err;
    run (object_path ("c01-loops"), "backward", g, 5.0, &err);
    recorded = res->recorded;
    lines = res->lines;
    if (!recorded)
      diag ("stores are not recorded on this platform: places untested");
    else if (!lines)
      diag ("no source lines (no libdw): lines untested");
    bp_grads_free (g);
  }

  for (size_t i = 0; i < nstudents; i++)
    {
      const struct student *s = &students[i];
      if (s->correct)
        check_correct (s);
      else if (strcmp (s->root, "crash") == 0 || strcmp (s->root, "hang") == 0
               || strcmp (s->root, "oob") == 0)
        check_hostile_student (s);
      else
        check_buggy (s);
    }
  if (lines)
    diag ("the labelled line of %u of %u mistakes is the line of the last "
          "store into the wrong entries, or of what it stores",
          labelled_hits, mistakes);
  if (can (LINES, 1))
    is_int (labelled_hits, 20, "20 labelled lines found: the store's, or "
            "the line that computed what it stores (the loop bound of a row "
            "never stored is the verdict's, not the sandbox's)");
  diag ("the 24 students that return took %.3f s in all, recording "
        "included", student_seconds);

  check_hostile ();

  bp_sandbox_result_free (res);
  bp_grads_free (ref);
  bp_cache_free (cache);
  bp_net_free (net);
  gsl_matrix_free (X);
  return tap_done ();
}
