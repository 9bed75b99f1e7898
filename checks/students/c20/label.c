/* label.c -- independent labeller for the c20 set.
 *
 * For each student .so given on the command line: build random two-layer
 * nets, fill the gradients with garbage, call the student's backward(),
 * and judge each of the seven gradients
 *   (a) against centred differences of the loss (with respect to z2, p1,
 *       z1 for the intermediate gradients), and
 *   (b) against this file's own rule applied to the student's OWN upstream
 *       gradient (dW2 = p1' dz2 + 2 reg W2 with the student's dz2, ...).
 * A gradient wrong by (b) is a root ("local"); wrong by (a) only, it is
 * inherited.  A second call over the first call's outputs must give the
 * same result.  Only GSL and libdl; the backprop headers give the struct
 * layouts, no backprop code is linked.
 *
 *   cc -O2 -I../../../src $(pkg-config --cflags gsl) -o label label.c \
 *      $(pkg-config --libs gsl) -ldl -lm
 *   ./label OUTDIR/s*.so
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <math.h>
#include <dlfcn.h>
#include <gsl/gsl_rng.h>
#include <gsl/gsl_randist.h>
#include "backprop/net.h"
#include "backprop/grads.h"

typedef int bfn (const bp_net *, const gsl_matrix *, const size_t *, double,
                 const bp_cache *, bp_grads *);

static const char *NAMES[7] = { "dz2", "dW2", "db2", "dp1", "dz1", "dW1", "db1" };

/* ---- the mathematics, written here ---- */

static double
loss_from_z2 (const gsl_matrix *z2, const size_t *y)
{
  size_t N = z2->size1, C = z2->size2;
  double L = 0;
  for (size_t i = 0; i < N; i++)
    {
      double m = -INFINITY, s = 0;
      for (size_t c = 0; c < C; c++)
        if (gsl_matrix_get (z2, i, c) > m) m = gsl_matrix_get (z2, i, c);
      for (size_t c = 0; c < C; c++)
        s += exp (gsl_matrix_get (z2, i, c) - m);
      L += -(gsl_matrix_get (z2, i, y[i]) - m - log (s));
    }
  return L / N;
}

static double
frob2 (const gsl_matrix *W)
{
  double s = 0;
  for (size_t i = 0; i < W->size1; i++)
    for (size_t j = 0; j < W->size2; j++)
      s += gsl_matrix_get (W, i, j) * gsl_matrix_get (W, i, j);
  return s;
}

/* z = A W + b */
static void
affine (const gsl_matrix *A, const gsl_matrix *W, const gsl_vector *b, gsl_matrix *Z)
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

typedef struct {
  gsl_matrix *W1, *W2, *X; gsl_vector *b1, *b2; size_t *y; double reg;
  size_t N, D, H, C;
} prob_t;

/* loss from stage: 0 = from X, 1 = from given z1, 2 = from given p1, 3 = from z2 */
static double
loss_stage (const prob_t *P, int stage, const gsl_matrix *in)
{
  gsl_matrix *z1 = gsl_matrix_alloc (P->N, P->H), *p1 = gsl_matrix_alloc (P->N, P->H);
  gsl_matrix *z2 = gsl_matrix_alloc (P->N, P->C);
  if (stage == 0) affine (P->X, P->W1, P->b1, z1);
  else if (stage == 1) gsl_matrix_memcpy (z1, in);
  if (stage <= 1)
    for (size_t i = 0; i < P->N; i++)
      for (size_t j = 0; j < P->H; j++)
        gsl_matrix_set (p1, i, j, fmax (0.0, gsl_matrix_get (z1, i, j)));
  else if (stage == 2) gsl_matrix_memcpy (p1, in);
  if (stage <= 2) affine (p1, P->W2, P->b2, z2);
  else gsl_matrix_memcpy (z2, in);
  double L = loss_from_z2 (z2, P->y) + P->reg * (frob2 (P->W1) + frob2 (P->W2));
  gsl_matrix_free (z1); gsl_matrix_free (p1); gsl_matrix_free (z2);
  return L;
}

/* centred difference of loss_stage(stage, in) w.r.t. every entry of M (which is
 * either `in` or a parameter of P); result in G. */
