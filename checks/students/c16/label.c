/* label.c -- an independent labeller for the students' backward passes of set c16.
 *
 * Written from the mathematics only (GSL and libdl, no backprop library
 * code; the headers of src/backprop are used for the struct layouts).
 *
 *   z1 = X W1 + 1 b1'   p1 = relu(z1)   z2 = p1 W2 + 1 b2'   P = softmax(z2)
 *   L  = (1/N) sum_i -log P[i][y_i] + reg (|W1|^2 + |W2|^2)
 *
 * For each student shared object and each of several random problems
 * (seeds x {5-10-3 batch 7, 6-8-4 batch 9}, reg 0.1) it fills the gradients
 * with garbage, calls the student's backward() and compares every gradient
 *   (a) with centred differences of L (for dz2, dp1 and dz1, of L as a
 *       function of the intermediate z2, p1 or z1), and
 *   (b) with its rule applied to the student's OWN upstream gradient
 *       (dW2 = p1' dz2 + 2 reg W2 with the student's dz2, and so on).
 * A gradient that fails (a) is a root when it also fails (b) (it is wrong
 * given its inputs: "local:") and inherited when it passes (b).  The
 * student's backward is then called a second time over its own outputs (as
 * in training) and any gradient that changes is reported.
 *
 * Usage: label [-l labels.tsv] [-v] FILE.so ...
 * With -l, each file's verdict is compared with its row of labels.tsv
 * (columns file, correct, root) and "agree" or "DISAGREE" is printed.
 * Exit status 0 when every file ran (and agreed, with -l), 1 otherwise.
 *
 * Build: cc -O2 -I../../../src $(pkg-config --cflags gsl) -o label label.c \
 *          $(pkg-config --libs gsl) -ldl
 */

#include <dlfcn.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>
#include <gsl/gsl_matrix.h>
#include <gsl/gsl_vector.h>
#include <gsl/gsl_rng.h>
#include <gsl/gsl_randist.h>

#include "backprop/net.h"
#include "backprop/grads.h"

#define NG 7
static const char *gname[NG] = { "dz2", "dW2", "db2", "dp1", "dz1", "dW1", "db1" };
enum { DZ2, DW2, DB2, DP1, DZ1, DW1, DB1 };

typedef int backward_fn (const bp_net *, const gsl_matrix *, const size_t *,
                         double, const bp_cache *, bp_grads *);

static const double TOL = 1e-6;     /* relative error above which a gradient is wrong */
static const double REG = 0.1;
static int verbose = 0;

/* ------------------------------------------------------------------ */
/* problem                                                             */

typedef struct {
  size_t N, D, H, C;
  bp_net *net;
  gsl_matrix *X;
  size_t *y;
  bp_cache cache;
} problem;

static bp_net *
net_new (size_t D, size_t H, size_t C)
{
  size_t P = D * H + H + H * C + C;
  bp_net *n = calloc (1, sizeof (bp_net) + P * sizeof (double));
  double *d;
  if (!n)
    abort ();
  n->D = D, n->H = H, n->C = C;
  d = n->data;
  n->theta_view = gsl_vector_view_array (d, P);
  n->theta = &n->theta_view.vector;
  n->W1_view = gsl_matrix_view_array (d, D, H);
  n->W1 = &n->W1_view.matrix;
  n->b1_view = gsl_vector_view_array (d + D * H, H);
  n->b1 = &n->b1_view.vector;
  n->W2_view = gsl_matrix_view_array (d + D * H + H, H, C);
  n->W2 = &n->W2_view.matrix;
  n->b2_view = gsl_vector_view_array (d + D * H + H + H * C, C);
  n->b2 = &n->b2_view.vector;
  return n;
}

