/* label.c -- an independent labeller for the c17 set of student backward
 * passes.  Written from the mathematics only: GSL and libdl, no code of the
 * backprop library (its headers are included for the struct layouts the
 * students' function receives, nothing is called from it).
 *
 * The net:   z1 = X W1 + 1 b1'   p1 = relu(z1)   z2 = p1 W2 + 1 b2'
 *            loss = (1/N) sum_i -log softmax(z2_i)[y_i] + reg (|W1|^2 + |W2|^2)
 *
 * For every .so given on the command line, and for each problem (seeds
 * 1..3 x {5-10-3 batch 7, 6-8-4 batch 9}, reg 0.1), in a child process:
 *   - fill all seven gradients with garbage, call backward;
 *   - compare each gradient (a) with centred differences of the loss
 *     (for dz2, dp1, dz1 with respect to the intermediate z2, p1, z1) and
 *     (b) with its own rule applied to the student's OWN upstream gradient:
 *       dz2 = (prob - onehot)/N     dW2 = p1' dz2 + 2 reg W2
 *       db2 = colsum dz2            dp1 = dz2 W2'
 *       dz1 = dp1 .* [z1 > 0]       dW1 = X' dz1 + 2 reg W1
 *       db1 = colsum dz1
 *     ok        agrees with (a)
 *     local     disagrees with (a) and with (b): the mistake is here (root)
 *     inherited disagrees with (a), agrees with (b): wrong only because
 *               its upstream is wrong
 *   - call backward a second time over the first call's outputs (as in
 *     training) and report whether any gradient changed.
 *
 * Build:  cc -O2 -o label label.c -I ../../../src $(pkg-config --cflags --libs gsl) -ldl
 * Run:    ./label OUTDIR/s*.so
 */

#define _GNU_SOURCE
#include <dlfcn.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <gsl/gsl_blas.h>
#include <gsl/gsl_errno.h>
#include <gsl/gsl_matrix.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>
#include <gsl/gsl_vector.h>

#include "backprop/net.h"
#include "backprop/grads.h"

typedef int backward_fn (const bp_net *, const gsl_matrix *, const size_t *,
                         double, const bp_cache *, bp_grads *);

#define NG 7
static const char *gname[NG] = { "dz2", "dW2", "db2", "dp1", "dz1", "dW1", "db1" };
#define TOL 1e-5
#define REG 0.1

/* ------------------------------------------------------------------ */
/* problem: net, batch, cache                                           */

typedef struct {
  size_t N, D, H, C;
  bp_net *net;
  gsl_matrix *X;
  size_t *y;
  bp_cache *cache;
} problem;

static bp_net *
net_new (size_t D, size_t H, size_t C)
{
  bp_net *n = calloc (1, sizeof *n);
  size_t P = D * H + H + H * C + C;
  n->D = D; n->H = H; n->C = C;
  n->theta = gsl_vector_calloc (P);
  n->W1_view = gsl_matrix_view_array (n->theta->data, D, H);
  n->b1_view = gsl_vector_subvector (n->theta, D * H, H);
  n->W2_view = gsl_matrix_view_array (n->theta->data + D * H + H, H, C);
  n->b2_view = gsl_vector_subvector (n->theta, D * H + H + H * C, C);
  n->W1 = &n->W1_view.matrix;
  n->b1 = &n->b1_view.vector;
  n->W2 = &n->W2_view.matrix;
  n->b2 = &n->b2_view.vector;
  return n;
}

static bp_grads *
grads_new (size_t N, size_t D, size_t H, size_t C)
{
  bp_grads *g = calloc (1, sizeof *g);
  size_t P = D * H + H + H * C + C;
  g->N = N; g->D = D; g->H = H; g->C = C;
  g->dtheta = gsl_vector_calloc (P);
  g->dW1_view = gsl_matrix_view_array (g->dtheta->data, D, H);
  g->db1_view = gsl_vector_subvector (g->dtheta, D * H, H);
  g->dW2_view = gsl_matrix_view_array (g->dtheta->data + D * H + H, H, C);
  g->db2_view = gsl_vector_subvector (g->dtheta, D * H + H + H * C, C);
  g->dW1 = &g->dW1_view.matrix;
  g->db1 = &g->db1_view.vector;
  g->dW2 = &g->dW2_view.matrix;
  g->db2 = &g->db2_view.vector;
  g->dz2 = gsl_matrix_alloc (N, C);
  g->dp1 = gsl_matrix_alloc (N, H);
  g->dz1 = gsl_matrix_alloc (N, H);
  return g;
}