static void
numgrad (const prob_t *P, int stage, gsl_matrix *in, gsl_matrix *M, gsl_matrix *G)
{
  const double h = 1e-5;
  for (size_t i = 0; i < M->size1; i++)
    for (size_t j = 0; j < M->size2; j++)
      {
        double v = gsl_matrix_get (M, i, j);
        gsl_matrix_set (M, i, j, v + h);
        double lp = loss_stage (P, stage, in);
        gsl_matrix_set (M, i, j, v - h);
        double lm = loss_stage (P, stage, in);
        gsl_matrix_set (M, i, j, v);
        gsl_matrix_set (G, i, j, (lp - lm) / (2 * h));
      }
}

static double
relerr (const gsl_matrix *A, const gsl_matrix *B)
{
  double d = 0, a = 0;
  for (size_t i = 0; i < A->size1; i++)
    for (size_t j = 0; j < A->size2; j++)
      {
        double x = gsl_matrix_get (A, i, j), z = gsl_matrix_get (B, i, j);
        if (!isfinite (x)) return INFINITY;
        d = fmax (d, fabs (x - z));
        a = fmax (a, fmax (fabs (x), fabs (z)));
      }
  return d / fmax (a, 1e-12);
}

/* C = op(A) op(B) by loops; ta/tb transpose flags */
static void
mm (int ta, const gsl_matrix *A, int tb, const gsl_matrix *B, gsl_matrix *Cm)
{
  size_t K = ta ? A->size1 : A->size2;
  for (size_t i = 0; i < Cm->size1; i++)
    for (size_t j = 0; j < Cm->size2; j++)
      {
        double s = 0;
        for (size_t k = 0; k < K; k++)
          s += (ta ? gsl_matrix_get (A, k, i) : gsl_matrix_get (A, i, k))
             * (tb ? gsl_matrix_get (B, j, k) : gsl_matrix_get (B, k, j));
        gsl_matrix_set (Cm, i, j, s);
      }
}

static void
colsum (const gsl_matrix *A, gsl_matrix *row)
{
  for (size_t j = 0; j < A->size2; j++)
    {
      double s = 0;
      for (size_t i = 0; i < A->size1; i++) s += gsl_matrix_get (A, i, j);
      gsl_matrix_set (row, 0, j, s);
    }
}

/* ---- structs the student sees ---- */

static bp_net *
mk_net (size_t D, size_t H, size_t C, gsl_rng *r)
{
  bp_net *n = calloc (1, sizeof *n);
  n->D = D; n->H = H; n->C = C;
  n->theta = gsl_vector_alloc (D * H + H + H * C + C);
  double *t = n->theta->data;
  for (size_t k = 0; k < n->theta->size; k++) t[k] = gsl_ran_gaussian (r, 0.5);
  n->W1_view = gsl_matrix_view_array (t, D, H);
  n->b1_view = gsl_vector_view_array (t + D * H, H);
  n->W2_view = gsl_matrix_view_array (t + D * H + H, H, C);
  n->b2_view = gsl_vector_view_array (t + D * H + H + H * C, C);
  n->W1 = &n->W1_view.matrix; n->b1 = &n->b1_view.vector;
  n->W2 = &n->W2_view.matrix; n->b2 = &n->b2_view.vector;
  return n;
}

static bp_grads *
mk_grads (size_t N, size_t D, size_t H, size_t C)
{
  bp_grads *g = calloc (1, sizeof *g);
  g->N = N; g->D = D; g->H = H; g->C = C;
  g->dz2 = gsl_matrix_alloc (N, C);
  g->dp1 = gsl_matrix_alloc (N, H);
  g->dz1 = gsl_matrix_alloc (N, H);
  g->dtheta = gsl_vector_alloc (D * H + H + H * C + C);
  double *t = g->dtheta->data;
  g->dW1_view = gsl_matrix_view_array (t, D, H);
  g->db1_view = gsl_vector_view_array (t + D * H, H);
  g->dW2_view = gsl_matrix_view_array (t + D * H + H, H, C);
  g->db2_view = gsl_vector_view_array (t + D * H + H + H * C, C);
  g->dW1 = &g->dW1_view.matrix; g->db1 = &g->db1_view.vector;
  g->dW2 = &g->dW2_view.matrix; g->db2 = &g->db2_view.vector;
  g->present = BP_GRADS_ALL;
  return g;
}

