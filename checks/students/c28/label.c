/* label.c -- an independent labeller for the student backward passes of
 * this set.  Written from the mathematics only: the forward pass, the loss,
 * centred differences and the seven local rules are all computed here with
 * GSL; nothing of the backprop library is linked (its headers are used for
 * the struct layouts of bp_net, bp_cache and bp_grads only).
 *
 *   cc -O2 -I../../../src $(pkg-config --cflags gsl) -o label label.c \
 *      $(pkg-config --libs gsl) -ldl
 *   ./label OUTDIR/s01_x.so OUTDIR/s02_y.so ...
 *
 * For every .so, on 4 problems (seeds 1 and 2, x {5-10-3 batch 7,
 * 6-8-4 batch 9}, reg 0.1) it
 *   - fills all of g with garbage, calls backward,
 *   - compares each gradient (a) with centred differences of the loss
 *     (dz2, dp1, dz1: with respect to the intermediate z2, p1, z1) and
 *     (b) with its own rule applied to the student's OWN upstream
 *     gradients (dW2 = p1' dz2_student + 2 reg W2, ...),
 *   - calls backward a second time over the first call's results and
 *     compares.
 * A gradient that is wrong by (b) in any problem is a root ("local:");
 * wrong by (a) only is inherited.  Output, one line per file:
 *   NAME  local: ROOTS  fd: WRONG-BY-FD  second-call: same|changes(LIST)
 * with "-" for an empty list; then per-gradient errors when -v is given. */

#include <dlfcn.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <gsl/gsl_blas.h>
#include <gsl/gsl_matrix.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>
#include <gsl/gsl_vector.h>

#include "backprop/net.h"
#include "backprop/grads.h"

typedef int backward_fn (const bp_net *, const gsl_matrix *, const size_t *,
                         double, const bp_cache *, bp_grads *);

static const char *gname[7] = { "dz2", "dW2", "db2", "dp1", "dz1", "dW1", "db1" };

#define FD_TOL 1e-6
#define LOC_TOL 1e-8
#define FD_H 1e-5

static int verbose = 0;

/* ---- my own objects -------------------------------------------------- */

static bp_net *
net_new (size_t D, size_t H, size_t C)
{
  size_t P = D * H + H + H * C + C;
  bp_net *n = calloc (1, sizeof (bp_net) + P * sizeof (double) + 64);
  n->D = D; n->H = H; n->C = C;
  n->theta_view = gsl_vector_view_array (n->data, P);
  n->W1_view = gsl_matrix_view_array (n->data, D, H);
  n->b1_view = gsl_vector_view_array (n->data + D * H, H);
  n->W2_view = gsl_matrix_view_array (n->data + D * H + H, H, C);
  n->b2_view = gsl_vector_view_array (n->data + D * H + H + H * C, C);
  n->theta = &n->theta_view.vector;
  n->W1 = &n->W1_view.matrix;
  n->b1 = &n->b1_view.vector;
  n->W2 = &n->W2_view.matrix;
  n->b2 = &n->b2_view.vector;
  return n;
}

static bp_cache *
cache_new (size_t N, size_t H, size_t C)
{
  bp_cache *c = calloc (1, sizeof *c);
  c->N = N; c->H = H; c->C = C;
  c->z1 = gsl_matrix_alloc (N, H);
  c->p1 = gsl_matrix_alloc (N, H);
  c->z2 = gsl_matrix_alloc (N, C);
  c->prob = gsl_matrix_alloc (N, C);
  return c;
}

static void
cache_free (bp_cache *c)
{
  gsl_matrix_free (c->z1); gsl_matrix_free (c->p1);
  gsl_matrix_free (c->z2); gsl_matrix_free (c->prob);
  free (c);
}

