/* label.c -- an independent labeller for the c29 set of students' C
 * backward passes.  Written from the mathematics only: it uses GSL and
 * libdl, and the backprop headers only for the struct layouts that a
 * student's backward() reads and writes (bp_net, bp_cache, bp_grads).
 *
 *   cc -O2 -I ../../../src $(pkg-config --cflags gsl) -o label label.c \
 *      -Wl,--no-as-needed $(pkg-config --libs gsl) -ldl -lm
 *   ./label [-v] DIR/s01_x.so DIR/s02_y.so ...
 *
 * The net:  z1 = X W1 + b1,  p1 = relu(z1),  z2 = p1 W2 + b2,
 *           loss = (1/N) sum_n -log softmax(z2_n)[y_n]
 *                  + reg (|W1|^2 + |W2|^2).
 *
 * For each shared object and each problem (seeds 1 and 2, times 5-10-3
 * with 7 samples and 6-8-4 with 9, reg 0.1) it fills the gradients with
 * garbage, calls backward(), and judges every gradient two ways:
 *   num    against centred differences of the loss (dz2, dp1 and dz1 as
 *          derivatives with respect to the intermediate z2, p1, z1);
 *   local  against its own rule applied to the student's OWN upstream
 *          gradients:  dW2 = p1' dz2 + 2 reg W2,  db2 = colsum dz2,
 *          dp1 = dz2 W2',  dz1 = dp1 * [z1 > 0],
 *          dW1 = X' dz1 + 2 reg W1,  db1 = colsum dz1;
 *          dz2 has no upstream: its local rule is its numerical value.
 * A gradient wrong in its local rule on any problem is a root ("local:");
 * one right locally but wrong numerically is inherited.  It then calls
 * backward() a second time over the first call's outputs, as training
 * does, and says whether any gradient changed.
 *
 * Exit status 0; the verdicts are on stdout, one line per file. */

#include <dlfcn.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <gsl/gsl_blas.h>
#include <gsl/gsl_errno.h>
#include <gsl/gsl_math.h>
#include <gsl/gsl_matrix.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>
#include <gsl/gsl_vector.h>

#include "backprop/net.h"
#include "backprop/grads.h"

typedef int backward_fn (const bp_net *, const gsl_matrix *, const size_t *,
                         double, const bp_cache *, bp_grads *);

enum { DZ2, DW2, DB2, DP1, DZ1, DW1, DB1, NG };
static const char *gname[NG] = { "dz2", "dW2", "db2", "dp1", "dz1", "dW1", "db1" };

#define TOL_NUM   1e-5          /* student vs finite differences */
#define TOL_LOCAL 1e-8          /* student vs rule on its own inputs */
#define TOL_AGAIN 1e-12         /* second call vs first */
#define FD_STEP   1e-5

static int gsl_errors;
static void
count_gsl_error (const char *reason, const char *file, int line, int err)
{
  (void) file; (void) line; (void) err;
  if (gsl_errors++ < 3)
    fprintf (stderr, "  gsl error: %s\n", reason);
}

/* ---------- the problem ---------- */

typedef struct {
  size_t N, D, H, C;
  double reg;
  gsl_matrix *X;
  size_t *y;
  bp_net *net;
  bp_cache *cache;
} problem;

static bp_net *
net_new (size_t D, size_t H, size_t C)
{
  size_t P = D * H + H + H * C + C;
  bp_net *net = calloc (1, sizeof *net + P * sizeof (double));
  double *t = net->data;
  net->D = D; net->H = H; net->C = C;
  net->theta_view = gsl_vector_view_array (t, P);
  net->theta = &net->theta_view.vector;
  net->W1_view = gsl_matrix_view_array (t, D, H);
  net->b1_view = gsl_vector_view_array (t + D * H, H);
  net->W2_view = gsl_matrix_view_array (t + D * H + H, H, C);
  net->b2_view = gsl_vector_view_array (t + D * H + H + H * C, C);
  net->W1 = &net->W1_view.matrix;
  net->b1 = &net->b1_view.vector;
  net->W2 = &net->W2_view.matrix;
  net->b2 = &net->b2_view.vector;
  return net;
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
  size_t P = D * H + H + H * C + C;
  bp_grads *g = calloc (1, sizeof *g);
  double *t;
  g->N = N; g->D = D; g->H = H; g->C = C;
  g->dtheta = gsl_vector_alloc (P);
  t = g->dtheta->data;
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
  return g;
}