/* the gradient id as a flat array of n doubles (all are contiguous) */
static double *
gptr (bp_grads *g, int id, size_t *n)
{
  switch (id)
    {
    case 0: *n = g->N * g->C; return g->dz2->data;
    case 1: *n = g->H * g->C; return g->dW2->data;
    case 2: *n = g->C; return g->db2->data;
    case 3: *n = g->N * g->H; return g->dp1->data;
    case 4: *n = g->N * g->H; return g->dz1->data;
    case 5: *n = g->D * g->H; return g->dW1->data;
    default: *n = g->H; return g->db1->data;
    }
}

/* z = A W + 1 b' */
static void
affine (const gsl_matrix *A, const gsl_matrix *W, const gsl_vector *b, gsl_matrix *Z)
{
  for (size_t i = 0; i < Z->size1; i++)
    for (size_t j = 0; j < Z->size2; j++)
      {
        double s = gsl_vector_get (b, j);
        for (size_t k = 0; k < A->size2; k++)
          s += gsl_matrix_get (A, i, k) * gsl_matrix_get (W, k, j);
        gsl_matrix_set (Z, i, j, s);
      }
}

static void
relu (const gsl_matrix *Z, gsl_matrix *P)
{
  for (size_t i = 0; i < Z->size1; i++)
    for (size_t j = 0; j < Z->size2; j++)
      gsl_matrix_set (P, i, j, fmax (0.0, gsl_matrix_get (Z, i, j)));
}

/* mean cross-entropy of scores S against y; prob filled if not NULL */
static double
ce (const gsl_matrix *S, const size_t *y, gsl_matrix *prob)
{
  double L = 0;
  for (size_t i = 0; i < S->size1; i++)
    {
      double m = -INFINITY, s = 0;
      for (size_t j = 0; j < S->size2; j++)
        m = fmax (m, gsl_matrix_get (S, i, j));
      for (size_t j = 0; j < S->size2; j++)
        s += exp (gsl_matrix_get (S, i, j) - m);
      L += -(gsl_matrix_get (S, i, y[i]) - m - log (s));
      if (prob)
        for (size_t j = 0; j < S->size2; j++)
          gsl_matrix_set (prob, i, j, exp (gsl_matrix_get (S, i, j) - m) / s);
    }
  return L / S->size1;
}

static double
sumsq (const gsl_matrix *W)
{
  double s = 0;
  for (size_t i = 0; i < W->size1; i++)
    for (size_t j = 0; j < W->size2; j++)
      s += gsl_matrix_get (W, i, j) * gsl_matrix_get (W, i, j);
  return s;
}

/* data loss from z1, p1 or z2 (whichever stage is given, the rest recomputed) */
static double
loss_from_z2 (const problem *p, const gsl_matrix *z2)
{
  return ce (z2, p->y, NULL);
}

static double
loss_from_p1 (const problem *p, const gsl_matrix *p1)
{
  gsl_matrix *z2 = gsl_matrix_alloc (p->N, p->C);
  affine (p1, p->net->W2, p->net->b2, z2);
  double L = loss_from_z2 (p, z2);
  gsl_matrix_free (z2);
  return L;
}

static double
loss_from_z1 (const problem *p, const gsl_matrix *z1)
{
  gsl_matrix *p1 = gsl_matrix_alloc (p->N, p->H);
  relu (z1, p1);
  double L = loss_from_p1 (p, p1);
  gsl_matrix_free (p1);
  return L;
}