static bp_grads *
grads_new (size_t N, size_t D, size_t H, size_t C)
{
  bp_grads *g = calloc (1, sizeof *g);
  size_t P = D * H + H + H * C + C;
  g->N = N; g->D = D; g->H = H; g->C = C;
  g->dtheta = gsl_vector_calloc (P);
  double *t = g->dtheta->data;
  g->dW1_view = gsl_matrix_view_array (t, D, H);
  g->db1_view = gsl_vector_view_array (t + D * H, H);
  g->dW2_view = gsl_matrix_view_array (t + D * H + H, H, C);
  g->db2_view = gsl_vector_view_array (t + D * H + H + H * C, C);
  g->dW1 = &g->dW1_view.matrix;
  g->db1 = &g->db1_view.vector;
  g->dW2 = &g->dW2_view.matrix;
  g->db2 = &g->db2_view.vector;
  g->dz2 = gsl_matrix_alloc (N, C);
  g->dp1 = gsl_matrix_alloc (N, H);
  g->dz1 = gsl_matrix_alloc (N, H);
  g->present = (1u << 7) - 1u;
  return g;
}

static void
grads_free (bp_grads *g)
{
  gsl_vector_free (g->dtheta);
  gsl_matrix_free (g->dz2); gsl_matrix_free (g->dp1); gsl_matrix_free (g->dz1);
  free (g);
}

/* gradient id of g as a flat array (rows x cols) */
static double *
gptr (bp_grads *g, int id, size_t *len)
{
  switch (id)
    {
    case 0: *len = g->dz2->size1 * g->dz2->size2; return g->dz2->data;
    case 1: *len = g->dW2->size1 * g->dW2->size2; return g->dW2->data;
    case 2: *len = g->db2->size; return g->db2->data;
    case 3: *len = g->dp1->size1 * g->dp1->size2; return g->dp1->data;
    case 4: *len = g->dz1->size1 * g->dz1->size2; return g->dz1->data;
    case 5: *len = g->dW1->size1 * g->dW1->size2; return g->dW1->data;
    default: *len = g->db1->size; return g->db1->data;
    }
}

/* ---- the mathematics ------------------------------------------------- */

/* mean cross-entropy of scores Z against y, log-sum-exp; P = softmax(Z) */
static double
data_loss (const gsl_matrix *Z, const size_t *y, gsl_matrix *P)
{
  size_t N = Z->size1, C = Z->size2, i, j;
  double L = 0.0;
  for (i = 0; i < N; i++)
    {
      double mx = gsl_matrix_get (Z, i, 0), s = 0.0;
      for (j = 1; j < C; j++)
        if (gsl_matrix_get (Z, i, j) > mx) mx = gsl_matrix_get (Z, i, j);
      for (j = 0; j < C; j++)
        s += exp (gsl_matrix_get (Z, i, j) - mx);
      L += -(gsl_matrix_get (Z, i, y[i]) - mx - log (s));
      if (P)
        for (j = 0; j < C; j++)
          gsl_matrix_set (P, i, j, exp (gsl_matrix_get (Z, i, j) - mx) / s);
    }
  return L / (double) N;
}

static double
sumsq (const gsl_matrix *A)
{
  double s = 0.0;
  for (size_t i = 0; i < A->size1; i++)
    for (size_t j = 0; j < A->size2; j++)
      s += gsl_matrix_get (A, i, j) * gsl_matrix_get (A, i, j);
  return s;
}

/* Z = A B + 1 b' */
static void
affine (const gsl_matrix *A, const gsl_matrix *B, const gsl_vector *b,
        gsl_matrix *Z)
{
  gsl_blas_dgemm (CblasNoTrans, CblasNoTrans, 1.0, A, B, 0.0, Z);
  for (size_t i = 0; i < Z->size1; i++)
    for (size_t j = 0; j < Z->size2; j++)
      gsl_matrix_set (Z, i, j, gsl_matrix_get (Z, i, j) + gsl_vector_get (b, j));
}

static void
relu (const gsl_matrix *Z, gsl_matrix *P)
{
  for (size_t i = 0; i < Z->size1; i++)
    for (size_t j = 0; j < Z->size2; j++)
      gsl_matrix_set (P, i, j, fmax (0.0, gsl_matrix_get (Z, i, j)));
}