static void
grads_free (bp_grads *g)
{
  gsl_vector_free (g->dtheta);
  gsl_matrix_free (g->dz2); gsl_matrix_free (g->dp1); gsl_matrix_free (g->dz1);
  free (g);
}

/* gradient k of g as a matrix view (biases as one row) */
static gsl_matrix_view
gview (bp_grads *g, int k)
{
  switch (k)
    {
    case DZ2: return gsl_matrix_submatrix (g->dz2, 0, 0, g->N, g->C);
    case DW2: return gsl_matrix_submatrix (g->dW2, 0, 0, g->H, g->C);
    case DB2: return gsl_matrix_view_vector (g->db2, 1, g->C);
    case DP1: return gsl_matrix_submatrix (g->dp1, 0, 0, g->N, g->H);
    case DZ1: return gsl_matrix_submatrix (g->dz1, 0, 0, g->N, g->H);
    case DW1: return gsl_matrix_submatrix (g->dW1, 0, 0, g->D, g->H);
    default:  return gsl_matrix_view_vector (g->db1, 1, g->H);
    }
}

/* ---------- forward pieces, by hand ---------- */

/* mean cross-entropy of scores z2 (N, C) */
static double
data_loss (const gsl_matrix *z2, const size_t *y, gsl_matrix *prob)
{
  size_t N = z2->size1, C = z2->size2, i, k;
  double L = 0.0;
  for (i = 0; i < N; i++)
    {
      double m = gsl_matrix_get (z2, i, 0), s = 0.0;
      for (k = 1; k < C; k++)
        if (gsl_matrix_get (z2, i, k) > m)
          m = gsl_matrix_get (z2, i, k);
      for (k = 0; k < C; k++)
        s += exp (gsl_matrix_get (z2, i, k) - m);
      L += -(gsl_matrix_get (z2, i, y[i]) - m - log (s));
      if (prob)
        for (k = 0; k < C; k++)
          gsl_matrix_set (prob, i, k, exp (gsl_matrix_get (z2, i, k) - m) / s);
    }
  return L / (double) N;
}

/* z2 = p1 W2 + b2 */
static void
layer2 (const bp_net *net, const gsl_matrix *p1, gsl_matrix *z2)
{
  size_t i, k, h;
  for (i = 0; i < p1->size1; i++)
    for (k = 0; k < net->C; k++)
      {
        double s = gsl_vector_get (net->b2, k);
        for (h = 0; h < net->H; h++)
          s += gsl_matrix_get (p1, i, h) * gsl_matrix_get (net->W2, h, k);
        gsl_matrix_set (z2, i, k, s);
      }
}

static void
relu (const gsl_matrix *z1, gsl_matrix *p1)
{
  size_t i, j;
  for (i = 0; i < z1->size1; i++)
    for (j = 0; j < z1->size2; j++)
      gsl_matrix_set (p1, i, j, fmax (0.0, gsl_matrix_get (z1, i, j)));
}

static void
layer1 (const bp_net *net, const gsl_matrix *X, gsl_matrix *z1)
{
  size_t i, j, d;
  for (i = 0; i < X->size1; i++)
    for (j = 0; j < net->H; j++)
      {
        double s = gsl_vector_get (net->b1, j);
        for (d = 0; d < net->D; d++)
          s += gsl_matrix_get (X, i, d) * gsl_matrix_get (net->W1, d, j);
        gsl_matrix_set (z1, i, j, s);
      }
}

static double
reg_loss (const bp_net *net, double reg)
{
  size_t i, j;
  double s = 0.0;
  for (i = 0; i < net->D; i++)
    for (j = 0; j < net->H; j++)
      s += gsl_pow_2 (gsl_matrix_get (net->W1, i, j));
  for (i = 0; i < net->H; i++)
    for (j = 0; j < net->C; j++)
      s += gsl_pow_2 (gsl_matrix_get (net->W2, i, j));
  return reg * s;
}

static void
forward (problem *pb)
{
  layer1 (pb->net, pb->X, pb->cache->z1);
  relu (pb->cache->z1, pb->cache->p1);
  layer2 (pb->net, pb->cache->p1, pb->cache->z2);
  data_loss (pb->cache->z2, pb->y, pb->cache->prob);
}