static gsl_matrix
rowof (gsl_vector *v)
{
  gsl_matrix m = { 1, v->size, v->size, v->data, NULL, 0 };
  return m;
}

static void
garbage (gsl_matrix *m, gsl_rng *r)
{
  for (size_t i = 0; i < m->size1; i++)
    for (size_t j = 0; j < m->size2; j++)
      gsl_matrix_set (m, i, j, gsl_ran_gaussian (r, 100.0));
}

/* snapshot of all seven as matrices */
static void
views (bp_grads *g, gsl_matrix out[7])
{
  out[0] = *g->dz2; out[1] = *g->dW2; out[2] = rowof (g->db2); out[3] = *g->dp1;
  out[4] = *g->dz1; out[5] = *g->dW1; out[6] = rowof (g->db1);
}

#define TOL 1e-6

/* run one configuration; or-in bitmasks of local roots, numerically wrong,
 * and changed-on-second-call */
static int
run (bfn *f, size_t D, size_t H, size_t C, size_t N, unsigned long seed,
     unsigned *loc, unsigned *num, unsigned *chg, double errs[7])
{
  gsl_rng *r = gsl_rng_alloc (gsl_rng_mt19937);
  gsl_rng_set (r, seed);
  bp_net *net = mk_net (D, H, C, r);
  gsl_matrix *X = gsl_matrix_alloc (N, D);
  for (size_t i = 0; i < N; i++)
    for (size_t j = 0; j < D; j++) gsl_matrix_set (X, i, j, gsl_ran_gaussian (r, 1.0));
  size_t *y = malloc (N * sizeof *y);
  for (size_t i = 0; i < N; i++) y[i] = gsl_rng_uniform_int (r, C);
  double reg = 0.1;
  prob_t P = { net->W1, net->W2, X, net->b1, net->b2, y, reg, N, D, H, C };

  bp_cache cache = { N, H, C, gsl_matrix_alloc (N, H), gsl_matrix_alloc (N, H),
                     gsl_matrix_alloc (N, C), gsl_matrix_alloc (N, C) };
  affine (X, net->W1, net->b1, cache.z1);
  for (size_t i = 0; i < N; i++)
    for (size_t j = 0; j < H; j++)
      gsl_matrix_set (cache.p1, i, j, fmax (0.0, gsl_matrix_get (cache.z1, i, j)));
  affine (cache.p1, net->W2, net->b2, cache.z2);
  for (size_t i = 0; i < N; i++)
    {
      double m = -INFINITY, s = 0;
      for (size_t c = 0; c < C; c++) m = fmax (m, gsl_matrix_get (cache.z2, i, c));
      for (size_t c = 0; c < C; c++) s += exp (gsl_matrix_get (cache.z2, i, c) - m);
      for (size_t c = 0; c < C; c++)
        gsl_matrix_set (cache.prob, i, c, exp (gsl_matrix_get (cache.z2, i, c) - m) / s);
    }

  /* numerical gradients */
  gsl_matrix *ng[7];
  ng[0] = gsl_matrix_alloc (N, C); ng[1] = gsl_matrix_alloc (H, C); ng[2] = gsl_matrix_alloc (1, C);
  ng[3] = gsl_matrix_alloc (N, H); ng[4] = gsl_matrix_alloc (N, H); ng[5] = gsl_matrix_alloc (D, H);
  ng[6] = gsl_matrix_alloc (1, H);
  {
    gsl_matrix *t;
    t = gsl_matrix_alloc (N, C); gsl_matrix_memcpy (t, cache.z2); numgrad (&P, 3, t, t, ng[0]); gsl_matrix_free (t);
    t = gsl_matrix_alloc (N, H); gsl_matrix_memcpy (t, cache.p1); numgrad (&P, 2, t, t, ng[3]); gsl_matrix_free (t);
    t = gsl_matrix_alloc (N, H); gsl_matrix_memcpy (t, cache.z1); numgrad (&P, 1, t, t, ng[4]); gsl_matrix_free (t);
    numgrad (&P, 0, NULL, net->W2, ng[1]);
    numgrad (&P, 0, NULL, net->W1, ng[5]);
    gsl_matrix b2m = rowof (net->b2), b1m = rowof (net->b1);
    numgrad (&P, 0, NULL, &b2m, ng[2]);
    numgrad (&P, 0, NULL, &b1m, ng[6]);
  }

  bp_grads *g = mk_grads (N, D, H, C);
  garbage (g->dz2, r); garbage (g->dp1, r); garbage (g->dz1, r);
  { gsl_matrix t = rowof (g->dtheta); garbage (&t, r); }
  if (f (net, X, y, reg, &cache, g) != 0) { gsl_rng_free (r); return -1; }
  gsl_matrix s[7];
  views (g, s);

  /* local rules on the student's own upstream */
  gsl_matrix *lr[7];
  for (int k = 0; k < 7; k++) lr[k] = gsl_matrix_alloc (ng[k]->size1, ng[k]->size2);
  gsl_matrix_memcpy (lr[0], ng[0]);
  mm (1, cache.p1, 0, &s[0], lr[1]);
  for (size_t i = 0; i < H; i++)
    for (size_t j = 0; j < C; j++)
      gsl_matrix_set (lr[1], i, j, gsl_matrix_get (lr[1], i, j) + 2 * reg * gsl_matrix_get (net->W2, i, j));
  colsum (&s[0], lr[2]);
  mm (0, &s[0], 1, net->W2, lr[3]);
  for (size_t i = 0; i < N; i++)
    for (size_t j = 0; j < H; j++)
      gsl_matrix_set (lr[4], i, j, gsl_matrix_get (cache.z1, i, j) > 0 ? gsl_matrix_get (&s[3], i, j) : 0.0);
  mm (1, X, 0, &s[4], lr[5]);
  for (size_t i = 0; i < D; i++)
    for (size_t j = 0; j < H; j++)
      gsl_matrix_set (lr[5], i, j, gsl_matrix_get (lr[5], i, j) + 2 * reg * gsl_matrix_get (net->W1, i, j));
  colsum (&s[4], lr[6]);

  for (int k = 0; k < 7; k++)
    {
      double en = relerr (&s[k], ng[k]), el = relerr (&s[k], lr[k]);
      if (en > errs[k]) errs[k] = en;
      if (en > TOL) *num |= 1u << k;
      if (el > TOL) *loc |= 1u << k;
    }

  /* second call over the first call's outputs */
  gsl_matrix *first[7];
  for (int k = 0; k < 7; k++)
    { first[k] = gsl_matrix_alloc (s[k].size1, s[k].size2); gsl_matrix_memcpy (first[k], &s[k]); }
  f (net, X, y, reg, &cache, g);
  views (g, s);
  for (int k = 0; k < 7; k++)
    if (relerr (&s[k], first[k]) > 1e-12) *chg |= 1u << k;
  gsl_rng_free (r);
  return 0;                     /* (small leaks: a one-shot tool) */
}

