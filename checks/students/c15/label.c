/* label.c -- an independent labeller for the c15 set of student backward
 * passes.  Written from the mathematics; uses GSL and libdl only (the
 * backprop headers for the struct layouts, none of the library's code).
 *
 *   cc -O2 -I../../../src $(pkg-config --cflags gsl) -o label label.c \
 *      $(pkg-config --libs gsl) -ldl -rdynamic
 *   ./label [-v] OUTDIR/s01_x.so ...
 *
 * For every shared object, for each of four problems (seeds 1 and 2 x
 * {5-10-3 batch 7, 6-8-4 batch 9}, reg 0.1) it
 *   - builds a random net and batch and runs its own forward pass,
 *   - fills all seven gradients with garbage and calls backward(),
 *   - compares each gradient
 *       (a) with centred differences of the loss (for dz2, dp1, dz1 the
 *           derivative with respect to z2, p1, z1: everything after that
 *           tensor is recomputed from it), and
 *       (b) with the correct rule applied to the student's own upstream
 *           gradient (dW2, db2, dp1 from the student's dz2; dz1 from its
 *           dp1; dW1, db1 from its dz1; dz2 has no upstream),
 *   - calls backward() a second time over the first call's outputs (as a
 *     training loop does) and reports a change,
 *   - reports a cache the student wrote into.
 * A gradient wrong by (b) in any problem is a root ("local:"); one right
 * by (b) everywhere but wrong by (a) somewhere is "inherited".
 * Each .so runs in a child process, so a crash is reported, not fatal. */

#include <dlfcn.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <gsl/gsl_matrix.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>
#include <gsl/gsl_vector.h>
#include <gsl/gsl_errno.h>

#include "backprop/net.h"
#include "backprop/grads.h"

#define TOL 1e-6                /* relative error above which a gradient is wrong */
#define STEP 1e-5               /* centred-difference step */

static const char *names[BP_NGRADS] =
  { "dz2", "dW2", "db2", "dp1", "dz1", "dW1", "db1" };

static int verbose = 0;

/* ---------------------------------------------------------------- setup */

typedef struct problem {
  size_t N, D, H, C;
  double reg;
  bp_net *net;
  gsl_matrix *X;
  size_t *y;
  bp_cache cache;
} problem;

static bp_net *
net_new (size_t D, size_t H, size_t C)
{
  size_t P = D * H + H + H * C + C;
  bp_net *n = calloc (1, sizeof *n + P * sizeof (double));
  double *p;
  if (!n)
    abort ();
  n->D = D; n->H = H; n->C = C;
  p = n->data;
  n->theta_view = gsl_vector_view_array (p, P);
  n->theta = &n->theta_view.vector;
  n->W1_view = gsl_matrix_view_array (p, D, H);
  n->W1 = &n->W1_view.matrix;
  n->b1_view = gsl_vector_view_array (p + D * H, H);
  n->b1 = &n->b1_view.vector;
  n->W2_view = gsl_matrix_view_array (p + D * H + H, H, C);
  n->W2 = &n->W2_view.matrix;
  n->b2_view = gsl_vector_view_array (p + D * H + H + H * C, C);
  n->b2 = &n->b2_view.vector;
  return n;
}

static bp_grads *
grads_new (size_t N, size_t D, size_t H, size_t C)
{
  size_t P = D * H + H + H * C + C;
  bp_grads *g = calloc (1, sizeof *g);
  double *p;
  if (!g)
    abort ();
  g->N = N; g->D = D; g->H = H; g->C = C;
  g->dtheta = gsl_vector_calloc (P);
  p = g->dtheta->data;
  g->dW1_view = gsl_matrix_view_array (p, D, H);
  g->dW1 = &g->dW1_view.matrix;
  g->db1_view = gsl_vector_view_array (p + D * H, H);
  g->db1 = &g->db1_view.vector;
  g->dW2_view = gsl_matrix_view_array (p + D * H + H, H, C);
  g->dW2 = &g->dW2_view.matrix;
  g->db2_view = gsl_vector_view_array (p + D * H + H + H * C, C);
  g->db2 = &g->db2_view.vector;
  g->dz2 = gsl_matrix_calloc (N, C);
  g->dp1 = gsl_matrix_calloc (N, H);
  g->dz1 = gsl_matrix_calloc (N, H);
  g->present = 0;
  return g;
}