/* loss as a function of z2, p1, z1 or theta (stage 0..3), at the current
 * contents of the scratch copies */
static double
loss_from (problem *pb, int stage, gsl_matrix *z1, gsl_matrix *p1,
           gsl_matrix *z2)
{
  switch (stage)
    {
    case 3: layer1 (pb->net, pb->X, z1); /* fall through */
    case 2: relu (z1, p1);               /* fall through */
    case 1: layer2 (pb->net, p1, z2);    /* fall through */
    default: break;
    }
  return data_loss (z2, pb->y, NULL) + reg_loss (pb->net, pb->reg);
}

/* centred differences: num[DZ2], num[DP1], num[DZ1] (N x C, N x H, N x H)
 * and num[DW2], num[DB2], num[DW1], num[DB1] */
static void
numerical (problem *pb, bp_grads *num)
{
  size_t N = pb->N, H = pb->H, C = pb->C, i, j;
  gsl_matrix *z1 = gsl_matrix_alloc (N, H), *p1 = gsl_matrix_alloc (N, H);
  gsl_matrix *z2 = gsl_matrix_alloc (N, C);
  struct { gsl_matrix *var; int stage; gsl_matrix *out; } inter[3] = {
    { z2, 0, num->dz2 }, { p1, 1, num->dp1 }, { z1, 2, num->dz1 } };
  int s;

  for (s = 0; s < 3; s++)
    {
      gsl_matrix *v = inter[s].var;
      for (i = 0; i < v->size1; i++)
        for (j = 0; j < v->size2; j++)
          {
            double x0, fp, fm;
            gsl_matrix_memcpy (z1, pb->cache->z1);
            gsl_matrix_memcpy (p1, pb->cache->p1);
            gsl_matrix_memcpy (z2, pb->cache->z2);
            x0 = gsl_matrix_get (v, i, j);
            gsl_matrix_set (v, i, j, x0 + FD_STEP);
            fp = loss_from (pb, inter[s].stage, z1, p1, z2);
            gsl_matrix_memcpy (z1, pb->cache->z1);
            gsl_matrix_memcpy (p1, pb->cache->p1);
            gsl_matrix_memcpy (z2, pb->cache->z2);
            gsl_matrix_set (v, i, j, x0 - FD_STEP);
            fm = loss_from (pb, inter[s].stage, z1, p1, z2);
            gsl_matrix_set (inter[s].out, i, j, (fp - fm) / (2 * FD_STEP));
          }
    }

  /* parameters: theta and dtheta share one layout */
  for (i = 0; i < pb->net->theta->size; i++)
    {
      double t0 = gsl_vector_get (pb->net->theta, i), fp, fm;
      gsl_vector_set (pb->net->theta, i, t0 + FD_STEP);
      fp = loss_from (pb, 3, z1, p1, z2);
      gsl_vector_set (pb->net->theta, i, t0 - FD_STEP);
      fm = loss_from (pb, 3, z1, p1, z2);
      gsl_vector_set (pb->net->theta, i, t0);
      gsl_vector_set (num->dtheta, i, (fp - fm) / (2 * FD_STEP));
    }
  gsl_matrix_free (z1); gsl_matrix_free (p1); gsl_matrix_free (z2);
}

/* the local rules on the student's own upstream gradients */
static void
local_rules (problem *pb, bp_grads *st, bp_grads *num, bp_grads *loc)
{
  size_t N = pb->N, H = pb->H, i, j;
  const bp_net *net = pb->net;

  gsl_matrix_memcpy (loc->dz2, num->dz2);

  gsl_matrix_memcpy (loc->dW2, net->W2);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, pb->cache->p1, st->dz2,
                  2.0 * pb->reg, loc->dW2);
  gsl_vector_set_zero (loc->db2);
  for (i = 0; i < N; i++)
    {
      gsl_vector_view r = gsl_matrix_row (st->dz2, i);
      gsl_vector_add (loc->db2, &r.vector);
    }
  gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, st->dz2, net->W2, 0.0,
                  loc->dp1);

  for (i = 0; i < N; i++)
    for (j = 0; j < H; j++)
      gsl_matrix_set (loc->dz1, i, j,
                      gsl_matrix_get (pb->cache->z1, i, j) > 0.0
                      ? gsl_matrix_get (st->dp1, i, j) : 0.0);

  gsl_matrix_memcpy (loc->dW1, net->W1);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, pb->X, st->dz1,
                  2.0 * pb->reg, loc->dW1);
  gsl_vector_set_zero (loc->db1);
  for (i = 0; i < N; i++)
    {
      gsl_vector_view r = gsl_matrix_row (st->dz1, i);
      gsl_vector_add (loc->db1, &r.vector);
    }
}

