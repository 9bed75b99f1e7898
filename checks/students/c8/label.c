/* label.c -- an independent labeller for the student backward passes of
 * this set.  Written from the mathematics only: GSL and libdl, and the
 * struct layouts of src/backprop/net.h and grads.h (which a student's .so
 * reads), none of the library's code.
 *
 *   cc -O2 -I../../../src $(pkg-config --cflags gsl) -o label label.c \
 *      $(pkg-config --libs gsl) -ldl
 *   ./label OUT/s01_x.so OUT/s02_y.so ...
 *
 * For each shared object, on 2 seeds x {5-10-3 batch 7, 6-8-4 batch 9},
 * reg 0.1, it fills the gradients with garbage, calls backward(), and
 * judges each of the seven gradients twice:
 *   (a) against centred differences of the loss (dz2, dp1, dz1 are the
 *       derivatives of the loss with respect to the intermediate z2, p1,
 *       z1, the rest of the loop left as the forward pass makes it);
 *   (b) against its own rule applied to the student's OWN upstream:
 *         dz2 = (softmax(z2) - onehot(y)) / N
 *         dW2 = p1' dz2 + 2 reg W2      db2 = column sums of dz2
 *         dp1 = dz2 W2'                 dz1 = dp1 * [z1 > 0]
 *         dW1 = X' dz1 + 2 reg W1       db1 = column sums of dz1
 * A gradient that agrees with (a) is ok; one that does not is a root when
 * it also disagrees with (b) (wrong given its inputs) and inherited when
 * (b) holds (right given a wrong upstream).  It then calls backward() a
 * second time over the first call's outputs, as training does, and says
 * which gradients changed.  Each .so runs in a child process, so a crash
 * is reported, not fatal.
 *
 * Output, one block per file; the line to read is
 *   FILE: local: ROOTS   inherited: ...   second-call: same|changed(...)
 * with ROOTS "-" for a correct pass.  Exit status 0. */

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

typedef int bw_fn (const bp_net *, const gsl_matrix *, const size_t *,
                   double, const bp_cache *, bp_grads *);

enum { DZ2, DW2, DB2, DP1, DZ1, DW1, DB1, NG };
static const char *gname[NG] =
  { "dz2", "dW2", "db2", "dp1", "dz1", "dW1", "db1" };

#define TOL 1e-6
#define STEP 1e-5

/* ---------------------------------------------------------------- */
/* The problem: a net, a batch, its forward pass.                   */

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
  bp_net *n = calloc (1, sizeof *n);
  n->D = D; n->H = H; n->C = C;
  n->theta = gsl_vector_calloc (D * H + H + H * C + C);
  double *t = n->theta->data;
  n->W1_view = gsl_matrix_view_array (t, D, H);
  n->b1_view = gsl_vector_view_array (t + D * H, H);
  n->W2_view = gsl_matrix_view_array (t + D * H + H, H, C);
  n->b2_view = gsl_vector_view_array (t + D * H + H + H * C, C);
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
  g->N = N; g->D = D; g->H = H; g->C = C;
  g->dz2 = gsl_matrix_calloc (N, C);
  g->dp1 = gsl_matrix_calloc (N, H);
  g->dz1 = gsl_matrix_calloc (N, H);
  g->dtheta = gsl_vector_calloc (D * H + H + H * C + C);
  double *t = g->dtheta->data;
  g->dW1_view = gsl_matrix_view_array (t, D, H);
  g->db1_view = gsl_vector_view_array (t + D * H, H);
  g->dW2_view = gsl_matrix_view_array (t + D * H + H, H, C);
  g->db2_view = gsl_vector_view_array (t + D * H + H + H * C, C);
  g->dW1 = &g->dW1_view.matrix;
  g->db1 = &g->db1_view.vector;
  g->dW2 = &g->dW2_view.matrix;
  g->db2 = &g->db2_view.vector;
  g->present = BP_GRADS_ALL;
  return g;
}

/* The seven gradients as flat arrays (copies), to compare. */
typedef struct { double *v[NG]; size_t n[NG]; } flat;

static void
mat_into (const gsl_matrix *m, double **out, size_t *n)
{
  *n = m->size1 * m->size2;
  *out = malloc (*n * sizeof **out);
  for (size_t i = 0; i < m->size1; i++)
    for (size_t j = 0; j < m->size2; j++)
      (*out)[i * m->size2 + j] = gsl_matrix_get (m, i, j);
}