static void
grads_free (bp_grads *g)
{
  gsl_vector_free (g->dtheta);
  gsl_matrix_free (g->dz2);
  gsl_matrix_free (g->dp1);
  gsl_matrix_free (g->dz1);
  free (g);
}

/* Gradient id as a flat array (pointer, length).  All of ours are
 * contiguous. */
static double *
gdata (bp_grads *g, int id, size_t *len)
{
  switch (id)
    {
    case BP_DZ2: *len = g->N * g->C; return g->dz2->data;
    case BP_DW2: *len = g->H * g->C; return g->dW2->data;
    case BP_DB2: *len = g->C; return g->db2->data;
    case BP_DP1: *len = g->N * g->H; return g->dp1->data;
    case BP_DZ1: *len = g->N * g->H; return g->dz1->data;
    case BP_DW1: *len = g->D * g->H; return g->dW1->data;
    default:     *len = g->H; return g->db1->data;
    }
}

/* ----------------------------------------------------- forward and loss */

/* Z = A W + 1 b'   A (n, k), W (k, m) */
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
        double v = gsl_matrix_get (Z, i, j);
        gsl_matrix_set (P, i, j, v > 0 ? v : 0);
      }
}

/* mean cross-entropy of scores Z against y; softmax into prob if not NULL */
static double
xent (const gsl_matrix *Z, const size_t *y, gsl_matrix *prob)
{
  size_t i, j, N = Z->size1, C = Z->size2;
  double L = 0;
  for (i = 0; i < N; i++)
    {
      double mx = gsl_matrix_get (Z, i, 0), s = 0, lse;
      for (j = 1; j < C; j++)
        if (gsl_matrix_get (Z, i, j) > mx)
          mx = gsl_matrix_get (Z, i, j);
      for (j = 0; j < C; j++)
        s += exp (gsl_matrix_get (Z, i, j) - mx);
      lse = mx + log (s);
      L += lse - gsl_matrix_get (Z, i, y[i]);
      if (prob)
        for (j = 0; j < C; j++)
          gsl_matrix_set (prob, i, j, exp (gsl_matrix_get (Z, i, j) - lse));
    }
  return L / (double) N;
}

static double
penalty (const bp_net *net, double reg)
{
  size_t k;
  double s = 0;
  for (k = 0; k < net->W1->size1 * net->W1->size2; k++)
    s += net->W1->data[k] * net->W1->data[k];
  for (k = 0; k < net->W2->size1 * net->W2->size2; k++)
    s += net->W2->data[k] * net->W2->data[k];
  return reg * s;
}

static void
forward (const bp_net *net, const gsl_matrix *X, bp_cache *c, const size_t *y)
{
  affine (X, net->W1, net->b1, c->z1);
  relu (c->z1, c->p1);
  affine (c->p1, net->W2, net->b2, c->z2);
  xent (c->z2, y, c->prob);
}

/* the loss from z2, from p1, from z1, and from the parameters */
static double
loss_from_z2 (const problem *pb, const gsl_matrix *z2)
{
  return xent (z2, pb->y, NULL);
}

static double
loss_from_p1 (const problem *pb, const gsl_matrix *p1)
{
  gsl_matrix *z2 = gsl_matrix_alloc (pb->N, pb->C);
  double L;
  affine (p1, pb->net->W2, pb->net->b2, z2);
  L = xent (z2, pb->y, NULL);
  gsl_matrix_free (z2);
  return L;
}

static double
loss_from_z1 (const problem *pb, const gsl_matrix *z1)
{
  gsl_matrix *p1 = gsl_matrix_alloc (pb->N, pb->H);
  double L;
  relu (z1, p1);
  L = loss_from_p1 (pb, p1);
  gsl_matrix_free (p1);
  return L;
}

