/* label.c -- measure which gradient of a student's backward pass breaks its
 * own rule.  GSL + libdl only.
 *   cc -O2 -I/work/wtc7/src $(pkg-config --cflags gsl) -o label label.c \
 *      $(pkg-config --libs gsl) -ldl
 *   ./label X.so ...   prints FILE<TAB>roots<TAB>details */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <math.h>
#include <dlfcn.h>
#include <gsl/gsl_rng.h>
#include <gsl/gsl_randist.h>
#include "backprop/net.h"
#include "backprop/grads.h"

static const char *names[7] = { "dz2", "dW2", "db2", "dp1", "dz1", "dW1", "db1" };

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
  n->W1 = &n->W1_view.matrix; n->b1 = &n->b1_view.vector;
  n->W2 = &n->W2_view.matrix; n->b2 = &n->b2_view.vector;
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
  g->dW1 = &g->dW1_view.matrix; g->db1 = &g->db1_view.vector;
  g->dW2 = &g->dW2_view.matrix; g->db2 = &g->db2_view.vector;
  return g;
}

static bp_cache *
cache_new (size_t N, size_t H, size_t C)
{
  bp_cache *c = calloc (1, sizeof *c);
  c->N = N; c->H = H; c->C = C;
  c->z1 = gsl_matrix_calloc (N, H); c->p1 = gsl_matrix_calloc (N, H);
  c->z2 = gsl_matrix_calloc (N, C); c->prob = gsl_matrix_calloc (N, C);
  return c;
}

/* stage 0: from X; 1: from z1; 2: from p1; 3: from z2.  Returns data loss. */
static double
fwd (const bp_net *n, const gsl_matrix *X, const size_t *y, bp_cache *c, int stage)
{
  size_t N = c->N, H = n->H, C = n->C, D = n->D;
  if (stage <= 0)
    for (size_t i = 0; i < N; i++)
      for (size_t j = 0; j < H; j++)
        {
          double s = gsl_vector_get (n->b1, j);
          for (size_t d = 0; d < D; d++)
            s += gsl_matrix_get (X, i, d) * gsl_matrix_get (n->W1, d, j);
          gsl_matrix_set (c->z1, i, j, s);
        }
  if (stage <= 1)
    for (size_t i = 0; i < N; i++)
      for (size_t j = 0; j < H; j++)
        gsl_matrix_set (c->p1, i, j, fmax (0.0, gsl_matrix_get (c->z1, i, j)));
  if (stage <= 2)
    for (size_t i = 0; i < N; i++)
      for (size_t k = 0; k < C; k++)
        {
          double s = gsl_vector_get (n->b2, k);
          for (size_t j = 0; j < H; j++)
            s += gsl_matrix_get (c->p1, i, j) * gsl_matrix_get (n->W2, j, k);
          gsl_matrix_set (c->z2, i, k, s);
        }
  double L = 0;
  for (size_t i = 0; i < N; i++)
    {
      double m = -INFINITY, s = 0;
      for (size_t k = 0; k < C; k++) m = fmax (m, gsl_matrix_get (c->z2, i, k));
      for (size_t k = 0; k < C; k++) s += exp (gsl_matrix_get (c->z2, i, k) - m);
      for (size_t k = 0; k < C; k++)
        gsl_matrix_set (c->prob, i, k, exp (gsl_matrix_get (c->z2, i, k) - m) / s);
      L += -(gsl_matrix_get (c->z2, i, y[i]) - m - log (s));
    }
  return L / N;
}

static double
full_loss (const bp_net *n, const gsl_matrix *X, const size_t *y, bp_cache *c, double reg)
{
  double L = fwd (n, X, y, c, 0), r = 0;
  for (size_t i = 0; i < n->D * n->H; i++) r += n->W1->data[i] * n->W1->data[i];
  for (size_t i = 0; i < n->H * n->C; i++) r += n->W2->data[i] * n->W2->data[i];
  return L + reg * r;
}