/* max |a - b| / max(max |b|, 1e-12); infinity when a has a NaN */
static double
relerr (const gsl_matrix *a, const gsl_matrix *b)
{
  size_t i, j;
  double d = 0.0, m = 1e-12;
  for (i = 0; i < a->size1; i++)
    for (j = 0; j < a->size2; j++)
      {
        double x = gsl_matrix_get (a, i, j), r = gsl_matrix_get (b, i, j);
        if (!isfinite (x))
          return INFINITY;
        d = fmax (d, fabs (x - r));
        m = fmax (m, fabs (r));
      }
  return d / m;
}

static void
fill_garbage (bp_grads *g, gsl_rng *rng)
{
  int k;
  for (k = 0; k < NG; k++)
    {
      gsl_matrix_view v = gview (g, k);
      size_t i, j;
      for (i = 0; i < v.matrix.size1; i++)
        for (j = 0; j < v.matrix.size2; j++)
          gsl_matrix_set (&v.matrix, i, j, 100.0 + 900.0 * gsl_rng_uniform (rng));
    }
  g->present = 0;
}

static problem *
problem_new (unsigned long seed, size_t D, size_t H, size_t C, size_t N)
{
  problem *pb = calloc (1, sizeof *pb);
  gsl_rng *rng = gsl_rng_alloc (gsl_rng_mt19937);
  size_t i, j, tries;
  pb->N = N; pb->D = D; pb->H = H; pb->C = C; pb->reg = 0.1;
  pb->X = gsl_matrix_alloc (N, D);
  pb->y = malloc (N * sizeof *pb->y);
  pb->net = net_new (D, H, C);
  pb->cache = cache_new (N, H, C);
  gsl_rng_set (rng, seed * 7919 + D * 131 + H * 17 + C);
  for (tries = 0; tries < 100; tries++)
    {
      double mz = INFINITY;
      for (i = 0; i < N; i++)
        {
          for (j = 0; j < D; j++)
            gsl_matrix_set (pb->X, i, j, gsl_ran_gaussian (rng, 1.0));
          pb->y[i] = gsl_rng_uniform_int (rng, C);
        }
      for (i = 0; i < pb->net->theta->size; i++)
        gsl_vector_set (pb->net->theta, i, gsl_ran_gaussian (rng, 0.6));
      forward (pb);
      for (i = 0; i < N; i++)
        for (j = 0; j < H; j++)
          mz = fmin (mz, fabs (gsl_matrix_get (pb->cache->z1, i, j)));
      /* keep the ReLU kinks well away from the finite-difference step */
      if (mz > 1e-3)
        break;
    }
  gsl_rng_free (rng);
  return pb;
}

static void
problem_free (problem *pb)
{
  gsl_matrix_free (pb->X);
  free (pb->y);
  free (pb->net);
  cache_free (pb->cache);
  free (pb);
}

/* ---------- one shared object ---------- */

static const struct { unsigned long seed; size_t D, H, C, N; } configs[] = {
  { 1, 5, 10, 3, 7 }, { 1, 6, 8, 4, 9 },
  { 2, 5, 10, 3, 7 }, { 2, 6, 8, 4, 9 },
};
#define NCONFIG (sizeof configs / sizeof configs[0])

static int verbose;

