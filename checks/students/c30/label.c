/* label.c -- an independent labeller for the students' backward passes of
 * this set, written from the mathematics alone (GSL and libdl, no backprop
 * library code; only the struct types of src/backprop/grads.h).
 *
 *   cc -O2 -I ../../../src $(pkg-config --cflags gsl) -o label label.c \
 *      $(pkg-config --libs gsl) -ldl
 *   ./label OUTDIR/s01_*.so ...
 *
 * The net:  z1 = X W1 + b1,  p1 = relu(z1),  z2 = p1 W2 + b2,
 *           prob = softmax(z2) row by row,
 *           loss = (1/N) sum_i -log prob[i][y_i] + reg (|W1|^2 + |W2|^2).
 *
 * For every shared object and every problem (seeds 1 and 2, a 5-10-3 net
 * with a batch of 7 and a 6-8-4 net with a batch of 9, reg 0.1) it fills
 * the gradients with garbage, calls backward(), and judges each of the
 * seven gradients twice:
 *   (a) against centred differences of the loss: for dz2, dp1 and dz1 the
 *       derivative of the loss with respect to the intermediate z2, p1, z1
 *       (the rest of the forward pass recomputed from it), for dW2, db2,
 *       dW1, db1 with respect to the parameters;
 *   (b) against its own rule applied to the student's OWN upstream
 *       gradient:  dz2 = (prob - onehot(y)) / N,   dW2 = p1' dz2 + 2 reg W2,
 *       db2 = colsum dz2,  dp1 = dz2 W2',  dz1 = dp1 .* [z1 > 0],
 *       dW1 = X' dz1 + 2 reg W1,  db1 = colsum dz1.
 * A gradient wrong in (a) and in (b) is a root ("local"); wrong in (a) but
 * right in (b) it is inherited.  Right in (a) but wrong in (b) is flagged
 * as odd.  A second call over the first call's outputs (as training does)
 * must give the same results.
 *
 * Output: one line per problem and file, then a summary line per file:
 *   sNN_name: local: dz2,dW2 | inherited: ... | second call: same
 */

#include <dlfcn.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <gsl/gsl_matrix.h>
#include <gsl/gsl_vector.h>
#include <gsl/gsl_rng.h>
#include <gsl/gsl_randist.h>

#include "backprop/grads.h"

#define NG 7
static const char *gname[NG] = { "dz2", "dW2", "db2", "dp1", "dz1", "dW1", "db1" };

typedef int backward_fn (const bp_net *, const gsl_matrix *, const size_t *,
                         double, const bp_cache *, bp_grads *);

#define TOL 1e-6
#define EPS 1e-5

/* ---------------------------------------------------------------- nets */

static bp_net *
net_new (size_t D, size_t H, size_t C)
{
  size_t n = D * H + H + H * C + C;
  bp_net *net = calloc (1, sizeof (bp_net) + n * sizeof (double));
  net->D = D; net->H = H; net->C = C;
  net->theta_view = gsl_vector_view_array (net->data, n);
  net->theta = &net->theta_view.vector;
  net->W1_view = gsl_matrix_view_array (net->data, D, H);
  net->b1_view = gsl_vector_view_array (net->data + D * H, H);
  net->W2_view = gsl_matrix_view_array (net->data + D * H + H, H, C);
  net->b2_view = gsl_vector_view_array (net->data + D * H + H + H * C, C);
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
  bp_grads *g = calloc (1, sizeof *g);
  size_t n = D * H + H + H * C + C;
  g->N = N; g->D = D; g->H = H; g->C = C;
  g->dz2 = gsl_matrix_alloc (N, C);
  g->dp1 = gsl_matrix_alloc (N, H);
  g->dz1 = gsl_matrix_alloc (N, H);
  g->dtheta = gsl_vector_alloc (n);
  double *d = g->dtheta->data;
  g->dW1_view = gsl_matrix_view_array (d, D, H);
  g->db1_view = gsl_vector_view_array (d + D * H, H);
  g->dW2_view = gsl_matrix_view_array (d + D * H + H, H, C);
  g->db2_view = gsl_vector_view_array (d + D * H + H + H * C, C);
  g->dW1 = &g->dW1_view.matrix;
  g->db1 = &g->db1_view.vector;
  g->dW2 = &g->dW2_view.matrix;
  g->db2 = &g->db2_view.vector;
  g->present = BP_GRADS_ALL;
  return g;
}