static double
loss_full (const problem *pb)
{
  gsl_matrix *z1 = gsl_matrix_alloc (pb->N, pb->H);
  double L;
  affine (pb->X, pb->net->W1, pb->net->b1, z1);
  L = loss_from_z1 (pb, z1) + penalty (pb->net, pb->reg);
  gsl_matrix_free (z1);
  return L;
}

/* ------------------------------------------------------------- problems */

static problem *
problem_new (unsigned long seed, size_t D, size_t H, size_t C, size_t N)
{
  problem *pb = calloc (1, sizeof *pb);
  gsl_rng *r = gsl_rng_alloc (gsl_rng_mt19937);
  size_t i, k;
  int tries;

  gsl_rng_set (r, seed * 7919 + D * 131 + H * 17 + C * 3 + N);
  pb->N = N; pb->D = D; pb->H = H; pb->C = C; pb->reg = 0.1;
  pb->net = net_new (D, H, C);
  pb->X = gsl_matrix_alloc (N, D);
  pb->y = malloc (N * sizeof *pb->y);
  pb->cache.N = N; pb->cache.H = H; pb->cache.C = C;
  pb->cache.z1 = gsl_matrix_alloc (N, H);
  pb->cache.p1 = gsl_matrix_alloc (N, H);
  pb->cache.z2 = gsl_matrix_alloc (N, C);
  pb->cache.prob = gsl_matrix_alloc (N, C);

  /* redraw until no hidden pre-activation lies within 1e-3 of the kink
   * and the hidden layer has both signs */
  for (tries = 0; tries < 1000; tries++)
    {
      int ok = 1, pos = 0, neg = 0;
      for (k = 0; k < N * D; k++)
        pb->X->data[k] = gsl_ran_gaussian (r, 1.0);
      for (i = 0; i < N; i++)
        pb->y[i] = gsl_rng_uniform_int (r, C);
      for (k = 0; k < D * H; k++)
        pb->net->W1->data[k] = gsl_ran_gaussian (r, 1.0 / sqrt ((double) D));
      for (k = 0; k < H; k++)
        pb->net->b1->data[k] = gsl_ran_gaussian (r, 0.2);
      for (k = 0; k < H * C; k++)
        pb->net->W2->data[k] = gsl_ran_gaussian (r, 1.0 / sqrt ((double) H));
      for (k = 0; k < C; k++)
        pb->net->b2->data[k] = gsl_ran_gaussian (r, 0.2);
      forward (pb->net, pb->X, &pb->cache, pb->y);
      for (k = 0; k < N * H; k++)
        {
          double v = pb->cache.z1->data[k];
          if (fabs (v) < 1e-3)
            ok = 0;
          if (v > 0) pos++; else neg++;
        }
      if (ok && pos > 0 && neg > 0)
        break;
    }
  gsl_rng_free (r);
  return pb;
}

/* ------------------------------------------------------------ reference */