static bp_grads *
grads_new (size_t N, size_t D, size_t H, size_t C)
{
  size_t P = D * H + H + H * C + C;
  bp_grads *g = calloc (1, sizeof *g);
  double *d;
  if (!g)
    abort ();
  g->N = N, g->D = D, g->H = H, g->C = C;
  g->dz2 = gsl_matrix_alloc (N, C);
  g->dp1 = gsl_matrix_alloc (N, H);
  g->dz1 = gsl_matrix_alloc (N, H);
  g->dtheta = gsl_vector_alloc (P);
  d = g->dtheta->data;
  g->dW1_view = gsl_matrix_view_array (d, D, H);
  g->dW1 = &g->dW1_view.matrix;
  g->db1_view = gsl_vector_view_array (d + D * H, H);
  g->db1 = &g->db1_view.vector;
  g->dW2_view = gsl_matrix_view_array (d + D * H + H, H, C);
  g->dW2 = &g->dW2_view.matrix;
  g->db2_view = gsl_vector_view_array (d + D * H + H + H * C, C);
  g->db2 = &g->db2_view.vector;
  return g;
}

static void
grads_free (bp_grads *g)
{
  gsl_matrix_free (g->dz2);
  gsl_matrix_free (g->dp1);
  gsl_matrix_free (g->dz1);
  gsl_vector_free (g->dtheta);
  free (g);
}

/* z = A W + 1 b' */
static void
affine (const gsl_matrix *A, const gsl_matrix *W, const gsl_vector *b,
        gsl_matrix *Z)
{
  size_t i, j, k;
  for (i = 0; i < A->size1; i++)
    for (j = 0; j < W->size2; j++)
      {
        double s = gsl_vector_get (b, j);
        for (k = 0; k < A->size2; k++)
          s += gsl_matrix_get (A, i, k) * gsl_matrix_get (W, k, j);
        gsl_matrix_set (Z, i, j, s);
      }
}

static void
relu (const gsl_matrix *Z, gsl_matrix *P)
{
  size_t i, j;
  for (i = 0; i < Z->size1; i++)
    for (j = 0; j < Z->size2; j++)
      {
        double z = gsl_matrix_get (Z, i, j);
        gsl_matrix_set (P, i, j, z > 0 ? z : 0.0);
      }
}

/* softmax row by row (prob may be NULL); returns the mean cross-entropy */
static double
softmax_xent (const gsl_matrix *Z, const size_t *y, gsl_matrix *prob)
{
  size_t i, j, N = Z->size1, C = Z->size2;
  double L = 0;
  for (i = 0; i < N; i++)
    {
      double m = gsl_matrix_get (Z, i, 0), s = 0, lse;
      for (j = 1; j < C; j++)
        if (gsl_matrix_get (Z, i, j) > m)
          m = gsl_matrix_get (Z, i, j);
      for (j = 0; j < C; j++)
        s += exp (gsl_matrix_get (Z, i, j) - m);
      lse = m + log (s);
      L += lse - gsl_matrix_get (Z, i, y[i]);
      if (prob)
        for (j = 0; j < C; j++)
          gsl_matrix_set (prob, i, j, exp (gsl_matrix_get (Z, i, j) - lse));
    }
  return L / (double) N;
}

static double
sumsq (const gsl_matrix *W)
{
  size_t i, j;
  double s = 0;
  for (i = 0; i < W->size1; i++)
    for (j = 0; j < W->size2; j++)
      s += gsl_matrix_get (W, i, j) * gsl_matrix_get (W, i, j);
  return s;
}

static double
reg_loss (const problem *p)
{
  return REG * (sumsq (p->net->W1) + sumsq (p->net->W2));
}

static void
forward (problem *p)
{
  affine (p->X, p->net->W1, p->net->b1, p->cache.z1);
  relu (p->cache.z1, p->cache.p1);
  affine (p->cache.p1, p->net->W2, p->net->b2, p->cache.z2);
  softmax_xent (p->cache.z2, p->y, p->cache.prob);
}

/* The loss as a function of each intermediate, on scratch matrices. */
static double
loss_from_z2 (const problem *p, const gsl_matrix *z2)
{
  return softmax_xent (z2, p->y, NULL) + reg_loss (p);
}

static double
loss_from_p1 (const problem *p, const gsl_matrix *p1)
{
  gsl_matrix *z2 = gsl_matrix_alloc (p->N, p->C);
  double L;
  affine (p1, p->net->W2, p->net->b2, z2);
  L = loss_from_z2 (p, z2);
  gsl_matrix_free (z2);
  return L;
}