static void
vec_into (const gsl_vector *v, double **out, size_t *n)
{
  *n = v->size;
  *out = malloc (*n * sizeof **out);
  for (size_t i = 0; i < v->size; i++)
    (*out)[i] = gsl_vector_get (v, i);
}

static flat
flat_of (const bp_grads *g)
{
  flat f;
  mat_into (g->dz2, &f.v[DZ2], &f.n[DZ2]);
  mat_into (g->dW2, &f.v[DW2], &f.n[DW2]);
  vec_into (g->db2, &f.v[DB2], &f.n[DB2]);
  mat_into (g->dp1, &f.v[DP1], &f.n[DP1]);
  mat_into (g->dz1, &f.v[DZ1], &f.n[DZ1]);
  mat_into (g->dW1, &f.v[DW1], &f.n[DW1]);
  vec_into (g->db1, &f.v[DB1], &f.n[DB1]);
  return f;
}

/* Forward pieces, written out. */
static void
affine (const gsl_matrix *A, const gsl_matrix *W, const gsl_vector *b,
        gsl_matrix *Z)
{
  for (size_t i = 0; i < A->size1; i++)
    for (size_t j = 0; j < W->size2; j++)
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
      {
        double z = gsl_matrix_get (Z, i, j);
        gsl_matrix_set (P, i, j, z > 0 ? z : 0.0);
      }
}