static void
grads_free (bp_grads *g)
{
  gsl_matrix_free (g->dz2); gsl_matrix_free (g->dp1); gsl_matrix_free (g->dz1);
  gsl_vector_free (g->dtheta);
  free (g);
}

/* Gradient id as a flat array (the GSL blocks here are all contiguous). */
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

/* ------------------------------------------------------- forward pieces */

/* data loss of scores z2 (N, C) */
static double
data_loss (const gsl_matrix *z2, const size_t *y)
{
  size_t N = z2->size1, C = z2->size2;
  double L = 0;
  for (size_t i = 0; i < N; i++)
    {
      double m = gsl_matrix_get (z2, i, 0);
      for (size_t j = 1; j < C; j++)
        if (gsl_matrix_get (z2, i, j) > m)
          m = gsl_matrix_get (z2, i, j);
      double s = 0;
      for (size_t j = 0; j < C; j++)
        s += exp (gsl_matrix_get (z2, i, j) - m);
      L += -(gsl_matrix_get (z2, i, y[i]) - m - log (s));
    }
  return L / N;
}

/* out (N, M) = A (N, K) B (K, M) + 1 b' */
static void
affine (const gsl_matrix *A, const gsl_matrix *B, const gsl_vector *b,
        gsl_matrix *out)
{
  for (size_t i = 0; i < A->size1; i++)
    for (size_t j = 0; j < B->size2; j++)
      {
        double s = gsl_vector_get (b, j);
        for (size_t k = 0; k < A->size2; k++)
          s += gsl_matrix_get (A, i, k) * gsl_matrix_get (B, k, j);
        gsl_matrix_set (out, i, j, s);
      }
}

static void
relu (const gsl_matrix *z, gsl_matrix *p)
{
  for (size_t i = 0; i < z->size1; i++)
    for (size_t j = 0; j < z->size2; j++)
      gsl_matrix_set (p, i, j, fmax (0.0, gsl_matrix_get (z, i, j)));
}

static void
softmax (const gsl_matrix *z2, gsl_matrix *prob)
{
  for (size_t i = 0; i < z2->size1; i++)
    {
      double m = gsl_matrix_get (z2, i, 0), s = 0;
      for (size_t j = 1; j < z2->size2; j++)
        m = fmax (m, gsl_matrix_get (z2, i, j));
      for (size_t j = 0; j < z2->size2; j++)
        s += exp (gsl_matrix_get (z2, i, j) - m);
      for (size_t j = 0; j < z2->size2; j++)
        gsl_matrix_set (prob, i, j, exp (gsl_matrix_get (z2, i, j) - m) / s);
    }
}