static double
loss_from_z1 (const problem *p, const gsl_matrix *z1)
{
  gsl_matrix *p1 = gsl_matrix_alloc (p->N, p->H);
  double L;
  relu (z1, p1);
  L = loss_from_p1 (p, p1);
  gsl_matrix_free (p1);
  return L;
}

static double
loss_from_theta (const problem *p)
{
  gsl_matrix *z1 = gsl_matrix_alloc (p->N, p->H);
  double L;
  affine (p->X, p->net->W1, p->net->b1, z1);
  L = loss_from_z1 (p, z1);
  gsl_matrix_free (z1);
  return L;
}

static problem *
problem_new (size_t N, size_t D, size_t H, size_t C, unsigned long seed)
{
  problem *p = calloc (1, sizeof *p);
  gsl_rng *r = gsl_rng_alloc (gsl_rng_mt19937);
  size_t i, j;

  gsl_rng_set (r, seed * 7919 + N * 31 + D);
  p->N = N, p->D = D, p->H = H, p->C = C;
  p->net = net_new (D, H, C);
  for (i = 0; i < D * H; i++)
    p->net->theta->data[i] = gsl_ran_gaussian (r, 1.0 / sqrt ((double) D));
  for (i = 0; i < H; i++)
    gsl_vector_set (p->net->b1, i, gsl_ran_gaussian (r, 0.1));
  for (i = 0; i < H; i++)
    for (j = 0; j < C; j++)
      gsl_matrix_set (p->net->W2, i, j, gsl_ran_gaussian (r, 1.0 / sqrt ((double) H)));
  for (i = 0; i < C; i++)
    gsl_vector_set (p->net->b2, i, gsl_ran_gaussian (r, 0.1));
  p->X = gsl_matrix_alloc (N, D);
  for (i = 0; i < N; i++)
    for (j = 0; j < D; j++)
      gsl_matrix_set (p->X, i, j, gsl_ran_gaussian (r, 1.0));
  p->y = malloc (N * sizeof *p->y);
  for (i = 0; i < N; i++)
    p->y[i] = gsl_rng_uniform_int (r, C);
  p->cache.N = N, p->cache.H = H, p->cache.C = C;
  p->cache.z1 = gsl_matrix_alloc (N, H);
  p->cache.p1 = gsl_matrix_alloc (N, H);
  p->cache.z2 = gsl_matrix_alloc (N, C);
  p->cache.prob = gsl_matrix_alloc (N, C);
  forward (p);
  gsl_rng_free (r);
  return p;
}

static void
problem_free (problem *p)
{
  gsl_matrix_free (p->X);
  free (p->y);
  gsl_matrix_free (p->cache.z1);
  gsl_matrix_free (p->cache.p1);
  gsl_matrix_free (p->cache.z2);
  gsl_matrix_free (p->cache.prob);
  free (p->net);
  free (p);
}

/* ------------------------------------------------------------------ */
/* gradients as flat arrays                                            */

typedef struct { size_t n; double *v; } arr;

static arr
arr_new (size_t n)
{
  arr a = { n, calloc (n ? n : 1, sizeof (double)) };
  return a;
}

static arr
arr_of_matrix (const gsl_matrix *m)
{
  arr a = arr_new (m->size1 * m->size2);
  size_t i, j;
  for (i = 0; i < m->size1; i++)
    for (j = 0; j < m->size2; j++)
      a.v[i * m->size2 + j] = gsl_matrix_get (m, i, j);
  return a;
}

static arr
arr_of_vector (const gsl_vector *v)
{
  arr a = arr_new (v->size);
  size_t i;
  for (i = 0; i < v->size; i++)
    a.v[i] = gsl_vector_get (v, i);
  return a;
}

static void
grads_to_arr (const bp_grads *g, arr out[NG])
{
  out[DZ2] = arr_of_matrix (g->dz2);
  out[DW2] = arr_of_matrix (g->dW2);
  out[DB2] = arr_of_vector (g->db2);
  out[DP1] = arr_of_matrix (g->dp1);
  out[DZ1] = arr_of_matrix (g->dz1);
  out[DW1] = arr_of_matrix (g->dW1);
  out[DB1] = arr_of_vector (g->db1);
}