static double
relerr (const double *a, const double *b, size_t n)
{
  double num = 0, den = 0;
  for (size_t i = 0; i < n; i++)
    {
      num += (a[i] - b[i]) * (a[i] - b[i]);
      den += a[i] * a[i] + b[i] * b[i];
    }
  if (!isfinite (num)) return INFINITY;
  return den == 0 ? (num == 0 ? 0 : 1) : sqrt (num / den);
}

/* one run: returns bitmask of local-broken and numeric-broken (<<8) */
static unsigned
run (bp_backward_fn *fn, size_t D, size_t H, size_t C, size_t N, unsigned long seed)
{
  gsl_rng *r = gsl_rng_alloc (gsl_rng_mt19937);
  gsl_rng_set (r, seed);
  double reg = 0.1, eps = 1e-6, tol = 1e-5;
  bp_net *n = net_new (D, H, C);
  for (size_t i = 0; i < n->theta->size; i++)
    n->theta->data[i] = gsl_ran_gaussian (r, 0.5);
  gsl_matrix *X = gsl_matrix_alloc (N, D);
  for (size_t i = 0; i < N * D; i++) X->data[i] = gsl_ran_gaussian (r, 1.0);
  size_t *y = malloc (N * sizeof *y);
  for (size_t i = 0; i < N; i++) y[i] = gsl_rng_uniform_int (r, C);
  bp_cache *c = cache_new (N, H, C), *w = cache_new (N, H, C);
  fwd (n, X, y, c, 0);
  bp_grads *g = grads_new (N, D, H, C);
  gsl_matrix *gm[7];
  unsigned bad = 0;
  /* garbage */
  gsl_matrix *all[4] = { g->dz2, g->dp1, g->dz1, NULL };
  for (int a = 0; a < 3; a++)
    for (size_t i = 0; i < all[a]->size1 * all[a]->size2; i++)
      all[a]->data[i] = gsl_ran_gaussian (r, 3.0);
  for (size_t i = 0; i < g->dtheta->size; i++) g->dtheta->data[i] = gsl_ran_gaussian (r, 3.0);

  for (int call = 0; call < 2; call++)
    {
      g->present = 0;
      if (fn (n, X, y, reg, c, g) != 0) { bad |= 0x10000; continue; }
      /* numeric */
      bp_grads *ng = grads_new (N, D, H, C);
      for (size_t i = 0; i < n->theta->size; i++)
        {
          double t = n->theta->data[i];
          n->theta->data[i] = t + eps; double lp = full_loss (n, X, y, w, reg);
          n->theta->data[i] = t - eps; double lm = full_loss (n, X, y, w, reg);
          n->theta->data[i] = t;
          ng->dtheta->data[i] = (lp - lm) / (2 * eps);
        }
      struct { gsl_matrix *src, *dst; int stage; } act[3] = {
        { c->z2, ng->dz2, 3 }, { c->p1, ng->dp1, 2 }, { c->z1, ng->dz1, 1 } };
      for (int a = 0; a < 3; a++)
        for (size_t i = 0; i < act[a].src->size1 * act[a].src->size2; i++)
          {
            fwd (n, X, y, w, 0);
            gsl_matrix *M = act[a].stage == 3 ? w->z2 : act[a].stage == 2 ? w->p1 : w->z1;
            double t = M->data[i];
            M->data[i] = t + eps; double lp = fwd (n, X, y, w, act[a].stage);
            fwd (n, X, y, w, 0);
            M->data[i] = t - eps; double lm = fwd (n, X, y, w, act[a].stage);
            act[a].dst->data[i] = (lp - lm) / (2 * eps);
          }
      /* local rules from the student's upstream */
      bp_grads *lg = grads_new (N, D, H, C);
      gsl_matrix_memcpy (lg->dz2, ng->dz2);
      for (size_t j = 0; j < H; j++)
        for (size_t k = 0; k < C; k++)
          {
            double s = 2 * reg * gsl_matrix_get (n->W2, j, k);
            for (size_t i = 0; i < N; i++)
              s += gsl_matrix_get (c->p1, i, j) * gsl_matrix_get (g->dz2, i, k);
            gsl_matrix_set (lg->dW2, j, k, s);
          }
      for (size_t k = 0; k < C; k++)
        {
          double s = 0;
          for (size_t i = 0; i < N; i++) s += gsl_matrix_get (g->dz2, i, k);
          gsl_vector_set (lg->db2, k, s);
        }
      for (size_t i = 0; i < N; i++)
        for (size_t j = 0; j < H; j++)
          {
            double s = 0;
            for (size_t k = 0; k < C; k++)
              s += gsl_matrix_get (g->dz2, i, k) * gsl_matrix_get (n->W2, j, k);
            gsl_matrix_set (lg->dp1, i, j, s);
            gsl_matrix_set (lg->dz1, i, j, gsl_matrix_get (c->z1, i, j) > 0
                            ? gsl_matrix_get (g->dp1, i, j) : 0);
          }
      for (size_t d = 0; d < D; d++)
        for (size_t j = 0; j < H; j++)
          {
            double s = 2 * reg * gsl_matrix_get (n->W1, d, j);
            for (size_t i = 0; i < N; i++)
              s += gsl_matrix_get (X, i, d) * gsl_matrix_get (g->dz1, i, j);
            gsl_matrix_set (lg->dW1, d, j, s);
          }
      for (size_t j = 0; j < H; j++)
        {
          double s = 0;
          for (size_t i = 0; i < N; i++) s += gsl_matrix_get (g->dz1, i, j);
          gsl_vector_set (lg->db1, j, s);
        }
      bp_grads *G[3] = { g, lg, ng };
      for (int id = 0; id < 7; id++)
        {
          const double *v[3]; size_t len = 0;
          for (int q = 0; q < 3; q++)
            {
              bp_grads *h = G[q];
              switch (id)
                {
                case 0: v[q] = h->dz2->data; len = N * C; break;
                case 1: v[q] = h->dW2->data; len = H * C; break;
                case 2: v[q] = h->db2->data; len = C; break;
                case 3: v[q] = h->dp1->data; len = N * H; break;
                case 4: v[q] = h->dz1->data; len = N * H; break;
                case 5: v[q] = h->dW1->data; len = D * H; break;
                default: v[q] = h->db1->data; len = H; break;
                }
            }
          if (relerr (v[0], v[1], len) > tol) bad |= 1u << id;
          if (relerr (v[0], v[2], len) > tol) bad |= 1u << (id + 8);
        }
      (void) gm;
    }
  gsl_rng_free (r);
  return bad;
}

int
main (int argc, char **argv)
{
  for (int a = 1; a < argc; a++)
    {
      void *h = dlopen (argv[a], RTLD_NOW);
      if (!h) { fprintf (stderr, "%s\n", dlerror ()); return 2; }
      bp_backward_fn *fn = (bp_backward_fn *) dlsym (h, "backward");
      unsigned bad = 0;
      bad |= run (fn, 5, 10, 3, 7, 1);
      bad |= run (fn, 5, 10, 3, 7, 2);
      bad |= run (fn, 6, 8, 4, 9, 1);
      bad |= run (fn, 6, 8, 4, 9, 2);
      const char *b = strrchr (argv[a], '/');
      printf ("%s\tlocal:", b ? b + 1 : argv[a]);
      for (int id = 0; id < 7; id++) if (bad & (1u << id)) printf (" %s", names[id]);
      printf ("\tnumeric:");
      for (int id = 0; id < 7; id++) if (bad & (1u << (id + 8))) printf (" %s", names[id]);
      if (bad & 0x10000) printf ("\tFAILED-CALL");
      printf ("\n");
    }
  return 0;
}