static double
full_loss (const problem *p)
{
  gsl_matrix *z1 = gsl_matrix_alloc (p->N, p->H);
  affine (p->X, p->net->W1, p->net->b1, z1);
  double L = loss_from_z1 (p, z1)
    + REG * (sumsq (p->net->W1) + sumsq (p->net->W2));
  gsl_matrix_free (z1);
  return L;
}

static void
forward (problem *p)
{
  affine (p->X, p->net->W1, p->net->b1, p->cache->z1);
  relu (p->cache->z1, p->cache->p1);
  affine (p->cache->p1, p->net->W2, p->net->b2, p->cache->z2);
  ce (p->cache->z2, p->y, p->cache->prob);
}

static problem *
problem_new (size_t D, size_t H, size_t C, size_t N, unsigned long seed)
{
  problem *p = calloc (1, sizeof *p);
  gsl_rng *r = gsl_rng_alloc (gsl_rng_mt19937);
  gsl_rng_set (r, seed * 1000 + D * 100 + H * 10 + C);
  p->N = N; p->D = D; p->H = H; p->C = C;
  p->net = net_new (D, H, C);
  p->X = gsl_matrix_alloc (N, D);
  p->y = malloc (N * sizeof *p->y);
  p->cache = calloc (1, sizeof *p->cache);
  p->cache->N = N; p->cache->H = H; p->cache->C = C;
  p->cache->z1 = gsl_matrix_alloc (N, H);
  p->cache->p1 = gsl_matrix_alloc (N, H);
  p->cache->z2 = gsl_matrix_alloc (N, C);
  p->cache->prob = gsl_matrix_alloc (N, C);
  for (;;)
    {
      for (size_t k = 0; k < p->net->theta->size; k++)
        gsl_vector_set (p->net->theta, k, gsl_ran_gaussian (r, 0.6));
      for (size_t i = 0; i < N; i++)
        {
          for (size_t j = 0; j < D; j++)
            gsl_matrix_set (p->X, i, j, gsl_ran_gaussian (r, 1.0));
          p->y[i] = gsl_rng_uniform_int (r, C);
        }
      forward (p);
      /* keep away from the ReLU's kink, and want both signs in z1 */
      double mn = INFINITY; int pos = 0, neg = 0;
      for (size_t i = 0; i < N; i++)
        for (size_t j = 0; j < H; j++)
          {
            double z = gsl_matrix_get (p->cache->z1, i, j);
            mn = fmin (mn, fabs (z));
            pos += z > 0; neg += z < 0;
          }
      if (mn > 1e-3 && pos > 3 && neg > 3)
        break;
    }
  gsl_rng_free (r);
  return p;
}

/* ------------------------------------------------------------------ */
/* numerical gradients                                                 */

#define H_FD 1e-5

static void
num_matrix (const problem *p, gsl_matrix *M, double (*f) (const problem *, const gsl_matrix *),
            gsl_matrix *out)
{
  for (size_t i = 0; i < M->size1; i++)
    for (size_t j = 0; j < M->size2; j++)
      {
        double v = gsl_matrix_get (M, i, j);
        gsl_matrix_set (M, i, j, v + H_FD);
        double a = f (p, M);
        gsl_matrix_set (M, i, j, v - H_FD);
        double b = f (p, M);
        gsl_matrix_set (M, i, j, v);
        gsl_matrix_set (out, i, j, (a - b) / (2 * H_FD));
      }
}

/* gradient of the full loss with respect to theta, into dtheta */
static void
num_theta (const problem *p, gsl_vector *dtheta)
{
  gsl_vector *th = p->net->theta;
  for (size_t k = 0; k < th->size; k++)
    {
      double v = gsl_vector_get (th, k);
      gsl_vector_set (th, k, v + H_FD);
      double a = full_loss (p);
      gsl_vector_set (th, k, v - H_FD);
      double b = full_loss (p);
      gsl_vector_set (th, k, v);
      gsl_vector_set (dtheta, k, (a - b) / (2 * H_FD));
    }
}