static void
arrs_free (arr a[NG])
{
  int k;
  for (k = 0; k < NG; k++)
    free (a[k].v);
}

/* max |a-b| / max(max|a|, max|b|); NaN anywhere counts as 1 */
static double
relerr (arr a, arr b)
{
  double d = 0, s = 0;
  size_t i;
  for (i = 0; i < a.n; i++)
    {
      if (!isfinite (a.v[i]) || !isfinite (b.v[i]))
        return 1.0;
      if (fabs (a.v[i] - b.v[i]) > d)
        d = fabs (a.v[i] - b.v[i]);
      if (fabs (a.v[i]) > s)
        s = fabs (a.v[i]);
      if (fabs (b.v[i]) > s)
        s = fabs (b.v[i]);
    }
  return s < 1e-12 ? d : d / s;
}

/* ------------------------------------------------------------------ */
/* the reference values                                                */

static const double HSTEP = 1e-5;

/* centred differences of f over the entries of matrix m (modified in place
 * and restored) */
static arr
numdiff_matrix (const problem *p, gsl_matrix *m,
                double (*f) (const problem *, const gsl_matrix *))
{
  arr a = arr_new (m->size1 * m->size2);
  size_t i, j;
  for (i = 0; i < m->size1; i++)
    for (j = 0; j < m->size2; j++)
      {
        double x = gsl_matrix_get (m, i, j), fp, fm;
        gsl_matrix_set (m, i, j, x + HSTEP);
        fp = f (p, m);
        gsl_matrix_set (m, i, j, x - HSTEP);
        fm = f (p, m);
        gsl_matrix_set (m, i, j, x);
        a.v[i * m->size2 + j] = (fp - fm) / (2 * HSTEP);
      }
  return a;
}

/* centred differences of the loss over theta entries [off, off+n) */
static arr
numdiff_theta (const problem *p, size_t off, size_t n)
{
  arr a = arr_new (n);
  double *t = p->net->theta->data;
  size_t k;
  for (k = 0; k < n; k++)
    {
      double x = t[off + k], fp, fm;
      t[off + k] = x + HSTEP;
      fp = loss_from_theta (p);
      t[off + k] = x - HSTEP;
      fm = loss_from_theta (p);
      t[off + k] = x;
      a.v[k] = (fp - fm) / (2 * HSTEP);
    }
  return a;
}

static void
numeric_grads (const problem *p, arr out[NG])
{
  size_t D = p->D, H = p->H, C = p->C;
  gsl_matrix *m;

  m = gsl_matrix_alloc (p->N, C);
  gsl_matrix_memcpy (m, p->cache.z2);
  out[DZ2] = numdiff_matrix (p, m, loss_from_z2);
  gsl_matrix_free (m);
  m = gsl_matrix_alloc (p->N, H);
  gsl_matrix_memcpy (m, p->cache.p1);
  out[DP1] = numdiff_matrix (p, m, loss_from_p1);
  gsl_matrix_memcpy (m, p->cache.z1);
  out[DZ1] = numdiff_matrix (p, m, loss_from_z1);
  gsl_matrix_free (m);
  out[DW1] = numdiff_theta (p, 0, D * H);
  out[DB1] = numdiff_theta (p, D * H, H);
  out[DW2] = numdiff_theta (p, D * H + H, H * C);
  out[DB2] = numdiff_theta (p, D * H + H + H * C, C);
}