/* centred differences of the loss with respect to every gradient */
static void
numeric (problem *pb, bp_grads *ng)
{
  size_t k, len;
  double *v, old, hi, lo;
  bp_cache *c = &pb->cache;

  /* dz2 */
  v = gdata (ng, BP_DZ2, &len);
  for (k = 0; k < len; k++)
    {
      old = c->z2->data[k];
      c->z2->data[k] = old + STEP; hi = loss_from_z2 (pb, c->z2);
      c->z2->data[k] = old - STEP; lo = loss_from_z2 (pb, c->z2);
      c->z2->data[k] = old;
      v[k] = (hi - lo) / (2 * STEP);
    }
  /* dp1 */
  v = gdata (ng, BP_DP1, &len);
  for (k = 0; k < len; k++)
    {
      old = c->p1->data[k];
      c->p1->data[k] = old + STEP; hi = loss_from_p1 (pb, c->p1);
      c->p1->data[k] = old - STEP; lo = loss_from_p1 (pb, c->p1);
      c->p1->data[k] = old;
      v[k] = (hi - lo) / (2 * STEP);
    }
  /* dz1 */
  v = gdata (ng, BP_DZ1, &len);
  for (k = 0; k < len; k++)
    {
      old = c->z1->data[k];
      c->z1->data[k] = old + STEP; hi = loss_from_z1 (pb, c->z1);
      c->z1->data[k] = old - STEP; lo = loss_from_z1 (pb, c->z1);
      c->z1->data[k] = old;
      v[k] = (hi - lo) / (2 * STEP);
    }
  /* the parameters: theta and dtheta share the layout W1 b1 W2 b2 */
  for (k = 0; k < pb->net->theta->size; k++)
    {
      double *t = pb->net->theta->data;
      old = t[k];
      t[k] = old + STEP; hi = loss_full (pb);
      t[k] = old - STEP; lo = loss_full (pb);
      t[k] = old;
      ng->dtheta->data[k] = (hi - lo) / (2 * STEP);
    }
  forward (pb->net, pb->X, c, pb->y);   /* restore the cache exactly */
}

/* the correct rule of every gradient, applied to the student's own
 * upstream gradients in s; result in lg */
static void
local_rules (const problem *pb, bp_grads *s, bp_grads *lg)
{
  size_t N = pb->N, D = pb->D, H = pb->H, C = pb->C;
  size_t i, j, k;
  const bp_cache *c = &pb->cache;
  double r2 = 2 * pb->reg;

  /* dz2 = (prob - onehot(y)) / N */
  for (i = 0; i < N; i++)
    for (j = 0; j < C; j++)
      gsl_matrix_set (lg->dz2, i, j, (gsl_matrix_get (c->prob, i, j)
                                      - (j == pb->y[i] ? 1.0 : 0.0)) / N);
  /* dW2 = p1' dz2 + 2 reg W2;  db2 = colsum dz2 */
  for (j = 0; j < H; j++)
    for (k = 0; k < C; k++)
      {
        double a = r2 * gsl_matrix_get (pb->net->W2, j, k);
        for (i = 0; i < N; i++)
          a += gsl_matrix_get (c->p1, i, j) * gsl_matrix_get (s->dz2, i, k);
        gsl_matrix_set (lg->dW2, j, k, a);
      }
  for (k = 0; k < C; k++)
    {
      double a = 0;
      for (i = 0; i < N; i++)
        a += gsl_matrix_get (s->dz2, i, k);
      gsl_vector_set (lg->db2, k, a);
    }
  /* dp1 = dz2 W2' */
  for (i = 0; i < N; i++)
    for (j = 0; j < H; j++)
      {
        double a = 0;
        for (k = 0; k < C; k++)
          a += gsl_matrix_get (s->dz2, i, k) * gsl_matrix_get (pb->net->W2, j, k);
        gsl_matrix_set (lg->dp1, i, j, a);
      }
  /* dz1 = dp1 * [z1 > 0] */
  for (i = 0; i < N; i++)
    for (j = 0; j < H; j++)
      gsl_matrix_set (lg->dz1, i, j, gsl_matrix_get (c->z1, i, j) > 0
                      ? gsl_matrix_get (s->dp1, i, j) : 0.0);
  /* dW1 = X' dz1 + 2 reg W1;  db1 = colsum dz1 */
  for (k = 0; k < D; k++)
    for (j = 0; j < H; j++)
      {
        double a = r2 * gsl_matrix_get (pb->net->W1, k, j);
        for (i = 0; i < N; i++)
          a += gsl_matrix_get (pb->X, i, k) * gsl_matrix_get (s->dz1, i, j);
        gsl_matrix_set (lg->dW1, k, j, a);
      }
  for (j = 0; j < H; j++)
    {
      double a = 0;
      for (i = 0; i < N; i++)
        a += gsl_matrix_get (s->dz1, i, j);
      gsl_vector_set (lg->db1, j, a);
    }
}