static void
forward (const bp_net *net, const gsl_matrix *X, bp_cache *c)
{
  affine (X, net->W1, net->b1, c->z1);
  relu (c->z1, c->p1);
  affine (c->p1, net->W2, net->b2, c->z2);
  softmax (c->z2, c->prob);
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

static double
full_loss (const bp_net *net, const gsl_matrix *X, const size_t *y,
           double reg, bp_cache *c)
{
  forward (net, X, c);
  return data_loss (c->z2, y) + reg * (sumsq (net->W1) + sumsq (net->W2));
}

/* ---------------------------------------------- the reference, by diffs */

typedef struct
{
  size_t N, D, H, C;
  bp_net *net;
  gsl_matrix *X;
  size_t *y;
  double reg;
  bp_cache *cache;              /* forward filled */
  double *fd[NG];               /* centred differences, flat */
} problem;

/* loss as a function of the intermediate z1 (which = 4), p1 (3), z2 (0) */
static double
loss_from (problem *P, int which, gsl_matrix *v)
{
  size_t N = P->N, H = P->H, C = P->C;
  gsl_matrix *p1 = gsl_matrix_alloc (N, H), *z2 = gsl_matrix_alloc (N, C);
  double L;
  if (which == 0)
    L = data_loss (v, P->y);
  else
    {
      if (which == 4)
        relu (v, p1);
      else
        gsl_matrix_memcpy (p1, v);
      affine (p1, P->net->W2, P->net->b2, z2);
      L = data_loss (z2, P->y);
    }
  gsl_matrix_free (p1); gsl_matrix_free (z2);
  return L;
}

static void
finite_differences (problem *P)
{
  bp_cache *tmp = cache_new (P->N, P->H, P->C);
  /* intermediates */
  int inter[3] = { 0, 3, 4 };
  const gsl_matrix *src[3] = { P->cache->z2, P->cache->p1, P->cache->z1 };
  for (int t = 0; t < 3; t++)
    {
      gsl_matrix *v = gsl_matrix_alloc (src[t]->size1, src[t]->size2);
      gsl_matrix_memcpy (v, src[t]);
      size_t n = v->size1 * v->size2;
      double *out = malloc (n * sizeof (double));
      for (size_t k = 0; k < n; k++)
        {
          double keep = v->data[k];
          v->data[k] = keep + EPS;
          double Lp = loss_from (P, inter[t], v);
          v->data[k] = keep - EPS;
          double Lm = loss_from (P, inter[t], v);
          v->data[k] = keep;
          out[k] = (Lp - Lm) / (2 * EPS);
        }
      P->fd[inter[t]] = out;
      gsl_matrix_free (v);
    }
  /* parameters, through theta: W1 (5), b1 (6), W2 (1), b2 (2) */
  size_t D = P->D, H = P->H, C = P->C;
  size_t off[4] = { 0, D * H, D * H + H, D * H + H + H * C };
  size_t len[4] = { D * H, H, H * C, C };
  int ids[4] = { 5, 6, 1, 2 };
  double *th = P->net->data;
  for (int t = 0; t < 4; t++)
    {
      double *out = malloc (len[t] * sizeof (double));
      for (size_t k = 0; k < len[t]; k++)
        {
          double keep = th[off[t] + k];
          th[off[t] + k] = keep + EPS;
          double Lp = full_loss (P->net, P->X, P->y, P->reg, tmp);
          th[off[t] + k] = keep - EPS;
          double Lm = full_loss (P->net, P->X, P->y, P->reg, tmp);
          th[off[t] + k] = keep;
          out[k] = (Lp - Lm) / (2 * EPS);
        }
      P->fd[ids[t]] = out;
    }
  cache_free (tmp);
}

static problem *
problem_new (unsigned long seed, size_t D, size_t H, size_t C, size_t N)
{
  problem *P = calloc (1, sizeof *P);
  gsl_rng *r = gsl_rng_alloc (gsl_rng_mt19937);
  gsl_rng_set (r, seed * 1000 + D * 100 + H * 10 + C);
  P->N = N; P->D = D; P->H = H; P->C = C; P->reg = 0.1;
  P->net = net_new (D, H, C);
  P->X = gsl_matrix_alloc (N, D);
  P->y = malloc (N * sizeof (size_t));
  P->cache = cache_new (N, H, C);
  for (;;)
    {
      for (size_t k = 0; k < P->net->theta->size; k++)
        P->net->data[k] = gsl_ran_gaussian (r, 0.6);
      for (size_t k = 0; k < N * D; k++)
        P->X->data[k] = gsl_ran_gaussian (r, 1.0);
      for (size_t i = 0; i < N; i++)
        P->y[i] = gsl_rng_uniform_int (r, C);
      forward (P->net, P->X, P->cache);
      /* stay away from the ReLU's kink, and want both signs in z1 */
      double mn = INFINITY;
      size_t neg = 0;
      for (size_t k = 0; k < N * H; k++)
        {
          mn = fmin (mn, fabs (P->cache->z1->data[k]));
          neg += P->cache->z1->data[k] < 0;
        }
      if (mn > 1e-3 && neg > 0 && neg < N * H)
        break;
    }
  gsl_rng_free (r);
  finite_differences (P);
  return P;
}

static void
problem_free (problem *P)
{
  for (int t = 0; t < NG; t++)
    free (P->fd[t]);
  free (P->net); gsl_matrix_free (P->X); free (P->y);
  cache_free (P->cache);
  free (P);
}

/* --------------------------------------------------------- the rules */

/* local[id] = the rule of id applied to the student's own upstream */
static void
local_rules (problem *P, bp_grads *g, double *local[NG])
{
  size_t N = P->N, D = P->D, H = P->H, C = P->C;
  double reg = P->reg;
  const gsl_matrix *prob = P->cache->prob, *p1 = P->cache->p1,
    *z1 = P->cache->z1, *X = P->X, *W1 = P->net->W1, *W2 = P->net->W2;
  for (int t = 0; t < NG; t++)
    {
      size_t n;
      gptr (g, t, &n);
      local[t] = calloc (n, sizeof (double));
    }
  for (size_t i = 0; i < N; i++)
    for (size_t j = 0; j < C; j++)
      local[0][i * C + j] = (gsl_matrix_get (prob, i, j) - (j == P->y[i])) / N;
  for (size_t h = 0; h < H; h++)
    for (size_t j = 0; j < C; j++)
      {
        double s = 2 * reg * gsl_matrix_get (W2, h, j);
        for (size_t i = 0; i < N; i++)
          s += gsl_matrix_get (p1, i, h) * gsl_matrix_get (g->dz2, i, j);
        local[1][h * C + j] = s;
      }
  for (size_t j = 0; j < C; j++)
    {
      double s = 0;
      for (size_t i = 0; i < N; i++)
        s += gsl_matrix_get (g->dz2, i, j);
      local[2][j] = s;
    }
  for (size_t i = 0; i < N; i++)
    for (size_t h = 0; h < H; h++)
      {
        double s = 0;
        for (size_t j = 0; j < C; j++)
          s += gsl_matrix_get (g->dz2, i, j) * gsl_matrix_get (W2, h, j);
        local[3][i * H + h] = s;
      }
  for (size_t i = 0; i < N; i++)
    for (size_t h = 0; h < H; h++)
      local[4][i * H + h] = gsl_matrix_get (z1, i, h) > 0
        ? gsl_matrix_get (g->dp1, i, h) : 0.0;
  for (size_t d = 0; d < D; d++)
    for (size_t h = 0; h < H; h++)
      {
        double s = 2 * reg * gsl_matrix_get (W1, d, h);
        for (size_t i = 0; i < N; i++)
          s += gsl_matrix_get (X, i, d) * gsl_matrix_get (g->dz1, i, h);
        local[5][d * H + h] = s;
      }
  for (size_t h = 0; h < H; h++)
    {
      double s = 0;
      for (size_t i = 0; i < N; i++)
        s += gsl_matrix_get (g->dz1, i, h);
      local[6][h] = s;
    }
}

/* max |a - b| / max(|a|, |b|), NaN-aware */
static double
relerr (const double *a, const double *b, size_t n)
{
  double num = 0, den = 1e-12;
  for (size_t k = 0; k < n; k++)
    {
      if (!isfinite (a[k]))
        return INFINITY;
      num = fmax (num, fabs (a[k] - b[k]));
      den = fmax (den, fmax (fabs (a[k]), fabs (b[k])));
    }
  return num / den;
}

/* ----------------------------------------------------------------- main */

enum { ST_OK, ST_ROOT, ST_INH, ST_ODD };
static const char *stname[] = { "ok", "ROOT", "inh", "odd" };

static const size_t shapes[2][4] = { { 5, 10, 3, 7 }, { 6, 8, 4, 9 } };

int
main (int argc, char **argv)
{
  if (argc < 2)
    {
      fprintf (stderr, "usage: label FILE.so...\n");
      return 2;
    }
  problem *probs[4];
  for (int s = 0; s < 2; s++)
    for (int k = 0; k < 2; k++)
      probs[s * 2 + k] = problem_new (s + 1, shapes[k][0], shapes[k][1],
                                      shapes[k][2], shapes[k][3]);
  gsl_rng *garbage = gsl_rng_alloc (gsl_rng_mt19937);
  int status = 0;

  for (int a = 1; a < argc; a++)
    {
      const char *base = strrchr (argv[a], '/');
      base = base ? base + 1 : argv[a];
      char name[256];
      snprintf (name, sizeof name, "%s", base);
      char *dot = strstr (name, ".so");
      if (dot)
        *dot = 0;

      void *h = dlopen (argv[a], RTLD_NOW | RTLD_LOCAL);
      backward_fn *fn = h ? (backward_fn *) dlsym (h, "backward") : NULL;
      if (!fn)
        {
          printf ("%s: cannot load: %s\n", name, dlerror ());
          status = 1;
          continue;
        }
      int st_any[NG] = { 0 };   /* bit per status seen */
      int changed = 0, failed = 0;
      for (int p = 0; p < 4; p++)
        {
          problem *P = probs[p];
          bp_grads *g = grads_new (P->N, P->D, P->H, P->C);
          for (int t = 0; t < NG; t++)
            {
              size_t n;
              double *v = gptr (g, t, &n);
              for (size_t k = 0; k < n; k++)
                v[k] = gsl_ran_flat (garbage, -50, 50);
            }
          if (fn (P->net, P->X, P->y, P->reg, P->cache, g) != 0)
            failed = 1;
          double *local[NG];
          local_rules (P, g, local);
          printf ("  %-24s %zu-%zu-%zu N=%zu seed %d:", name, P->D, P->H,
                  P->C, P->N, p / 2 + 1);
          for (int t = 0; t < NG; t++)
            {
              size_t n;
              double *v = gptr (g, t, &n);
              double efd = relerr (v, P->fd[t], n);
              double eloc = relerr (v, local[t], n);
              int st = efd > TOL ? (eloc > TOL ? ST_ROOT : ST_INH)
                : (eloc > TOL ? ST_ODD : ST_OK);
              st_any[t] |= 1 << st;
              printf (" %s=%s", gname[t], stname[st]);
              if (st != ST_OK)
                printf ("(%.1e/%.1e)", efd, eloc);
            }
          printf ("\n");
          /* second call over the first call's results */
          size_t ntot = 0;
          double *first[NG];
          for (int t = 0; t < NG; t++)
            {
              size_t n;
              double *v = gptr (g, t, &n);
              first[t] = malloc (n * sizeof (double));
              memcpy (first[t], v, n * sizeof (double));
              ntot += n;
            }
          (void) ntot;
          fn (P->net, P->X, P->y, P->reg, P->cache, g);
          for (int t = 0; t < NG; t++)
            {
              size_t n;
              double *v = gptr (g, t, &n);
              if (relerr (v, first[t], n) > 1e-12)
                changed = 1;
              free (first[t]);
              free (local[t]);
            }
          grads_free (g);
        }
      /* summary */
      char roots[128] = "", inh[128] = "", odd[128] = "", mixed[128] = "";
      for (int t = 0; t < NG; t++)
        {
          char *dst = NULL;
          int m = st_any[t];
          if (m & (1 << ST_ROOT))
            dst = roots;
          else if (m & (1 << ST_INH))
            dst = inh;
          else if (m & (1 << ST_ODD))
            dst = odd;
          if (dst)
            {
              if (*dst)
                strcat (dst, ",");
              strcat (dst, gname[t]);
            }
          /* not the same verdict on every problem */
          if (m & (m - 1))
            {
              if (*mixed)
                strcat (mixed, ",");
              strcat (mixed, gname[t]);
            }
        }
      printf ("%s: local: %s | inherited: %s | second call: %s%s%s%s%s\n",
              name, *roots ? roots : "-", *inh ? inh : "-",
              changed ? "CHANGED" : "same",
              *odd ? " | odd (right by differences, wrong by rule): " : "",
              odd, *mixed ? " | not on every problem: " : "", mixed);
      if (failed)
        printf ("%s: backward returned nonzero\n", name);
      dlclose (h);
    }
  for (int p = 0; p < 4; p++)
    problem_free (probs[p]);
  gsl_rng_free (garbage);
  return status;
}
