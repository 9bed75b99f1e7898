/* label.c -- measure the labels of the c6 student files, independently of
 * libbackprop (GSL and libdl only).
 *
 *   cc -O1 -I/work/wtc6/src $(pkg-config --cflags gsl) -o label label.c \
 *      $(pkg-config --libs gsl) -ldl
 *   ./label OUT/s01_numpy_ok.so ...
 *
 * Each .so runs on 2 seeds x 2 sizes (5-10-3 batch 7, 4-6-5 batch 9), first
 * with garbage in g, then again with the first call's results left in g.
 * Every gradient is compared with centred differences of the loss (global)
 * and with its own rule given the student's own upstream gradient (local).
 * Prints: file, correct, root (first locally broken gradient in backprop
 * order, or -), the locally broken ones, the globally wrong ones. */
#include <dlfcn.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <gsl/gsl_rng.h>
#include <gsl/gsl_randist.h>
#include "backprop/grads.h"

static const char *names[7] = { "dz2", "dW2", "db2", "dp1", "dz1", "dW1", "db1" };

static bp_net *
net_alloc (size_t D, size_t H, size_t C)
{
  bp_net *n = calloc (1, sizeof *n);
  n->D = D; n->H = H; n->C = C;
  n->theta = gsl_vector_calloc (D * H + H + H * C + C);
  double *p = n->theta->data;
  n->W1_view = gsl_matrix_view_array (p, D, H); p += D * H;
  n->b1_view = gsl_vector_view_array (p, H); p += H;
  n->W2_view = gsl_matrix_view_array (p, H, C); p += H * C;
  n->b2_view = gsl_vector_view_array (p, C);
  n->W1 = &n->W1_view.matrix; n->b1 = &n->b1_view.vector;
  n->W2 = &n->W2_view.matrix; n->b2 = &n->b2_view.vector;
  return n;
}

static bp_grads *
grads_alloc (size_t N, size_t D, size_t H, size_t C)
{
  bp_grads *g = calloc (1, sizeof *g);
  g->N = N; g->D = D; g->H = H; g->C = C;
  g->dz2 = gsl_matrix_alloc (N, C);
  g->dp1 = gsl_matrix_alloc (N, H);
  g->dz1 = gsl_matrix_alloc (N, H);
  g->dtheta = gsl_vector_alloc (D * H + H + H * C + C);
  double *p = g->dtheta->data;
  g->dW1_view = gsl_matrix_view_array (p, D, H); p += D * H;
  g->db1_view = gsl_vector_view_array (p, H); p += H;
  g->dW2_view = gsl_matrix_view_array (p, H, C); p += H * C;
  g->db2_view = gsl_vector_view_array (p, C);
  g->dW1 = &g->dW1_view.matrix; g->db1 = &g->db1_view.vector;
  g->dW2 = &g->dW2_view.matrix; g->db2 = &g->db2_view.vector;
  return g;
}

static bp_cache *
cache_alloc (size_t N, size_t H, size_t C)
{
  bp_cache *c = calloc (1, sizeof *c);
  c->N = N; c->H = H; c->C = C;
  c->z1 = gsl_matrix_alloc (N, H); c->p1 = gsl_matrix_alloc (N, H);
  c->z2 = gsl_matrix_alloc (N, C); c->prob = gsl_matrix_alloc (N, C);
  return c;
}

/* Problem state: everything as plain row-major arrays too. */
typedef struct {
  size_t N, D, H, C;
  double reg;
  bp_net *net;
  gsl_matrix *X;
  size_t *y;
  bp_cache *cache;
} prob_t;

#define G(A, i, j) gsl_matrix_get ((A), (i), (j))
#define S(A, i, j, v) gsl_matrix_set ((A), (i), (j), (v))

static double
reg_loss (const prob_t *P)
{
  double s = 0;
  for (size_t i = 0; i < P->D; i++)
    for (size_t j = 0; j < P->H; j++) s += G (P->net->W1, i, j) * G (P->net->W1, i, j);
  for (size_t i = 0; i < P->H; i++)
    for (size_t j = 0; j < P->C; j++) s += G (P->net->W2, i, j) * G (P->net->W2, i, j);
  return P->reg * s;
}