/* each rule applied to the student's own upstream gradient s[] */
static void
local_grads (const problem *p, arr s[NG], arr out[NG])
{
  size_t N = p->N, D = p->D, H = p->H, C = p->C, i, j, k;
  const double *dz2 = s[DZ2].v, *dp1 = s[DP1].v, *dz1 = s[DZ1].v;

  out[DZ2] = arr_new (N * C);
  for (i = 0; i < N; i++)
    for (j = 0; j < C; j++)
      out[DZ2].v[i * C + j] = (gsl_matrix_get (p->cache.prob, i, j)
                               - (j == p->y[i] ? 1.0 : 0.0)) / (double) N;
  out[DW2] = arr_new (H * C);
  for (k = 0; k < H; k++)
    for (j = 0; j < C; j++)
      {
        double a = 2 * REG * gsl_matrix_get (p->net->W2, k, j);
        for (i = 0; i < N; i++)
          a += gsl_matrix_get (p->cache.p1, i, k) * dz2[i * C + j];
        out[DW2].v[k * C + j] = a;
      }
  out[DB2] = arr_new (C);
  for (j = 0; j < C; j++)
    for (i = 0; i < N; i++)
      out[DB2].v[j] += dz2[i * C + j];
  out[DP1] = arr_new (N * H);
  for (i = 0; i < N; i++)
    for (k = 0; k < H; k++)
      {
        double a = 0;
        for (j = 0; j < C; j++)
          a += dz2[i * C + j] * gsl_matrix_get (p->net->W2, k, j);
        out[DP1].v[i * H + k] = a;
      }
  out[DZ1] = arr_new (N * H);
  for (i = 0; i < N; i++)
    for (k = 0; k < H; k++)
      out[DZ1].v[i * H + k] = gsl_matrix_get (p->cache.z1, i, k) > 0
                              ? dp1[i * H + k] : 0.0;
  out[DW1] = arr_new (D * H);
  for (j = 0; j < D; j++)
    for (k = 0; k < H; k++)
      {
        double a = 2 * REG * gsl_matrix_get (p->net->W1, j, k);
        for (i = 0; i < N; i++)
          a += gsl_matrix_get (p->X, i, j) * dz1[i * H + k];
        out[DW1].v[j * H + k] = a;
      }
  out[DB1] = arr_new (H);
  for (k = 0; k < H; k++)
    for (i = 0; i < N; i++)
      out[DB1].v[k] += dz1[i * H + k];
}

/* ------------------------------------------------------------------ */
/* one student                                                         */

static void
fill_garbage (bp_grads *g, gsl_rng *r)
{
  size_t i, j;
  gsl_matrix *m[3] = { g->dz2, g->dp1, g->dz1 };
  int k;
  for (k = 0; k < 3; k++)
    for (i = 0; i < m[k]->size1; i++)
      for (j = 0; j < m[k]->size2; j++)
        gsl_matrix_set (m[k], i, j, 40.0 * (gsl_rng_uniform (r) - 0.5) + 3.0);
  for (i = 0; i < g->dtheta->size; i++)
    gsl_vector_set (g->dtheta, i, 40.0 * (gsl_rng_uniform (r) - 0.5) + 3.0);
  g->present = 0;
}

typedef struct { size_t N, D, H, C; unsigned long seed; } config;
static const config configs[] = {
  { 7, 5, 10, 3, 1 }, { 9, 6, 8, 4, 1 },
  { 7, 5, 10, 3, 2 }, { 9, 6, 8, 4, 2 },
  { 7, 5, 10, 3, 3 }, { 9, 6, 8, 4, 3 },
};
#define NCONF (sizeof configs / sizeof configs[0])

/* Runs one student (in a child process); prints its report and one
 * machine-readable line "VERDICT\tfile\tcorrect\troots\tinherited\tchanged". */