/* relative error of a against the reference b: max |a - b| / max |b| */
static double
relerr (const double *a, const double *b, size_t n)
{
  size_t k;
  double d = 0, m = 0;
  for (k = 0; k < n; k++)
    {
      double e = fabs (a[k] - b[k]);
      if (!(e <= d))            /* catches NaN */
        d = isnan (e) ? INFINITY : e;
      if (fabs (b[k]) > m)
        m = fabs (b[k]);
    }
  return d / (m > 1e-12 ? m : 1e-12);
}

/* ---------------------------------------------------------------- check */

static void
garbage (bp_grads *g, gsl_rng *r)
{
  size_t k;
  for (k = 0; k < g->dtheta->size; k++)
    g->dtheta->data[k] = 1000.0 * (gsl_rng_uniform (r) - 0.5) + 321.0;
  for (k = 0; k < g->N * g->C; k++)
    g->dz2->data[k] = 1000.0 * (gsl_rng_uniform (r) - 0.5) - 55.0;
  for (k = 0; k < g->N * g->H; k++)
    {
      g->dp1->data[k] = 1000.0 * (gsl_rng_uniform (r) - 0.5) + 77.0;
      g->dz1->data[k] = 1000.0 * (gsl_rng_uniform (r) - 0.5) - 99.0;
    }
  g->present = 0;
}

static int
same_matrix (const gsl_matrix *a, const gsl_matrix *b)
{
  return memcmp (a->data, b->data, a->size1 * a->size2 * sizeof (double)) == 0;
}