static bp_grads *
numeric (const problem *p)
{
  bp_grads *n = grads_new (p->N, p->D, p->H, p->C);
  gsl_matrix *t;
  t = gsl_matrix_alloc (p->N, p->C);
  gsl_matrix_memcpy (t, p->cache->z2);
  num_matrix (p, t, loss_from_z2, n->dz2);
  gsl_matrix_free (t);
  t = gsl_matrix_alloc (p->N, p->H);
  gsl_matrix_memcpy (t, p->cache->p1);
  num_matrix (p, t, loss_from_p1, n->dp1);
  gsl_matrix_memcpy (t, p->cache->z1);
  num_matrix (p, t, loss_from_z1, n->dz1);
  gsl_matrix_free (t);
  num_theta (p, n->dtheta);
  return n;
}

/* ------------------------------------------------------------------ */
/* the rules applied to the student's own upstream gradients           */

static bp_grads *
local_rules (const problem *p, const bp_grads *s)
{
  bp_grads *l = grads_new (p->N, p->D, p->H, p->C);
  size_t N = p->N, D = p->D, H = p->H, C = p->C;
  const gsl_matrix *X = p->X, *z1 = p->cache->z1, *p1 = p->cache->p1;
  const gsl_matrix *W1 = p->net->W1, *W2 = p->net->W2;

  for (size_t i = 0; i < N; i++)
    for (size_t j = 0; j < C; j++)
      gsl_matrix_set (l->dz2, i, j,
                      (gsl_matrix_get (p->cache->prob, i, j) - (p->y[i] == j)) / N);
  for (size_t h = 0; h < H; h++)
    for (size_t j = 0; j < C; j++)
      {
        double a = 2 * REG * gsl_matrix_get (W2, h, j);
        for (size_t i = 0; i < N; i++)
          a += gsl_matrix_get (p1, i, h) * gsl_matrix_get (s->dz2, i, j);
        gsl_matrix_set (l->dW2, h, j, a);
      }
  for (size_t j = 0; j < C; j++)
    {
      double a = 0;
      for (size_t i = 0; i < N; i++)
        a += gsl_matrix_get (s->dz2, i, j);
      gsl_vector_set (l->db2, j, a);
    }
  for (size_t i = 0; i < N; i++)
    for (size_t h = 0; h < H; h++)
      {
        double a = 0;
        for (size_t j = 0; j < C; j++)
          a += gsl_matrix_get (s->dz2, i, j) * gsl_matrix_get (W2, h, j);
        gsl_matrix_set (l->dp1, i, h, a);
      }
  for (size_t i = 0; i < N; i++)
    for (size_t h = 0; h < H; h++)
      gsl_matrix_set (l->dz1, i, h,
                      gsl_matrix_get (z1, i, h) > 0 ? gsl_matrix_get (s->dp1, i, h) : 0.0);
  for (size_t d = 0; d < D; d++)
    for (size_t h = 0; h < H; h++)
      {
        double a = 2 * REG * gsl_matrix_get (W1, d, h);
        for (size_t i = 0; i < N; i++)
          a += gsl_matrix_get (X, i, d) * gsl_matrix_get (s->dz1, i, h);
        gsl_matrix_set (l->dW1, d, h, a);
      }
  for (size_t h = 0; h < H; h++)
    {
      double a = 0;
      for (size_t i = 0; i < N; i++)
        a += gsl_matrix_get (s->dz1, i, h);
      gsl_vector_set (l->db1, h, a);
    }
  return l;
}

static double
relerr (const double *a, const double *b, size_t n)
{
  double d = 0, m = 0;
  for (size_t k = 0; k < n; k++)
    {
      if (!isfinite (a[k]) || !isfinite (b[k]))
        return INFINITY;
      d = fmax (d, fabs (a[k] - b[k]));
      m = fmax (m, fmax (fabs (a[k]), fabs (b[k])));
    }
  return m < 1e-12 ? d : d / m;
}

/* ------------------------------------------------------------------ */

static void
die_handler (const char *reason, const char *file, int line, int err)
{
  fprintf (stdout, "  GSL error %d: %s (%s:%d)\n", err, reason, file, line);
  fflush (stdout);
  _exit (3);
}