/* full forward and full loss (with reg (|W1|^2 + |W2|^2)) */
static double
forward (const bp_net *n, const gsl_matrix *X, const size_t *y, double reg,
         bp_cache *c)
{
  affine (X, n->W1, n->b1, c->z1);
  relu (c->z1, c->p1);
  affine (c->p1, n->W2, n->b2, c->z2);
  return data_loss (c->z2, y, c->prob) + reg * (sumsq (n->W1) + sumsq (n->W2));
}

/* loss as a function of the intermediate p1 (z2 recomputed from it) */
static double
loss_from_p1 (const bp_net *n, const gsl_matrix *p1, const size_t *y,
              gsl_matrix *z2tmp)
{
  affine (p1, n->W2, n->b2, z2tmp);
  return data_loss (z2tmp, y, NULL);
}

/* loss as a function of the intermediate z1 */
static double
loss_from_z1 (const bp_net *n, const gsl_matrix *z1, const size_t *y,
              gsl_matrix *p1tmp, gsl_matrix *z2tmp)
{
  relu (z1, p1tmp);
  return loss_from_p1 (n, p1tmp, y, z2tmp);
}

/* centred differences of all seven, into the flat arrays of ref */
static void
numeric (bp_net *n, const gsl_matrix *X, const size_t *y, double reg,
         const bp_cache *c0, bp_grads *ref)
{
  size_t N = X->size1, H = n->H, C = n->C, k, len;
  gsl_matrix *z2 = gsl_matrix_alloc (N, C), *p1 = gsl_matrix_alloc (N, H);
  gsl_matrix *z1 = gsl_matrix_alloc (N, H);
  bp_cache *c = cache_new (N, H, C);
  double *d;

  /* dz2 */
  gsl_matrix_memcpy (z2, c0->z2);
  d = gptr (ref, 0, &len);
  for (k = 0; k < len; k++)
    {
      double s = z2->data[k], lp, lm;
      z2->data[k] = s + FD_H; lp = data_loss (z2, y, NULL);
      z2->data[k] = s - FD_H; lm = data_loss (z2, y, NULL);
      z2->data[k] = s;
      d[k] = (lp - lm) / (2 * FD_H);
    }
  /* dp1 */
  gsl_matrix_memcpy (p1, c0->p1);
  d = gptr (ref, 3, &len);
  for (k = 0; k < len; k++)
    {
      double s = p1->data[k], lp, lm;
      p1->data[k] = s + FD_H; lp = loss_from_p1 (n, p1, y, z2);
      p1->data[k] = s - FD_H; lm = loss_from_p1 (n, p1, y, z2);
      p1->data[k] = s;
      d[k] = (lp - lm) / (2 * FD_H);
    }
  /* dz1 */
  gsl_matrix_memcpy (z1, c0->z1);
  d = gptr (ref, 4, &len);
  for (k = 0; k < len; k++)
    {
      double s = z1->data[k], lp, lm;
      z1->data[k] = s + FD_H; lp = loss_from_z1 (n, z1, y, p1, z2);
      z1->data[k] = s - FD_H; lm = loss_from_z1 (n, z1, y, p1, z2);
      z1->data[k] = s;
      d[k] = (lp - lm) / (2 * FD_H);
    }
  /* parameters: theta and dtheta share the layout W1 b1 W2 b2 */
  for (k = 0; k < n->theta->size; k++)
    {
      double s = n->data[k], lp, lm;
      n->data[k] = s + FD_H; lp = forward (n, X, y, reg, c);
      n->data[k] = s - FD_H; lm = forward (n, X, y, reg, c);
      n->data[k] = s;
      ref->dtheta->data[k] = (lp - lm) / (2 * FD_H);
    }
  gsl_matrix_free (z2); gsl_matrix_free (p1); gsl_matrix_free (z1);
  cache_free (c);
}