/* Mean cross-entropy of scores Z against y; prob filled when not NULL. */
static double
data_loss (const gsl_matrix *Z, const size_t *y, gsl_matrix *prob)
{
  double L = 0;
  for (size_t i = 0; i < Z->size1; i++)
    {
      double m = -INFINITY;
      for (size_t j = 0; j < Z->size2; j++)
        m = fmax (m, gsl_matrix_get (Z, i, j));
      double s = 0;
      for (size_t j = 0; j < Z->size2; j++)
        s += exp (gsl_matrix_get (Z, i, j) - m);
      double lse = m + log (s);
      L += lse - gsl_matrix_get (Z, i, y[i]);
      if (prob)
        for (size_t j = 0; j < Z->size2; j++)
          gsl_matrix_set (prob, i, j, exp (gsl_matrix_get (Z, i, j) - lse));
    }
  return L / (double) Z->size1;
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

/* Loss from z1 (given), p1 (given) or z2 (given) onwards. */
static double
loss_from_z2 (const problem *P, const gsl_matrix *z2)
{
  return data_loss (z2, P->y, NULL)
    + P->reg * (sumsq (P->net->W1) + sumsq (P->net->W2));
}

static double
loss_from_p1 (const problem *P, const gsl_matrix *p1)
{
  gsl_matrix *z2 = gsl_matrix_alloc (P->N, P->C);
  affine (p1, P->net->W2, P->net->b2, z2);
  double L = loss_from_z2 (P, z2);
  gsl_matrix_free (z2);
  return L;
}

static double
loss_from_z1 (const problem *P, const gsl_matrix *z1)
{
  gsl_matrix *p1 = gsl_matrix_alloc (P->N, P->H);
  relu (z1, p1);
  double L = loss_from_p1 (P, p1);
  gsl_matrix_free (p1);
  return L;
}

static double
loss_full (const problem *P)
{
  gsl_matrix *z1 = gsl_matrix_alloc (P->N, P->H);
  affine (P->X, P->net->W1, P->net->b1, z1);
  double L = loss_from_z1 (P, z1);
  gsl_matrix_free (z1);
  return L;
}

static void
forward (problem *P)
{
  affine (P->X, P->net->W1, P->net->b1, P->cache->z1);
  relu (P->cache->z1, P->cache->p1);
  affine (P->cache->p1, P->net->W2, P->net->b2, P->cache->z2);
  data_loss (P->cache->z2, P->y, P->cache->prob);
}

static problem *
problem_new (unsigned long seed, size_t N, size_t D, size_t H, size_t C)
{
  problem *P = calloc (1, sizeof *P);
  P->N = N; P->D = D; P->H = H; P->C = C; P->reg = 0.1;
  gsl_rng *r = gsl_rng_alloc (gsl_rng_mt19937);
  gsl_rng_set (r, seed * 7919 + N * 31 + D);
  P->net = net_new (D, H, C);
  for (size_t i = 0; i < D; i++)
    for (size_t j = 0; j < H; j++)
      gsl_matrix_set (P->net->W1, i, j, gsl_ran_gaussian (r, 0.6));
  for (size_t j = 0; j < H; j++)
    gsl_vector_set (P->net->b1, j, gsl_ran_gaussian (r, 0.2));
  for (size_t i = 0; i < H; i++)
    for (size_t j = 0; j < C; j++)
      gsl_matrix_set (P->net->W2, i, j, gsl_ran_gaussian (r, 0.6));
  for (size_t j = 0; j < C; j++)
    gsl_vector_set (P->net->b2, j, gsl_ran_gaussian (r, 0.2));
  P->X = gsl_matrix_alloc (N, D);
  for (size_t i = 0; i < N; i++)
    for (size_t j = 0; j < D; j++)
      gsl_matrix_set (P->X, i, j, gsl_ran_gaussian (r, 1.0));
  P->y = malloc (N * sizeof *P->y);
  for (size_t i = 0; i < N; i++)
    P->y[i] = gsl_rng_uniform_int (r, C);
  /* every class at least once where there is room, so a one-hot slip shows */
  for (size_t c = 0; c < C && c < N; c++)
    P->y[(c * 5 + 2) % N] = c;
  P->cache = calloc (1, sizeof *P->cache);
  P->cache->N = N; P->cache->H = H; P->cache->C = C;
  P->cache->z1 = gsl_matrix_alloc (N, H);
  P->cache->p1 = gsl_matrix_alloc (N, H);
  P->cache->z2 = gsl_matrix_alloc (N, C);
  P->cache->prob = gsl_matrix_alloc (N, C);
  forward (P);
  gsl_rng_free (r);
  return P;
}

/* ---------------------------------------------------------------- */
/* Numerical gradients.                                             */

static void
numdiff_mat (const problem *P, const gsl_matrix *at,
             double (*f) (const problem *, const gsl_matrix *), double *out)
{
  gsl_matrix *m = gsl_matrix_alloc (at->size1, at->size2);
  gsl_matrix_memcpy (m, at);
  for (size_t i = 0; i < m->size1; i++)
    for (size_t j = 0; j < m->size2; j++)
      {
        double x = gsl_matrix_get (m, i, j);
        gsl_matrix_set (m, i, j, x + STEP);
        double lp = f (P, m);
        gsl_matrix_set (m, i, j, x - STEP);
        double lm = f (P, m);
        gsl_matrix_set (m, i, j, x);
        out[i * m->size2 + j] = (lp - lm) / (2 * STEP);
      }
  gsl_matrix_free (m);
}

/* The parameters: dtheta in theta's layout. */
static void
numdiff_theta (problem *P, double *out)
{
  gsl_vector *t = P->net->theta;
  for (size_t k = 0; k < t->size; k++)
    {
      double x = gsl_vector_get (t, k);
      gsl_vector_set (t, k, x + STEP);
      double lp = loss_full (P);
      gsl_vector_set (t, k, x - STEP);
      double lm = loss_full (P);
      gsl_vector_set (t, k, x);
      out[k] = (lp - lm) / (2 * STEP);
    }
}

static flat
numeric (problem *P)
{
  flat f;
  size_t N = P->N, D = P->D, H = P->H, C = P->C;
  f.n[DZ2] = N * C; f.n[DP1] = N * H; f.n[DZ1] = N * H;
  f.n[DW1] = D * H; f.n[DB1] = H; f.n[DW2] = H * C; f.n[DB2] = C;
  for (int k = 0; k < NG; k++)
    f.v[k] = malloc (f.n[k] * sizeof (double));
  numdiff_mat (P, P->cache->z2, loss_from_z2, f.v[DZ2]);
  numdiff_mat (P, P->cache->p1, loss_from_p1, f.v[DP1]);
  numdiff_mat (P, P->cache->z1, loss_from_z1, f.v[DZ1]);
  double *t = malloc ((D * H + H + H * C + C) * sizeof *t);
  numdiff_theta (P, t);
  memcpy (f.v[DW1], t, D * H * sizeof *t);
  memcpy (f.v[DB1], t + D * H, H * sizeof *t);
  memcpy (f.v[DW2], t + D * H + H, H * C * sizeof *t);
  memcpy (f.v[DB2], t + D * H + H + H * C, C * sizeof *t);
  free (t);
  return f;
}

/* ---------------------------------------------------------------- */
/* The rules, applied to the student's own upstream (s).            */

static flat
local (const problem *P, const flat *s)
{
  flat f;
  size_t N = P->N, D = P->D, H = P->H, C = P->C;
  f.n[DZ2] = N * C; f.n[DP1] = N * H; f.n[DZ1] = N * H;
  f.n[DW1] = D * H; f.n[DB1] = H; f.n[DW2] = H * C; f.n[DB2] = C;
  for (int k = 0; k < NG; k++)
    f.v[k] = calloc (f.n[k], sizeof (double));
  const double *dz2 = s->v[DZ2], *dp1 = s->v[DP1], *dz1 = s->v[DZ1];
  for (size_t i = 0; i < N; i++)
    for (size_t c = 0; c < C; c++)
      f.v[DZ2][i * C + c] = (gsl_matrix_get (P->cache->prob, i, c)
                             - (P->y[i] == c ? 1.0 : 0.0)) / (double) N;
  for (size_t h = 0; h < H; h++)
    for (size_t c = 0; c < C; c++)
      {
        double a = 2 * P->reg * gsl_matrix_get (P->net->W2, h, c);
        for (size_t i = 0; i < N; i++)
          a += gsl_matrix_get (P->cache->p1, i, h) * dz2[i * C + c];
        f.v[DW2][h * C + c] = a;
      }
  for (size_t c = 0; c < C; c++)
    for (size_t i = 0; i < N; i++)
      f.v[DB2][c] += dz2[i * C + c];
  for (size_t i = 0; i < N; i++)
    for (size_t h = 0; h < H; h++)
      {
        double a = 0;
        for (size_t c = 0; c < C; c++)
          a += dz2[i * C + c] * gsl_matrix_get (P->net->W2, h, c);
        f.v[DP1][i * H + h] = a;
      }
  for (size_t i = 0; i < N; i++)
    for (size_t h = 0; h < H; h++)
      f.v[DZ1][i * H + h] = gsl_matrix_get (P->cache->z1, i, h) > 0
        ? dp1[i * H + h] : 0.0;
  for (size_t d = 0; d < D; d++)
    for (size_t h = 0; h < H; h++)
      {
        double a = 2 * P->reg * gsl_matrix_get (P->net->W1, d, h);
        for (size_t i = 0; i < N; i++)
          a += gsl_matrix_get (P->X, i, d) * dz1[i * H + h];
        f.v[DW1][d * H + h] = a;
      }
  for (size_t h = 0; h < H; h++)
    for (size_t i = 0; i < N; i++)
      f.v[DB1][h] += dz1[i * H + h];
  return f;
}

static double
relerr (const double *a, const double *b, size_t n)
{
  double d = 0, s = 0;
  for (size_t i = 0; i < n; i++)
    {
      if (!isfinite (a[i]) || !isfinite (b[i]))
        return INFINITY;
      d = fmax (d, fabs (a[i] - b[i]));
      s = fmax (s, fmax (fabs (a[i]), fabs (b[i])));
    }
  return s > 0 ? d / s : 0.0;
}

static void
flat_free (flat *f)
{
  for (int k = 0; k < NG; k++)
    free (f->v[k]);
}

static void
garbage (bp_grads *g, gsl_rng *r)
{
  gsl_matrix *ms[] = { g->dz2, g->dp1, g->dz1 };
  for (int k = 0; k < 3; k++)
    for (size_t i = 0; i < ms[k]->size1; i++)
      for (size_t j = 0; j < ms[k]->size2; j++)
        gsl_matrix_set (ms[k], i, j, 300.0 + 100.0 * gsl_rng_uniform (r));
  for (size_t k = 0; k < g->dtheta->size; k++)
    gsl_vector_set (g->dtheta, k, -200.0 - 100.0 * gsl_rng_uniform (r));
  g->present = 0;
}

/* ---------------------------------------------------------------- */

/* Judge one .so; runs in a child.  Prints its block. */
static int
judge (const char *path)
{
  const char *base = strrchr (path, '/');
  base = base ? base + 1 : path;
  void *h = dlopen (path, RTLD_NOW | RTLD_LOCAL);
  if (!h)
    {
      printf ("%s: cannot load: %s\n", base, dlerror ());
      return 2;
    }
  bw_fn *fn = (bw_fn *) dlsym (h, "backward");
  if (!fn)
    {
      printf ("%s: no symbol backward\n", base);
      return 2;
    }

  static const size_t cfg[2][4] = { { 7, 5, 10, 3 }, { 9, 6, 8, 4 } };
  int root[NG] = { 0 }, inh[NG] = { 0 }, changed[NG] = { 0 };
  int root2[NG] = { 0 };
  double worst_num[NG] = { 0 }, worst_loc[NG] = { 0 };
  int runs = 0;

  for (unsigned long seed = 1; seed <= 2; seed++)
    for (int c = 0; c < 2; c++)
      {
        size_t N = cfg[c][0], D = cfg[c][1], H = cfg[c][2], C = cfg[c][3];
        problem *P = problem_new (seed, N, D, H, C);
        flat num = numeric (P);
        bp_grads *g = grads_new (N, D, H, C);
        gsl_rng *r = gsl_rng_alloc (gsl_rng_mt19937);
        gsl_rng_set (r, seed + 100 * c);
        garbage (g, r);
        int rc = fn (P->net, P->X, P->y, P->reg, P->cache, g);
        if (rc != 0)
          printf ("  %s %zu-%zu-%zu N=%zu seed %lu: backward returned %d\n",
                  base, D, H, C, N, seed, rc);
        if (g->present != BP_GRADS_ALL)
          printf ("  %s: present = %#x, not all seven\n", base, g->present);
        flat s1 = flat_of (g);
        flat loc = local (P, &s1);
        for (int k = 0; k < NG; k++)
          {
            double en = relerr (s1.v[k], num.v[k], num.n[k]);
            double el = relerr (s1.v[k], loc.v[k], loc.n[k]);
            worst_num[k] = fmax (worst_num[k], en);
            worst_loc[k] = fmax (worst_loc[k], el);
            if (en >= TOL)
              {
                if (el >= TOL)
                  root[k]++;
                else
                  inh[k]++;
              }
          }
        /* second call over the first call's outputs */
        rc = fn (P->net, P->X, P->y, P->reg, P->cache, g);
        flat s2 = flat_of (g);
        flat loc2 = local (P, &s2);
        for (int k = 0; k < NG; k++)
          {
            if (relerr (s1.v[k], s2.v[k], s1.n[k]) > 1e-12)
              changed[k] = 1;
            if (relerr (s2.v[k], num.v[k], num.n[k]) >= TOL
                && relerr (s2.v[k], loc2.v[k], loc2.n[k]) >= TOL)
              root2[k]++;
          }
        flat_free (&s1); flat_free (&s2); flat_free (&loc);
        flat_free (&loc2); flat_free (&num);
        gsl_rng_free (r);
        runs++;
      }

  printf ("%s\n", base);
  for (int k = 0; k < NG; k++)
    printf ("    %-4s  vs numeric %-9.2e  vs own rule on student's upstream %-9.2e  %s\n",
            gname[k], worst_num[k], worst_loc[k],
            root[k] ? "ROOT" : inh[k] ? "inherited" : "ok");
  char line[512] = "", inl[256] = "", chg[256] = "";
  int nroot = 0, ninh = 0, nchg = 0;
  for (int k = 0; k < NG; k++)
    {
      if (root[k])
        {
          strcat (line, nroot++ ? "," : "");
          strcat (line, gname[k]);
          if (root[k] != runs)
            printf ("    note: %s root in %d of %d runs only\n", gname[k],
                    root[k], runs);
        }
      else if (inh[k])
        {
          strcat (inl, ninh++ ? "," : "");
          strcat (inl, gname[k]);
        }
      if (root2[k] && !root[k])
        printf ("    note: %s a root on the second call only\n", gname[k]);
      if (changed[k])
        {
          strcat (chg, nchg++ ? "," : "");
          strcat (chg, gname[k]);
        }
    }
  printf ("%s: local: %s   inherited: %s   second-call: %s%s%s\n", base,
          nroot ? line : "-", ninh ? inl : "-", nchg ? "changed(" : "same",
          nchg ? chg : "", nchg ? ")" : "");
  fflush (stdout);
  return 0;
}

int
main (int argc, char **argv)
{
  if (argc < 2)
    {
      fprintf (stderr, "usage: %s FILE.so ...\n", argv[0]);
      return 2;
    }
  for (int i = 1; i < argc; i++)
    {
      fflush (stdout);
      pid_t pid = fork ();
      if (pid == 0)
        {
          alarm (60);
          _exit (judge (argv[i]));
        }
      int st;
      waitpid (pid, &st, 0);
      if (WIFSIGNALED (st))
        printf ("%s: crashed (signal %d)\n", argv[i], WTERMSIG (st));
    }
  return 0;
}