static int
run_student (const char *path, const char *name)
{
  void *h = dlopen (path, RTLD_NOW | RTLD_LOCAL);
  backward_fn *bw;
  int root[NG] = { 0 }, inh[NG] = { 0 }, changed[NG] = { 0 }, oknum_badlocal[NG] = { 0 };
  double maxnum[NG] = { 0 }, maxloc[NG] = { 0 };
  size_t c;
  int k, failed = 0;
  gsl_rng *r = gsl_rng_alloc (gsl_rng_mt19937);
  char roots[128] = "", inhs[128] = "", chs[128] = "";
  static char detail[NCONF][512];

  if (!h)
    {
      printf ("%s: cannot load: %s\n", name, dlerror ());
      return 1;
    }
  *(void **) &bw = dlsym (h, "backward");
  if (!bw)
    {
      printf ("%s: no symbol backward\n", name);
      return 1;
    }
  gsl_rng_set (r, 12345);

  for (c = 0; c < NCONF; c++)
    {
      const config *cf = &configs[c];
      problem *p = problem_new (cf->N, cf->D, cf->H, cf->C, cf->seed);
      bp_grads *g = grads_new (cf->N, cf->D, cf->H, cf->C);
      arr S[NG], S2[NG], NUM[NG], LOC[NG];
      int rc;
      char line[512];
      size_t len = 0;

      fill_garbage (g, r);
      rc = bw (p->net, p->X, p->y, REG, &p->cache, g);
      if (rc != 0)
        {
          printf ("%s: backward returned %d on %zu-%zu-%zu/%zu\n", name, rc,
                  cf->D, cf->H, cf->C, cf->N);
          failed = 1;
        }
      grads_to_arr (g, S);
      rc = bw (p->net, p->X, p->y, REG, &p->cache, g);
      if (rc != 0)
        failed = 1;
      grads_to_arr (g, S2);
      numeric_grads (p, NUM);
      local_grads (p, S, LOC);

      len += snprintf (line + len, sizeof line - len, "  %zu-%zu-%zu/%zu seed %lu:",
                       cf->D, cf->H, cf->C, cf->N, cf->seed);
      for (k = 0; k < NG; k++)
        {
          double en = relerr (S[k], NUM[k]), el = relerr (S[k], LOC[k]);
          const char *v;
          if (en > maxnum[k]) maxnum[k] = en;
          if (el > maxloc[k]) maxloc[k] = el;
          if (en <= TOL)
            {
              v = "ok";
              if (el > TOL)
                oknum_badlocal[k] = 1, v = "ok?";
            }
          else if (el > TOL)
            root[k] = 1, v = "ROOT";
          else
            inh[k] = 1, v = "inh";
          if (relerr (S[k], S2[k]) > 1e-12)
            changed[k] = 1;
          len += snprintf (line + len, sizeof line - len, " %s=%s", gname[k], v);
        }
      snprintf (detail[c], sizeof detail[c], "%s", line);
      arrs_free (S), arrs_free (S2), arrs_free (NUM), arrs_free (LOC);
      grads_free (g);
      problem_free (p);
    }

  for (k = 0; k < NG; k++)
    {
      if (root[k])
        snprintf (roots + strlen (roots), sizeof roots - strlen (roots), "%s%s",
                  *roots ? "," : "", gname[k]);
      else if (inh[k])
        snprintf (inhs + strlen (inhs), sizeof inhs - strlen (inhs), "%s%s",
                  *inhs ? "," : "", gname[k]);
      if (changed[k])
        snprintf (chs + strlen (chs), sizeof chs - strlen (chs), "%s%s",
                  *chs ? "," : "", gname[k]);
    }
  printf ("%s: %s\n", name, (*roots || *inhs || failed) ? "WRONG" : "correct");
  if (verbose)
    for (c = 0; c < NCONF; c++)
      printf ("%s\n", detail[c]);
  printf ("  local: %s\n", *roots ? roots : "-");
  printf ("  inherited: %s\n", *inhs ? inhs : "-");
  printf ("  second call changes: %s\n", *chs ? chs : "-");
  for (k = 0; k < NG; k++)
    if (oknum_badlocal[k])
      printf ("  note: %s agrees with the loss but not with its rule on the "
              "student's upstream\n", gname[k]);
  printf ("  max rel err vs loss:");
  for (k = 0; k < NG; k++)
    printf (" %s %.1e", gname[k], maxnum[k]);
  printf ("\n  max rel err vs own rule:");
  for (k = 0; k < NG; k++)
    printf (" %s %.1e", gname[k], maxloc[k]);
  printf ("\nVERDICT\t%s\t%s\t%s\t%s\t%s\n", name,
          (*roots || *inhs || failed) ? "no" : "yes", roots, inhs, chs);
  fflush (stdout);
  gsl_rng_free (r);
  return failed;
}

/* ------------------------------------------------------------------ */

static const char *
basename_noext (const char *path, char *buf, size_t n)
{
  const char *b = strrchr (path, '/');
  char *dot;
  snprintf (buf, n, "%s", b ? b + 1 : path);
  dot = strstr (buf, ".so");
  if (dot)
    *dot = 0;
  return buf;
}

