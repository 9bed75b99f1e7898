/* label.c -- measure a student's backward pass, independently of
 * libbackprop: build a random D-H-C net, run the student's .so twice (first
 * with garbage in g, then with the first call's results left in g), and
 * judge each of the seven gradients globally (centred differences of the
 * loss) and locally (centred differences of <student's upstream, node>).
 * Prints: FILE correct(yes/no) root(first root in backprop order or -)
 * and one status line per run.
 *   cc -O1 -o label label.c $(pkg-config --cflags --libs gsl) -ldl
 *   ./label X.so ...   */
#include <dlfcn.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <gsl/gsl_rng.h>
#include <gsl/gsl_randist.h>
#include "backprop/net.h"
#include "backprop/grads.h"

static const char *names[7] = { "dz2", "dW2", "db2", "dp1", "dz1", "dW1", "db1" };
static size_t N, D, H, C;
static double reg = 0.05;
static double *Xa, *W1a, *b1a, *W2a, *b2a;
static size_t *ya;

/* data loss (mean CE) from z2 */
static double
ce (const double *z2)
{
  double L = 0;
  for (size_t i = 0; i < N; i++)
    {
      double m = z2[i * C];
      for (size_t c = 1; c < C; c++)
        if (z2[i * C + c] > m) m = z2[i * C + c];
      double s = 0;
      for (size_t c = 0; c < C; c++) s += exp (z2[i * C + c] - m);
      L += -(z2[i * C + ya[i]] - m - log (s));
    }
  return L / N;
}
static double
regl (void)
{
  double s = 0;
  for (size_t k = 0; k < D * H; k++) s += W1a[k] * W1a[k];
  for (size_t k = 0; k < H * C; k++) s += W2a[k] * W2a[k];
  return reg * s;
}
static void
z2_from_p1 (const double *p1, double *z2)
{
  for (size_t i = 0; i < N; i++)
    for (size_t c = 0; c < C; c++)
      {
        double s = b2a[c];
        for (size_t h = 0; h < H; h++) s += p1[i * H + h] * W2a[h * C + c];
        z2[i * C + c] = s;
      }
}
static void
z1_from_X (double *z1)
{
  for (size_t i = 0; i < N; i++)
    for (size_t h = 0; h < H; h++)
      {
        double s = b1a[h];
        for (size_t d = 0; d < D; d++) s += Xa[i * D + d] * W1a[d * H + h];
        z1[i * H + h] = s;
      }
}
static double *Z1, *P1, *Z2, *PR;       /* the forward cache */
static double
loss_from (int stage)  /* 0: from params, 1: from z1 (Z1), 2: from p1, 3: from z2 */
{
  double *z1 = malloc (N * H * sizeof *z1), *p1 = malloc (N * H * sizeof *p1);
  double *z2 = malloc (N * C * sizeof *z2), L;
  if (stage == 0) z1_from_X (z1); else memcpy (z1, Z1, N * H * sizeof *z1);
  if (stage <= 1) for (size_t k = 0; k < N * H; k++) p1[k] = z1[k] > 0 ? z1[k] : 0;
  else memcpy (p1, P1, N * H * sizeof *p1);
  if (stage <= 2) z2_from_p1 (p1, z2); else memcpy (z2, Z2, N * C * sizeof *z2);
  L = ce (z2) + regl ();
  free (z1); free (p1); free (z2);
  return L;
}

/* the student's own upstream, for the local functions */
static const double *U;
static double
local_f (int id)
{
  double s = 0;
  switch (id)
    {
    case 1: case 2: case 3:     /* <dz2, p1 W2 + 1 b2'> (+ reg |W2|^2) */
      {
        double *z2 = malloc (N * C * sizeof *z2);
        z2_from_p1 (P1, z2);
        for (size_t k = 0; k < N * C; k++) s += U[k] * z2[k];
        free (z2);
        if (id == 1) for (size_t k = 0; k < H * C; k++) s += reg * W2a[k] * W2a[k];
        return s;
      }
    case 4:                     /* <dp1, relu(z1)> */
      for (size_t k = 0; k < N * H; k++) s += U[k] * (Z1[k] > 0 ? Z1[k] : 0);
      return s;
    default:                    /* <dz1, X W1 + 1 b1'> (+ reg |W1|^2) */
      {
        double *z1 = malloc (N * H * sizeof *z1);
        z1_from_X (z1);
        for (size_t k = 0; k < N * H; k++) s += U[k] * z1[k];
        free (z1);
        if (id == 5) for (size_t k = 0; k < D * H; k++) s += reg * W1a[k] * W1a[k];
        return s;
      }
    }
}