/* the seven rules, each on the student's own upstream gradient */
static void
local_rules (const bp_net *n, const gsl_matrix *X, const size_t *y, double reg,
             const bp_cache *c, const bp_grads *s, bp_grads *r)
{
  size_t N = X->size1, i, j;
  /* dz2 = (prob - onehot) / N : no upstream */
  for (i = 0; i < N; i++)
    for (j = 0; j < n->C; j++)
      gsl_matrix_set (r->dz2, i, j,
                      (gsl_matrix_get (c->prob, i, j) - (j == y[i] ? 1.0 : 0.0))
                      / (double) N);
  /* dW2 = p1' dz2_s + 2 reg W2 */
  gsl_matrix_memcpy (r->dW2, n->W2);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, c->p1, s->dz2, 2.0 * reg, r->dW2);
  /* db2 = column sums of dz2_s */
  for (j = 0; j < n->C; j++)
    {
      double t = 0.0;
      for (i = 0; i < N; i++) t += gsl_matrix_get (s->dz2, i, j);
      gsl_vector_set (r->db2, j, t);
    }
  /* dp1 = dz2_s W2' */
  gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, s->dz2, n->W2, 0.0, r->dp1);
  /* dz1 = dp1_s * [z1 > 0] */
  for (i = 0; i < N; i++)
    for (j = 0; j < n->H; j++)
      gsl_matrix_set (r->dz1, i, j, gsl_matrix_get (c->z1, i, j) > 0.0
                      ? gsl_matrix_get (s->dp1, i, j) : 0.0);
  /* dW1 = X' dz1_s + 2 reg W1 */
  gsl_matrix_memcpy (r->dW1, n->W1);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, X, s->dz1, 2.0 * reg, r->dW1);
  /* db1 = column sums of dz1_s */
  for (j = 0; j < n->H; j++)
    {
      double t = 0.0;
      for (i = 0; i < N; i++) t += gsl_matrix_get (s->dz1, i, j);
      gsl_vector_set (r->db1, j, t);
    }
}

/* relative error: max |a-b| / max(max|a|, max|b|, 1e-12); NaN counts as 1 */
static double
relerr (const double *a, const double *b, size_t len)
{
  double dm = 0.0, am = 0.0, bm = 0.0;
  for (size_t k = 0; k < len; k++)
    {
      if (!isfinite (a[k]) || !isfinite (b[k]))
        return 1.0;
      dm = fmax (dm, fabs (a[k] - b[k]));
      am = fmax (am, fabs (a[k]));
      bm = fmax (bm, fabs (b[k]));
    }
  return dm / fmax (fmax (am, bm), 1e-12);
}

static void
garbage (bp_grads *g, gsl_rng *r)
{
  for (int id = 0; id < 7; id++)
    {
      size_t len; double *d = gptr (g, id, &len);
      for (size_t k = 0; k < len; k++)
        d[k] = 100.0 * (gsl_rng_uniform (r) - 0.5);
    }
}

/* one problem; sets bits of fdbad, locbad, changed */
static int
one_problem (backward_fn *fn, unsigned long seed, size_t D, size_t H, size_t C,
             size_t N, unsigned *fdbad, unsigned *locbad, unsigned *changed,
             double fde[7], double loce[7])
{
  const double reg = 0.1;
  gsl_rng *r = gsl_rng_alloc (gsl_rng_mt19937);
  gsl_rng_set (r, seed * 1000 + D);
  bp_net *n = net_new (D, H, C);
  gsl_matrix *X = gsl_matrix_alloc (N, D);
  size_t *y = malloc (N * sizeof *y), i, k;
  bp_cache *c = cache_new (N, H, C);
  bp_grads *s = grads_new (N, D, H, C), *ref = grads_new (N, D, H, C),
           *loc = grads_new (N, D, H, C), *first = grads_new (N, D, H, C);
  int tries = 0, rc;

  /* draw a problem with no z1 within 1e-3 of the ReLU kink */
  for (;;)
    {
      for (k = 0; k < n->theta->size; k++)
        n->data[k] = 0.7 * gsl_ran_gaussian (r, 1.0);
      for (k = 0; k < N * D; k++)
        X->data[k] = gsl_ran_gaussian (r, 1.0);
      for (i = 0; i < N; i++)
        y[i] = gsl_rng_uniform_int (r, C);
      forward (n, X, y, reg, c);
      double mn = INFINITY;
      for (k = 0; k < N * H; k++) mn = fmin (mn, fabs (c->z1->data[k]));
      if (mn > 1e-3 || ++tries > 100) break;
    }

  numeric (n, X, y, reg, c, ref);
  forward (n, X, y, reg, c);

  garbage (s, r);
  rc = fn (n, X, y, reg, c, s);
  if (rc != 0)
    {
      printf ("  backward returned %d\n", rc);
      return 1;
    }
  local_rules (n, X, y, reg, c, s, loc);
  for (int id = 0; id < 7; id++)
    {
      size_t len;
      double *a = gptr (s, id, &len), *b = gptr (ref, id, &len),
             *l = gptr (loc, id, &len);
      double e1 = relerr (a, b, len), e2 = relerr (a, l, len);
      fde[id] = fmax (fde[id], e1);
      loce[id] = fmax (loce[id], e2);
      if (e1 > FD_TOL) *fdbad |= 1u << id;
      if (e2 > LOC_TOL) *locbad |= 1u << id;
    }
  /* second call over the first call's results */
  for (int id = 0; id < 7; id++)
    {
      size_t len;
      double *a = gptr (s, id, &len);
      memcpy (gptr (first, id, &len), a, len * sizeof (double));
    }
  rc = fn (n, X, y, reg, c, s);
  for (int id = 0; id < 7; id++)
    {
      size_t len;
      double *a = gptr (s, id, &len), *b = gptr (first, id, &len);
      if (rc != 0 || relerr (a, b, len) > 1e-12)
        *changed |= 1u << id;
    }

  gsl_rng_free (r);
  free (n); gsl_matrix_free (X); free (y); cache_free (c);
  grads_free (s); grads_free (ref); grads_free (loc); grads_free (first);
  return 0;
}