/* verdict codes, worst last */
enum { OK = 0, INHERITED = 1, LOCAL = 2 };
static const char *vname[] = { "ok", "inherited", "local" };

/* run one problem; returns verdicts in v[NG]; *changed set if the second
 * call changed anything; *oddity if a gradient agreed with the finite
 * differences but not with its rule on the student's upstream */
static void
run_one (backward_fn *fn, problem *p, unsigned long seed, int v[NG],
         unsigned *changed, unsigned *oddity)
{
  bp_grads *g = grads_new (p->N, p->D, p->H, p->C);
  gsl_rng *r = gsl_rng_alloc (gsl_rng_mt19937);
  gsl_rng_set (r, 77 + seed);
  for (int id = 0; id < NG; id++)
    {
      size_t n;
      double *a = gptr (g, id, &n);
      for (size_t k = 0; k < n; k++)
        a[k] = 4.0 * gsl_rng_uniform (r) - 2.0;
    }
  g->present = 0;
  gsl_rng_free (r);

  /* keep a copy of the inputs: the student must not change them */
  gsl_vector *theta0 = gsl_vector_alloc (p->net->theta->size);
  gsl_vector_memcpy (theta0, p->net->theta);

  int rc = fn (p->net, p->X, p->y, REG, p->cache, g);
  if (rc != 0)
    printf ("  backward returned %d\n", rc);

  bp_grads *num = numeric (p);
  bp_grads *loc = local_rules (p, g);

  printf ("  %zu-%zu-%zu N=%zu seed %lu:", p->D, p->H, p->C, p->N, seed);
  for (int id = 0; id < NG; id++)
    {
      size_t n;
      double *s = gptr (g, id, &n);
      double *a = gptr (num, id, &n);
      double *l = gptr (loc, id, &n);
      double en = relerr (s, a, n), el = relerr (s, l, n);
      if (en < TOL)
        {
          v[id] = OK;
          if (el >= TOL)
            *oddity |= 1u << id;
        }
      else
        v[id] = el < TOL ? INHERITED : LOCAL;
      printf (" %s=%s(%.1e/%.1e)", gname[id], vname[v[id]], en, el);
    }
  printf ("\n");

  /* the second call, over the first call's outputs */
  bp_grads *first = grads_new (p->N, p->D, p->H, p->C);
  for (int id = 0; id < NG; id++)
    {
      size_t n;
      double *src = gptr (g, id, &n);
      memcpy (gptr (first, id, &n), src, n * sizeof (double));
    }
  fn (p->net, p->X, p->y, REG, p->cache, g);
  for (int id = 0; id < NG; id++)
    {
      size_t n;
      double *a = gptr (g, id, &n), *b = gptr (first, id, &n);
      if (relerr (a, b, n) > 1e-12)
        *changed |= 1u << id;
    }

  for (size_t k = 0; k < theta0->size; k++)
    if (gsl_vector_get (theta0, k) != gsl_vector_get (p->net->theta, k))
      {
        printf ("  the parameters were modified by backward\n");
        break;
      }
  gsl_vector_free (theta0);
}

/* self-test: the labeller's own rules against its own finite differences */
static int
self_test (problem *p)
{
  bp_grads *num = numeric (p);
  bp_grads *ref = grads_new (p->N, p->D, p->H, p->C);
  /* build the reference in backprop order, each from the previous ones */
  bp_grads *l = local_rules (p, ref);           /* dz2 only is meaningful */
  gsl_matrix_memcpy (ref->dz2, l->dz2);
  l = local_rules (p, ref);
  gsl_matrix_memcpy (ref->dW2, l->dW2);
  gsl_vector_memcpy (ref->db2, l->db2);
  gsl_matrix_memcpy (ref->dp1, l->dp1);
  l = local_rules (p, ref);
  gsl_matrix_memcpy (ref->dz1, l->dz1);
  l = local_rules (p, ref);
  gsl_matrix_memcpy (ref->dW1, l->dW1);
  gsl_vector_memcpy (ref->db1, l->db1);
  int bad = 0;
  for (int id = 0; id < NG; id++)
    {
      size_t n;
      double *a = gptr (ref, id, &n), *b = gptr (num, id, &n);
      double e = relerr (a, b, n);
      if (e > 1e-7)
        {
          printf ("SELF-TEST FAILED: %s relerr %.2e\n", gname[id], e);
          bad = 1;
        }
    }
  return bad;
}