/* the tensor that gradient id differentiates, and its size */
static double *
target (int id, size_t *n)
{
  switch (id)
    {
    case 0: *n = N * C; return Z2;
    case 1: *n = H * C; return W2a;
    case 2: *n = C; return b2a;
    case 3: *n = N * H; return P1;
    case 4: *n = N * H; return Z1;
    case 5: *n = D * H; return W1a;
    default: *n = H; return b1a;
    }
}
static const int gstage[7] = { 3, 0, 0, 2, 1, 0, 0 };

static double
relerr (const double *a, const double *b, size_t n)
{
  double m = 0, s = 0;
  for (size_t k = 0; k < n; k++)
    {
      double d = fabs (a[k] - b[k]);
      if (d > m) m = d;
      if (fabs (a[k]) + fabs (b[k]) > s) s = fabs (a[k]) + fabs (b[k]);
    }
  if (!isfinite (m)) return INFINITY;
  return m / (s > 1e-8 ? s : 1e-8);
}

static void
numgrad (int id, int local, double *out)
{
  size_t n;
  double *t = target (id, &n), h = 1e-5;
  for (size_t k = 0; k < n; k++)
    {
      double old = t[k];
      t[k] = old + h;
      double fp = local ? local_f (id) : loss_from (gstage[id]);
      t[k] = old - h;
      double fm = local ? local_f (id) : loss_from (gstage[id]);
      t[k] = old;
      out[k] = (fp - fm) / (2 * h);
    }
}

static void
m2a (const gsl_matrix *M, double *a)
{
  for (size_t i = 0; i < M->size1; i++)
    for (size_t j = 0; j < M->size2; j++) a[i * M->size2 + j] = gsl_matrix_get (M, i, j);
}
static void
v2a (const gsl_vector *v, double *a)
{
  for (size_t i = 0; i < v->size; i++) a[i] = gsl_vector_get (v, i);
}

/* status letters per gradient for one call: o ok, R root, i inherited */
static void
judge (bp_grads *g, char *st)
{
  double *sg[7];
  size_t n;
  for (int id = 0; id < 7; id++)
    {
      target (id, &n);
      sg[id] = malloc (n * sizeof (double));
    }
  m2a (g->dz2, sg[0]); m2a (g->dW2, sg[1]); v2a (g->db2, sg[2]);
  m2a (g->dp1, sg[3]); m2a (g->dz1, sg[4]); m2a (g->dW1, sg[5]); v2a (g->db1, sg[6]);
  for (int id = 0; id < 7; id++)
    {
      target (id, &n);
      double *num = malloc (n * sizeof *num), eg, el;
      numgrad (id, 0, num);
      eg = relerr (sg[id], num, n);
      if (id == 0)
        el = eg;
      else
        {
          int up = id <= 3 ? 0 : id == 4 ? 3 : 4;
          U = sg[up];
          numgrad (id, 1, num);
          el = relerr (sg[id], num, n);
        }
      st[id] = el > 1e-6 ? 'R' : eg > 1e-6 ? 'i' : 'o';
      free (num);
    }
  for (int id = 0; id < 7; id++) free (sg[id]);
}