static void
print_set (unsigned bits)
{
  int any = 0;
  for (int id = 0; id < 7; id++)
    if (bits & (1u << id))
      printf ("%s%s", any++ ? "," : "", gname[id]);
  if (!any)
    printf ("-");
}

static int
label_one (const char *path)
{
  void *h = dlopen (path, RTLD_NOW | RTLD_LOCAL);
  const char *base = strrchr (path, '/') ? strrchr (path, '/') + 1 : path;
  if (!h)
    {
      printf ("%s  load-error: %s\n", base, dlerror ());
      return 2;
    }
  backward_fn *fn = (backward_fn *) dlsym (h, "backward");
  if (!fn)
    {
      printf ("%s  no symbol backward\n", base);
      return 2;
    }
  static const size_t shapes[2][4] = { { 5, 10, 3, 7 }, { 6, 8, 4, 9 } };
  unsigned fdbad = 0, locbad = 0, changed = 0;
  double fde[7] = { 0 }, loce[7] = { 0 };
  for (unsigned long seed = 1; seed <= 2; seed++)
    for (int sh = 0; sh < 2; sh++)
      if (one_problem (fn, seed, shapes[sh][0], shapes[sh][1], shapes[sh][2],
                       shapes[sh][3], &fdbad, &locbad, &changed, fde, loce))
        return 2;
  printf ("%-28s local: ", base);
  print_set (locbad);
  printf ("  fd: ");
  print_set (fdbad);
  printf ("  inherited: ");
  print_set (fdbad & ~locbad);
  printf ("  second-call: ");
  if (changed) { printf ("changes("); print_set (changed); printf (")"); }
  else printf ("same");
  printf ("\n");
  if (verbose)
    for (int id = 0; id < 7; id++)
      printf ("    %-4s fd-err %.3e  local-err %.3e\n", gname[id], fde[id], loce[id]);
  fflush (stdout);
  return locbad ? 1 : 0;
}

int
main (int argc, char **argv)
{
  int a = 1;
  if (a < argc && strcmp (argv[a], "-v") == 0) { verbose = 1; a++; }
  if (a >= argc)
    {
      fprintf (stderr, "usage: label [-v] FILE.so...\n");
      return 2;
    }
  for (; a < argc; a++)
    {
      fflush (stdout);
      pid_t p = fork ();
      if (p == 0)
        _exit (label_one (argv[a]));
      int st = 0;
      waitpid (p, &st, 0);
      if (WIFSIGNALED (st))
        printf ("%s  crashed (signal %d)\n", argv[a], WTERMSIG (st));
    }
  return 0;
}