static const size_t configs[][4] = { { 5, 10, 3, 7 }, { 6, 8, 4, 9 } };
#define NSEED 3

static void
label_file (const char *path)
{
  void *h = dlopen (path, RTLD_NOW | RTLD_LOCAL);
  if (!h)
    {
      printf ("  dlopen: %s\n", dlerror ());
      _exit (4);
    }
  backward_fn *fn = (backward_fn *) dlsym (h, "backward");
  if (!fn)
    {
      printf ("  no symbol backward\n");
      _exit (4);
    }
  int worst[NG] = { 0 };
  unsigned changed = 0, oddity = 0;
  for (size_t c = 0; c < 2; c++)
    for (unsigned long seed = 1; seed <= NSEED; seed++)
      {
        problem *p = problem_new (configs[c][0], configs[c][1], configs[c][2],
                                  configs[c][3], seed);
        int v[NG];
        run_one (fn, p, seed, v, &changed, &oddity);
        for (int id = 0; id < NG; id++)
          if (v[id] > worst[id])
            worst[id] = v[id];
      }
  const char *base = strrchr (path, '/');
  base = base ? base + 1 : path;
  printf ("  local:");
  int any = 0;
  for (int id = 0; id < NG; id++)
    if (worst[id] == LOCAL)
      printf ("%s%s", any++ ? "," : " ", gname[id]);
  if (!any)
    printf (" none");
  printf ("\n  inherited:");
  any = 0;
  for (int id = 0; id < NG; id++)
    if (worst[id] == INHERITED)
      printf ("%s%s", any++ ? "," : " ", gname[id]);
  if (!any)
    printf (" none");
  printf ("\n  second call:");
  if (!changed)
    printf (" same results");
  else
    for (int id = 0; id < NG; id++)
      if (changed & (1u << id))
        printf (" %s", gname[id]);
  if (changed)
    printf (" changed");
  printf ("\n");
  if (oddity)
    {
      printf ("  note: right by finite differences but not by the rule on its own upstream:");
      for (int id = 0; id < NG; id++)
        if (oddity & (1u << id))
          printf (" %s", gname[id]);
      printf ("\n");
    }
  /* one machine-readable line */
  printf ("RESULT\t%s\t", base);
  any = 0;
  for (int id = 0; id < NG; id++)
    if (worst[id] == LOCAL)
      printf ("%s%s", any++ ? "," : "", gname[id]);
  printf ("%s\t%s\n", any ? "" : "-", changed ? "second-call-changes" : "stable");
  fflush (stdout);
  _exit (0);
}

int
main (int argc, char **argv)
{
  if (argc < 2)
    {
      fprintf (stderr, "usage: label FILE.so ...\n");
      return 2;
    }
  gsl_set_error_handler (die_handler);
  for (size_t c = 0; c < 2; c++)
    {
      problem *p = problem_new (configs[c][0], configs[c][1], configs[c][2],
                                configs[c][3], 1);
      if (self_test (p))
        return 2;
    }
  int status = 0;
  for (int a = 1; a < argc; a++)
    {
      printf ("== %s\n", argv[a]);
      fflush (stdout);
      pid_t pid = fork ();
      if (pid == 0)
        label_file (argv[a]);
      int ws;
      waitpid (pid, &ws, 0);
      if (!WIFEXITED (ws) || WEXITSTATUS (ws) != 0)
        {
          const char *base = strrchr (argv[a], '/');
          base = base ? base + 1 : argv[a];
          printf ("  CRASHED (%s %d)\nRESULT\t%s\tcrash\t-\n",
                  WIFSIGNALED (ws) ? "signal" : "exit",
                  WIFSIGNALED (ws) ? WTERMSIG (ws) : WEXITSTATUS (ws), base);
          status = 1;
        }
      fflush (stdout);
    }
  return status;
}