/* forward from stage: 0 from X, 1 from z1, 2 from p1, 3 from z2; returns loss */
static double
forward (prob_t *P, int from)
{
  bp_net *n = P->net; bp_cache *c = P->cache;
  size_t N = P->N, D = P->D, H = P->H, C = P->C;
  if (from <= 0)
    for (size_t i = 0; i < N; i++)
      for (size_t j = 0; j < H; j++)
        {
          double s = gsl_vector_get (n->b1, j);
          for (size_t k = 0; k < D; k++) s += G (P->X, i, k) * G (n->W1, k, j);
          S (c->z1, i, j, s);
        }
  if (from <= 1)
    for (size_t i = 0; i < N; i++)
      for (size_t j = 0; j < H; j++)
        S (c->p1, i, j, G (c->z1, i, j) > 0 ? G (c->z1, i, j) : 0);
  if (from <= 2)
    for (size_t i = 0; i < N; i++)
      for (size_t j = 0; j < C; j++)
        {
          double s = gsl_vector_get (n->b2, j);
          for (size_t k = 0; k < H; k++) s += G (c->p1, i, k) * G (n->W2, k, j);
          S (c->z2, i, j, s);
        }
  double L = 0;
  for (size_t i = 0; i < N; i++)
    {
      double m = G (c->z2, i, 0), z = 0;
      for (size_t j = 1; j < C; j++) if (G (c->z2, i, j) > m) m = G (c->z2, i, j);
      for (size_t j = 0; j < C; j++) z += exp (G (c->z2, i, j) - m);
      for (size_t j = 0; j < C; j++) S (c->prob, i, j, exp (G (c->z2, i, j) - m) / z);
      L += -(G (c->z2, i, P->y[i]) - m - log (z));
    }
  return L / N + reg_loss (P);
}

/* numerical gradient of the loss w.r.t. the entries of buffer x (len n),
 * re-running the forward from stage `from` */
static void
numgrad (prob_t *P, double *x, size_t n, size_t stride, int from, double *out)
{
  const double h = 1e-5;
  for (size_t i = 0; i < n; i++)
    {
      double *e = x + i * stride, old = *e;
      *e = old + h; double lp = forward (P, from);
      *e = old - h; double lm = forward (P, from);
      *e = old;
      out[i] = (lp - lm) / (2 * h);
    }
  forward (P, 0);
}

static double
relerr (const double *a, const double *b, size_t n)
{
  double num = 0, den = 0;
  for (size_t i = 0; i < n; i++)
    {
      if (!isfinite (a[i])) return INFINITY;
      double d = fabs (a[i] - b[i]);
      if (d > num) num = d;
      double s = fabs (a[i]) + fabs (b[i]);
      if (s > den) den = s;
    }
  return num / (den > 1e-8 ? den : 1e-8);
}

/* copy a gradient into a flat array */
static size_t
flat (bp_grads *g, int id, double *out)
{
  size_t k = 0;
  if (id == 2 || id == 6)
    {
      gsl_vector *v = id == 2 ? g->db2 : g->db1;
      for (size_t i = 0; i < v->size; i++) out[k++] = gsl_vector_get (v, i);
      return k;
    }
  gsl_matrix *m = id == 0 ? g->dz2 : id == 1 ? g->dW2 : id == 3 ? g->dp1
                : id == 4 ? g->dz1 : g->dW1;
  for (size_t i = 0; i < m->size1; i++)
    for (size_t j = 0; j < m->size2; j++) out[k++] = G (m, i, j);
  return k;
}

/* local rule of gradient id given the student's own upstream */
static void
local_rule (prob_t *P, bp_grads *g, int id, double *out)
{
  bp_cache *c = P->cache; bp_net *n = P->net;
  size_t N = P->N, D = P->D, H = P->H, C = P->C, k = 0;
  switch (id)
    {
    case 0:
      for (size_t i = 0; i < N; i++)
        for (size_t j = 0; j < C; j++)
          out[k++] = (G (c->prob, i, j) - (j == P->y[i])) / N;
      break;
    case 1:
      for (size_t a = 0; a < H; a++)
        for (size_t b = 0; b < C; b++)
          {
            double s = 2 * P->reg * G (n->W2, a, b);
            for (size_t i = 0; i < N; i++) s += G (c->p1, i, a) * G (g->dz2, i, b);
            out[k++] = s;
          }
      break;
    case 2:
      for (size_t b = 0; b < C; b++)
        {
          double s = 0;
          for (size_t i = 0; i < N; i++) s += G (g->dz2, i, b);
          out[k++] = s;
        }
      break;
    case 3:
      for (size_t i = 0; i < N; i++)
        for (size_t a = 0; a < H; a++)
          {
            double s = 0;
            for (size_t b = 0; b < C; b++) s += G (g->dz2, i, b) * G (n->W2, a, b);
            out[k++] = s;
          }
      break;
    case 4:
      for (size_t i = 0; i < N; i++)
        for (size_t a = 0; a < H; a++)
          out[k++] = G (c->z1, i, a) > 0 ? G (g->dp1, i, a) : 0;
      break;
    case 5:
      for (size_t d = 0; d < D; d++)
        for (size_t a = 0; a < H; a++)
          {
            double s = 2 * P->reg * G (n->W1, d, a);
            for (size_t i = 0; i < N; i++) s += G (P->X, i, d) * G (g->dz1, i, a);
            out[k++] = s;
          }
      break;
    case 6:
      for (size_t a = 0; a < H; a++)
        {
          double s = 0;
          for (size_t i = 0; i < N; i++) s += G (g->dz1, i, a);
          out[k++] = s;
        }
      break;
    }
}