/* one .so: prints its line; returns 0 */
static int
check_one (const char *path)
{
  static const size_t shapes[2][4] = { { 5, 10, 3, 7 }, { 6, 8, 4, 9 } };
  void *h = dlopen (path, RTLD_NOW | RTLD_LOCAL);
  bp_backward_fn *bw;
  unsigned root = 0, wrong = 0, changed = 0;
  int cache_written = 0, failed = 0, s, seed, id;
  const char *base = strrchr (path, '/') ? strrchr (path, '/') + 1 : path;
  gsl_rng *r = gsl_rng_alloc (gsl_rng_mt19937);
  char name[256];
  double maxnum[BP_NGRADS] = { 0 }, maxloc[BP_NGRADS] = { 0 };

  snprintf (name, sizeof name, "%s", base);
  if (strlen (name) > 3 && strcmp (name + strlen (name) - 3, ".so") == 0)
    strcpy (name + strlen (name) - 3, ".c");
  if (!h)
    {
      printf ("%s\terror: %s\n", name, dlerror ());
      return 1;
    }
  bw = (bp_backward_fn *) dlsym (h, "backward");
  if (!bw)
    {
      printf ("%s\terror: no symbol backward\n", name);
      return 1;
    }

  for (seed = 1; seed <= 2; seed++)
    for (s = 0; s < 2; s++)
      {
        problem *pb = problem_new (seed, shapes[s][0], shapes[s][1],
                                   shapes[s][2], shapes[s][3]);
        bp_grads *g = grads_new (pb->N, pb->D, pb->H, pb->C);
        bp_grads *first = grads_new (pb->N, pb->D, pb->H, pb->C);
        bp_grads *ng = grads_new (pb->N, pb->D, pb->H, pb->C);
        bp_grads *lg = grads_new (pb->N, pb->D, pb->H, pb->C);
        gsl_matrix *snap[4];
        gsl_matrix *cm[4] = { pb->cache.z1, pb->cache.p1, pb->cache.z2,
                              pb->cache.prob };
        int k, rc;

        numeric (pb, ng);
        for (k = 0; k < 4; k++)
          {
            snap[k] = gsl_matrix_alloc (cm[k]->size1, cm[k]->size2);
            gsl_matrix_memcpy (snap[k], cm[k]);
          }
        gsl_rng_set (r, 1000 + seed * 10 + s);
        garbage (g, r);
        rc = bw (pb->net, pb->X, pb->y, pb->reg, &pb->cache, g);
        if (rc != 0)
          failed = 1;
        for (k = 0; k < 4; k++)
          if (!same_matrix (snap[k], cm[k]))
            cache_written = 1;
        /* the rest is judged against the cache the forward pass made */
        for (k = 0; k < 4; k++)
          gsl_matrix_memcpy (cm[k], snap[k]);

        local_rules (pb, g, lg);
        for (id = 0; id < BP_NGRADS; id++)
          {
            size_t len;
            double *a = gdata (g, id, &len);
            double en = relerr (a, gdata (ng, id, &len), len);
            double el = relerr (a, gdata (lg, id, &len), len);
            if (en > maxnum[id]) maxnum[id] = en;
            if (el > maxloc[id]) maxloc[id] = el;
            if (en > TOL) wrong |= 1u << id;
            if (el > TOL) root |= 1u << id;
          }

        /* second call over the first call's outputs */
        gsl_vector_memcpy (first->dtheta, g->dtheta);
        gsl_matrix_memcpy (first->dz2, g->dz2);
        gsl_matrix_memcpy (first->dp1, g->dp1);
        gsl_matrix_memcpy (first->dz1, g->dz1);
        bw (pb->net, pb->X, pb->y, pb->reg, &pb->cache, g);
        for (k = 0; k < 4; k++)
          gsl_matrix_memcpy (cm[k], snap[k]);
        for (id = 0; id < BP_NGRADS; id++)
          {
            size_t len;
            double *a = gdata (g, id, &len);
            if (relerr (a, gdata (first, id, &len), len) > 1e-12)
              changed |= 1u << id;
          }

        for (k = 0; k < 4; k++)
          gsl_matrix_free (snap[k]);
        grads_free (g); grads_free (first); grads_free (ng); grads_free (lg);
        gsl_matrix_free (pb->X); free (pb->y); free (pb->net);
        gsl_matrix_free (pb->cache.z1); gsl_matrix_free (pb->cache.p1);
        gsl_matrix_free (pb->cache.z2); gsl_matrix_free (pb->cache.prob);
        free (pb);
      }

  {
    char loc[128] = "", inh[128] = "", chg[128] = "";
    for (id = 0; id < BP_NGRADS; id++)
      {
        if (root & (1u << id))
          strcat (strcat (loc, *loc ? "," : ""), names[id]);
        else if (wrong & (1u << id))
          strcat (strcat (inh, *inh ? "," : ""), names[id]);
        if (changed & (1u << id))
          strcat (strcat (chg, *chg ? "," : ""), names[id]);
      }
    printf ("%s\t%s\tlocal: %s\tinherited: %s\tsecond-call: %s%s%s\n",
            name, (root | wrong) ? "WRONG" : "correct",
            *loc ? loc : "-", *inh ? inh : "-",
            *chg ? "changed " : "same", chg,
            cache_written ? "\tCACHE-WRITTEN" : "");
    if (failed)
      printf ("%s\tnote: backward returned nonzero\n", name);
    if (verbose)
      for (id = 0; id < BP_NGRADS; id++)
        printf ("    %-4s numeric %.2e  local %.2e\n", names[id],
                maxnum[id], maxloc[id]);
  }
  gsl_rng_free (r);
  return 0;
}

int
main (int argc, char **argv)
{
  int i, bad = 0;
  for (i = 1; i < argc; i++)
    {
      pid_t pid;
      int st;
      if (strcmp (argv[i], "-v") == 0)
        {
          verbose = 1;
          continue;
        }
      fflush (stdout);
      pid = fork ();
      if (pid == 0)
        {
          alarm (60);
          exit (check_one (argv[i]));
        }
      waitpid (pid, &st, 0);
      if (!WIFEXITED (st))
        {
          printf ("%s\tCRASH (signal %d)\n", argv[i],
                  WIFSIGNALED (st) ? WTERMSIG (st) : -1);
          bad = 1;
        }
      else if (WEXITSTATUS (st) != 0)
        bad = 1;
    }
  return bad;
}