int
main (int argc, char **argv)
{
  static const size_t sizes[2][4] = { { 5, 10, 3, 7 }, { 6, 8, 4, 9 } };
  gsl_rng *r = gsl_rng_alloc (gsl_rng_mt19937);
  gsl_set_error_handler_off ();
  for (int f = 1; f < argc; f++)
    {
      void *so = dlopen (argv[f], RTLD_NOW | RTLD_LOCAL);
      bp_backward_fn *fn = so ? (bp_backward_fn *) dlsym (so, "backward") : NULL;
      if (!fn) { printf ("%s\tERROR\t%s\n", argv[f], dlerror ()); continue; }
      char rootst[7] = { 0 };
      int allok = 1;
      char runs[8][16];
      int nr = 0;
      for (int sz = 0; sz < 2; sz++)
        for (unsigned long seed = 1; seed <= 2; seed++)
          {
            D = sizes[sz][0]; H = sizes[sz][1]; C = sizes[sz][2]; N = sizes[sz][3];
            gsl_rng_set (r, seed * 7919 + sz);
            bp_net net;
            net.D = D; net.H = H; net.C = C;
            net.theta = gsl_vector_alloc (D * H + H + H * C + C);
            size_t o = 0;
            net.W1_view = gsl_matrix_view_vector (net.theta, D, H);
            o = D * H;
            net.b1_view = gsl_vector_subvector (net.theta, o, H); o += H;
            net.W2_view = gsl_matrix_view_array (net.theta->data + o, H, C); o += H * C;
            net.b2_view = gsl_vector_subvector (net.theta, o, C);
            net.W1 = &net.W1_view.matrix; net.b1 = &net.b1_view.vector;
            net.W2 = &net.W2_view.matrix; net.b2 = &net.b2_view.vector;
            for (size_t k = 0; k < net.theta->size; k++)
              gsl_vector_set (net.theta, k, gsl_ran_gaussian (r, 0.5));
            gsl_matrix *X = gsl_matrix_alloc (N, D);
            for (size_t k = 0; k < N * D; k++) X->data[k] = gsl_ran_gaussian (r, 1.0);
            size_t *y = malloc (N * sizeof *y);
            for (size_t i = 0; i < N; i++) y[i] = gsl_rng_uniform_int (r, C);
            Xa = X->data; ya = y;
            W1a = net.W1->data; b1a = net.b1->data; W2a = net.W2->data; b2a = net.b2->data;
            /* forward */
            bp_cache cache;
            cache.N = N; cache.H = H; cache.C = C;
            cache.z1 = gsl_matrix_alloc (N, H); cache.p1 = gsl_matrix_alloc (N, H);
            cache.z2 = gsl_matrix_alloc (N, C); cache.prob = gsl_matrix_alloc (N, C);
            Z1 = cache.z1->data; P1 = cache.p1->data; Z2 = cache.z2->data; PR = cache.prob->data;
            z1_from_X (Z1);
            for (size_t k = 0; k < N * H; k++) P1[k] = Z1[k] > 0 ? Z1[k] : 0;
            z2_from_p1 (P1, Z2);
            for (size_t i = 0; i < N; i++)
              {
                double m = Z2[i * C], s = 0;
                for (size_t c = 1; c < C; c++) if (Z2[i * C + c] > m) m = Z2[i * C + c];
                for (size_t c = 0; c < C; c++) s += (PR[i * C + c] = exp (Z2[i * C + c] - m));
                for (size_t c = 0; c < C; c++) PR[i * C + c] /= s;
              }
            /* grads */
            bp_grads g;
            g.N = N; g.D = D; g.H = H; g.C = C;
            g.dtheta = gsl_vector_alloc (net.theta->size);
            g.dW1_view = gsl_matrix_view_vector (g.dtheta, D, H);
            g.db1_view = gsl_vector_subvector (g.dtheta, D * H, H);
            g.dW2_view = gsl_matrix_view_array (g.dtheta->data + D * H + H, H, C);
            g.db2_view = gsl_vector_subvector (g.dtheta, D * H + H + H * C, C);
            g.dW1 = &g.dW1_view.matrix; g.db1 = &g.db1_view.vector;
            g.dW2 = &g.dW2_view.matrix; g.db2 = &g.db2_view.vector;
            g.dz2 = gsl_matrix_alloc (N, C); g.dp1 = gsl_matrix_alloc (N, H);
            g.dz1 = gsl_matrix_alloc (N, H);
            gsl_matrix *all[4] = { g.dz2, g.dp1, g.dz1, NULL };
            for (int a = 0; a < 3; a++)
              for (size_t k = 0; k < all[a]->size1 * all[a]->size2; k++)
                all[a]->data[k] = 1e3 * gsl_ran_gaussian (r, 1.0) + 17;
            for (size_t k = 0; k < g.dtheta->size; k++)
              g.dtheta->data[k] = 1e3 * gsl_ran_gaussian (r, 1.0) + 17;
            g.present = 0;
            for (int call = 0; call < 2; call++)
              {
                char st[8] = { 0 };
                int rc = fn (&net, X, y, reg, &cache, &g);
                judge (&g, st);
                if (rc) st[0] = 'E';
                snprintf (runs[nr++], 16, "%s", st);
                for (int id = 0; id < 7; id++)
                  {
                    if (st[id] != 'o') allok = 0;
                    if (st[id] == 'R') rootst[id] = 1;
                  }
              }
            gsl_vector_free (net.theta); gsl_matrix_free (X); free (y);
            gsl_matrix_free (cache.z1); gsl_matrix_free (cache.p1);
            gsl_matrix_free (cache.z2); gsl_matrix_free (cache.prob);
            gsl_vector_free (g.dtheta); gsl_matrix_free (g.dz2);
            gsl_matrix_free (g.dp1); gsl_matrix_free (g.dz1);
          }
      int first = -1;
      for (int id = 0; id < 7; id++) if (rootst[id]) { first = id; break; }
      printf ("%s\t%s\t%s\t", strrchr (argv[f], '/') ? strrchr (argv[f], '/') + 1 : argv[f],
              allok ? "yes" : "no", first < 0 ? "-" : names[first]);
      for (int k = 0; k < nr; k++) printf ("%s%s", k ? " " : "", runs[k]);
      printf ("\n");
    }
  gsl_rng_free (r);
  return 0;
}