static void
pr (const char *tag, unsigned m)
{
  printf (" %s:", tag);
  int any = 0;
  for (int k = 0; k < 7; k++)
    if (m & (1u << k)) { printf ("%s%s", any ? "," : "", NAMES[k]); any = 1; }
  if (!any) printf ("-");
}

int
main (int argc, char **argv)
{
  gsl_set_error_handler_off ();
  for (int a = 1; a < argc; a++)
    {
      void *h = dlopen (argv[a], RTLD_NOW | RTLD_LOCAL);
      bfn *f = h ? (bfn *) dlsym (h, "backward") : NULL;
      const char *b = strrchr (argv[a], '/'); b = b ? b + 1 : argv[a];
      if (!f) { printf ("%s: cannot load (%s)\n", b, dlerror ()); continue; }
      unsigned loc = 0, num = 0, chg = 0;
      double errs[7] = { 0 };
      size_t cfg[2][4] = { { 5, 10, 3, 7 }, { 6, 8, 4, 9 } };
      for (int c = 0; c < 2; c++)
        for (unsigned long seed = 1; seed <= 2; seed++)
          if (run (f, cfg[c][0], cfg[c][1], cfg[c][2], cfg[c][3], seed * 7919 + c, &loc, &num, &chg, errs))
            printf ("%s: backward returned nonzero\n", b);
      printf ("%s: %s", b, num ? "WRONG" : "correct");
      pr ("local", loc);
      pr ("wrong", num);
      pr ("inherited", num & ~loc);
      pr ("changes-on-2nd-call", chg);
      printf ("  maxrel:");
      for (int k = 0; k < 7; k++) printf (" %.1e", errs[k]);
      printf ("\n");
    }
  return 0;
}