static void
global_num (prob_t *P, int id, double *out)
{
  bp_cache *c = P->cache; bp_net *n = P->net;
  switch (id)
    {
    case 0: numgrad (P, c->z2->data, P->N * P->C, 1, 3, out); break;
    case 1: numgrad (P, n->W2->data, P->H * P->C, 1, 2, out); break;
    case 2: numgrad (P, n->b2->data, P->C, 1, 2, out); break;
    case 3: numgrad (P, c->p1->data, P->N * P->H, 1, 2, out); break;
    case 4: numgrad (P, c->z1->data, P->N * P->H, 1, 1, out); break;
    case 5: numgrad (P, n->W1->data, P->D * P->H, 1, 0, out); break;
    case 6: numgrad (P, n->b1->data, P->H, 1, 0, out); break;
    }
}

int
main (int argc, char **argv)
{
  static const size_t sizes[2][4] = { { 5, 10, 3, 7 }, { 4, 6, 5, 9 } };
  static const unsigned long seeds[2] = { 1, 7 };
  double *a = malloc (4096 * sizeof *a), *b = malloc (4096 * sizeof *b);
  int verbose = getenv ("LABEL_VERBOSE") != NULL;

  printf ("file\tcorrect\troot\tlocal_broken\tglobal_wrong\n");
  for (int f = 1; f < argc; f++)
    {
      void *h = dlopen (argv[f], RTLD_NOW | RTLD_LOCAL);
      if (!h) { fprintf (stderr, "%s\n", dlerror ()); return 2; }
      bp_backward_fn *fn = (bp_backward_fn *) dlsym (h, "backward");
      unsigned local_bad = 0, global_bad = 0;
      for (int si = 0; si < 2; si++)
        for (int ri = 0; ri < 2; ri++)
          {
            prob_t P = { sizes[si][3], sizes[si][0], sizes[si][1], sizes[si][2],
                         0.05, NULL, NULL, NULL, NULL };
            gsl_rng *r = gsl_rng_alloc (gsl_rng_mt19937);
            gsl_rng_set (r, seeds[ri]);
            P.net = net_alloc (P.D, P.H, P.C);
            for (size_t i = 0; i < P.net->theta->size; i++)
              gsl_vector_set (P.net->theta, i, gsl_ran_gaussian (r, 0.5));
            P.X = gsl_matrix_alloc (P.N, P.D);
            for (size_t i = 0; i < P.N * P.D; i++) P.X->data[i] = gsl_ran_gaussian (r, 1.0);
            P.y = malloc (P.N * sizeof *P.y);
            for (size_t i = 0; i < P.N; i++) P.y[i] = gsl_rng_uniform_int (r, P.C);
            P.cache = cache_alloc (P.N, P.H, P.C);
            forward (&P, 0);
            bp_grads *g = grads_alloc (P.N, P.D, P.H, P.C);
            for (size_t i = 0; i < P.N * P.C; i++) g->dz2->data[i] = gsl_ran_gaussian (r, 3);
            for (size_t i = 0; i < P.N * P.H; i++) g->dp1->data[i] = gsl_ran_gaussian (r, 3);
            for (size_t i = 0; i < P.N * P.H; i++) g->dz1->data[i] = gsl_ran_gaussian (r, 3);
            for (size_t i = 0; i < g->dtheta->size; i++) g->dtheta->data[i] = gsl_ran_gaussian (r, 3);
            for (int call = 0; call < 2; call++)
              {
                g->present = 0;
                int rc = fn (P.net, P.X, P.y, P.reg, P.cache, g);
                if (rc) { local_bad |= 1; global_bad |= 1; continue; }
                for (int id = 0; id < 7; id++)
                  {
                    size_t n = flat (g, id, a);
                    local_rule (&P, g, id, b);
                    double el = relerr (a, b, n);
                    global_num (&P, id, b);
                    double eg = relerr (a, b, n);
                    if (el > 1e-6) local_bad |= 1u << id;
                    if (eg > 1e-6) global_bad |= 1u << id;
                    if (verbose)
                      fprintf (stderr, "%s size%d seed%lu call%d %s local %.1e global %.1e\n",
                               argv[f], si, seeds[ri], call, names[id], el, eg);
                  }
              }
            gsl_rng_free (r);
          }
      const char *base = strrchr (argv[f], '/');
      base = base ? base + 1 : argv[f];
      int root = -1;
      for (int id = 0; id < 7; id++) if (local_bad & (1u << id)) { root = id; break; }
      printf ("%s\t%s\t%s\t", base, global_bad ? "no" : "yes",
              root < 0 ? "-" : names[root]);
      int first = 1;
      for (int id = 0; id < 7; id++)
        if (local_bad & (1u << id)) { printf ("%s%s", first ? "" : ",", names[id]); first = 0; }
      if (first) printf ("-");
      printf ("\t");
      first = 1;
      for (int id = 0; id < 7; id++)
        if (global_bad & (1u << id)) { printf ("%s%s", first ? "" : ",", names[id]); first = 0; }
      if (first) printf ("-");
      printf ("\n");
    }
  return 0;
}