static void
label_one (const char *path)
{
  void *h = dlopen (path, RTLD_NOW | RTLD_LOCAL);
  backward_fn *fn;
  double worst_num[NG] = { 0 }, worst_loc[NG] = { 0 };
  int root[NG] = { 0 }, numwrong[NG] = { 0 }, changed[NG] = { 0 };
  int failed = 0, k;
  size_t c;
  const char *base = strrchr (path, '/') ? strrchr (path, '/') + 1 : path;

  if (!h)
    {
      printf ("%s: cannot load: %s\n", base, dlerror ());
      return;
    }
  fn = (backward_fn *) dlsym (h, "backward");
  if (!fn)
    {
      printf ("%s: no symbol backward\n", base);
      dlclose (h);
      return;
    }
  gsl_errors = 0;

  for (c = 0; c < NCONFIG; c++)
    {
      problem *pb = problem_new (configs[c].seed, configs[c].D, configs[c].H,
                                 configs[c].C, configs[c].N);
      bp_grads *st = grads_new (pb->N, pb->D, pb->H, pb->C);
      bp_grads *num = grads_new (pb->N, pb->D, pb->H, pb->C);
      bp_grads *loc = grads_new (pb->N, pb->D, pb->H, pb->C);
      bp_grads *first = grads_new (pb->N, pb->D, pb->H, pb->C);
      gsl_rng *rng = gsl_rng_alloc (gsl_rng_mt19937);
      int rc;

      gsl_rng_set (rng, 4242 + c);
      fill_garbage (st, rng);
      numerical (pb, num);
      rc = fn (pb->net, pb->X, pb->y, pb->reg, pb->cache, st);
      if (rc != 0)
        failed = 1;
      local_rules (pb, st, num, loc);
      for (k = 0; k < NG; k++)
        {
          gsl_matrix_view s = gview (st, k), n = gview (num, k), l = gview (loc, k);
          gsl_matrix_view f = gview (first, k);
          double en = relerr (&s.matrix, &n.matrix);
          double el = relerr (&s.matrix, &l.matrix);
          worst_num[k] = fmax (worst_num[k], en);
          worst_loc[k] = fmax (worst_loc[k], el);
          if (en > TOL_NUM)
            numwrong[k] = 1;
          if (el > (k == DZ2 ? TOL_NUM : TOL_LOCAL))
            root[k] = 1;
          gsl_matrix_memcpy (&f.matrix, &s.matrix);
          if (verbose)
            printf ("  cfg %zu-%zu-%zu N=%zu seed %lu  %s  num %.2e  local %.2e\n",
                    pb->D, pb->H, pb->C, pb->N, configs[c].seed, gname[k], en, el);
        }

      /* the second call, over the first call's outputs */
      rc = fn (pb->net, pb->X, pb->y, pb->reg, pb->cache, st);
      if (rc != 0)
        failed = 1;
      for (k = 0; k < NG; k++)
        {
          gsl_matrix_view s = gview (st, k), f = gview (first, k);
          if (relerr (&s.matrix, &f.matrix) > TOL_AGAIN)
            changed[k] = 1;
        }

      gsl_rng_free (rng);
      grads_free (st); grads_free (num); grads_free (loc); grads_free (first);
      problem_free (pb);
    }

  {
    char roots[128] = "", wrong[128] = "", again[128] = "";
    int any = 0, anyc = 0;
    for (k = 0; k < NG; k++)
      {
        if (root[k])
          { strcat (roots, roots[0] ? "," : ""); strcat (roots, gname[k]); }
        if (numwrong[k])
          { strcat (wrong, wrong[0] ? "," : ""); strcat (wrong, gname[k]); any = 1; }
        if (changed[k])
          { strcat (again, again[0] ? "," : ""); strcat (again, gname[k]); anyc = 1; }
      }
    printf ("%s: %s  local: %s  wrong: %s  second call: %s%s%s\n", base,
            (any || failed) ? "WRONG" : "correct", roots[0] ? roots : "-",
            wrong[0] ? wrong : "-", anyc ? "changed " : "same", again,
            failed ? "  (returned nonzero)" : "");
    if (gsl_errors)
      printf ("  %d GSL errors\n", gsl_errors);
    printf ("  ");
    for (k = 0; k < NG; k++)
      printf ("%s %s%s(num %.1e loc %.1e)%s", gname[k],
              root[k] ? "ROOT" : numwrong[k] ? "inh" : "ok",
              (!numwrong[k] && root[k]) ? "?" : "",
              worst_num[k], worst_loc[k], k + 1 < NG ? "  " : "\n");
  }
  dlclose (h);
}

int
main (int argc, char **argv)
{
  int i;
  gsl_set_error_handler (count_gsl_error);
  for (i = 1; i < argc; i++)
    {
      if (strcmp (argv[i], "-v") == 0)
        {
          verbose = 1;
          continue;
        }
      label_one (argv[i]);
    }
  return 0;
}