/* labels.tsv lookup: correct (64 bytes) and root (256 bytes) of the row
 * whose file, without .c, is name */
static int
label_of (const char *tsv, const char *name, char *correct, char *root)
{
  FILE *f = fopen (tsv, "r");
  char line[1024];
  int found = 0;
  if (!f)
    return 0;
  while (fgets (line, sizeof line, f))
    {
      /* split on single tabs: empty fields (root of a correct file) stay */
      char *field[3] = { line, NULL, NULL }, *t = line, stem[1024];
      int k;
      line[strcspn (line, "\n")] = 0;
      for (k = 1; k < 3 && t; k++)
        if ((t = strchr (t, '\t')) != NULL)
          *t++ = 0, field[k] = t;
      if (field[2] && (t = strchr (field[2], '\t')) != NULL)
        *t = 0;
      if (!strcmp (field[0], "file"))
        continue;
      snprintf (stem, sizeof stem, "%s", field[0]);
      if (strstr (stem, ".c"))
        *strstr (stem, ".c") = 0;
      if (strcmp (stem, name))
        continue;
      snprintf (correct, 64, "%s", field[1] ? field[1] : "");
      snprintf (root, 256, "%s", field[2] ? field[2] : "");
      if (!strcmp (root, "-"))
        *root = 0;
      found = 1;
      break;
    }
  fclose (f);
  return found;
}

int
main (int argc, char **argv)
{
  const char *tsv = NULL;
  int i, bad = 0, nfiles = 0, nagree = 0;

  for (i = 1; i < argc && argv[i][0] == '-'; i++)
    {
      if (!strcmp (argv[i], "-l") && i + 1 < argc)
        tsv = argv[++i];
      else if (!strcmp (argv[i], "-v"))
        verbose = 1;
      else
        {
          fprintf (stderr, "usage: label [-l labels.tsv] [-v] FILE.so ...\n");
          return 2;
        }
    }
  for (; i < argc; i++)
    {
      char name[256], buf[65536];
      int fd[2], status;
      pid_t pid;
      ssize_t n;
      size_t got = 0;
      char *v;

      basename_noext (argv[i], name, sizeof name);
      nfiles++;
      fflush (stdout);
      if (pipe (fd))
        return 2;
      pid = fork ();
      if (pid == 0)
        {
          close (fd[0]);
          dup2 (fd[1], 1);
          _exit (run_student (argv[i], name));
        }
      close (fd[1]);
      while ((n = read (fd[0], buf + got, sizeof buf - 1 - got)) > 0)
        got += (size_t) n;
      buf[got] = 0;
      close (fd[0]);
      waitpid (pid, &status, 0);
      /* print the report without the VERDICT line */
      v = strstr (buf, "VERDICT\t");
      fwrite (buf, 1, v ? (size_t) (v - buf) : got, stdout);
      if (WIFSIGNALED (status))
        {
          printf ("%s: CRASHED (signal %d)\n", name, WTERMSIG (status));
          bad = 1;
          continue;
        }
      if (WEXITSTATUS (status))
        bad = 1;
      if (tsv && v)
        {
          char cor[64] = "", rt[256] = "", vcor[64] = "", vrt[256] = "";
          char *f = v + 8, *t;
          /* VERDICT name correct roots inherited changed */
          t = strchr (f, '\t'); f = t + 1;
          t = strchr (f, '\t'); snprintf (vcor, sizeof vcor, "%.*s", (int) (t - f), f); f = t + 1;
          t = strchr (f, '\t'); snprintf (vrt, sizeof vrt, "%.*s", (int) (t - f), f);
          if (!label_of (tsv, name, cor, rt))
            printf ("  labels.tsv: no row for %s\n", name), bad = 1;
          else if (strcmp (cor, vcor) || strcmp (rt, vrt))
            printf ("  labels.tsv: DISAGREE (label correct=%s root=%s)\n", cor,
                    *rt ? rt : "-"), bad = 1;
          else
            printf ("  labels.tsv: agree\n"), nagree++;
        }
    }
  if (tsv)
    printf ("\n%d of %d files agree with %s\n", nagree, nfiles, tsv);
  return bad;
}
