/* label.c -- independent labeller for the c21 set.
 *
 * Written from the mathematics only: GSL for storage and RNG, libdl to load
 * each student's backward.so.  No backprop library code (only the struct
 * definitions in src/backprop/net.h and grads.h).
 *
 * For each .so on the command line, on nets {5-10-3 batch 7, 6-8-4 batch 9}
 * x seeds {1, 2}, reg 0.1:
 *   - fill g with garbage, call backward;
 *   - (a) compare each gradient with centred differences of the loss (for
 *     dz2, dp1, dz1: with respect to the intermediate z2, p1, z1);
 *   - (b) compare it with the rule applied to the student's OWN upstream
 *     gradient (dW2 = p1' dz2 + 2 reg W2, ..., dz2 against (a));
 *   - call backward again over the first call's results and report any
 *     gradient that changes.
 * Prints, per file, the roots ("local:" wrong), the gradients wrong against
 * the finite differences ("fd:") and the unstable ones ("repeat:").
 *
 * Build: cc -O2 -I../../../src $(pkg-config --cflags gsl) -o label label.c \
 *          $(pkg-config --libs gsl) -ldl
 * Run:   ./label OUTDIR/s*.so */

#include <dlfcn.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <gsl/gsl_matrix.h>
#include <gsl/gsl_vector.h>
#include <gsl/gsl_rng.h>
#include <gsl/gsl_randist.h>
#include "backprop/net.h"
#include "backprop/grads.h"

static const char *names[7] = { "dz2", "dW2", "db2", "dp1", "dz1", "dW1", "db1" };
#define TOL 1e-5

typedef struct {
  size_t N, D, H, C;
  gsl_matrix *X, *W1, *W2;
  gsl_vector *b1, *b2;
  size_t *y;
  double reg;
} prob_t;

/* ---------- forward pieces ---------- */
static double
ce_from_z2 (const prob_t *P, const gsl_matrix *z2, gsl_matrix *prob)
{
  double L = 0;
  for (size_t i = 0; i < P->N; i++)
    {
      double m = -INFINITY, s = 0;
      for (size_t c = 0; c < P->C; c++)
        if (gsl_matrix_get (z2, i, c) > m) m = gsl_matrix_get (z2, i, c);
      for (size_t c = 0; c < P->C; c++)
        s += exp (gsl_matrix_get (z2, i, c) - m);
      L += -(gsl_matrix_get (z2, i, P->y[i]) - m - log (s));
      if (prob)
        for (size_t c = 0; c < P->C; c++)
          gsl_matrix_set (prob, i, c, exp (gsl_matrix_get (z2, i, c) - m) / s);
    }
  return L / P->N;
}

static double
reg_loss (const prob_t *P)
{
  double s = 0;
  for (size_t i = 0; i < P->W1->size1; i++)
    for (size_t j = 0; j < P->W1->size2; j++)
      s += gsl_matrix_get (P->W1, i, j) * gsl_matrix_get (P->W1, i, j);
  for (size_t i = 0; i < P->W2->size1; i++)
    for (size_t j = 0; j < P->W2->size2; j++)
      s += gsl_matrix_get (P->W2, i, j) * gsl_matrix_get (P->W2, i, j);
  return P->reg * s;
}

/* Z = A W + b */
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

static void
relu (const gsl_matrix *Z, gsl_matrix *Pm)
{
  for (size_t i = 0; i < Z->size1; i++)
    for (size_t j = 0; j < Z->size2; j++)
      gsl_matrix_set (Pm, i, j, fmax (0.0, gsl_matrix_get (Z, i, j)));
}

static double
loss_from_p1 (const prob_t *P, const gsl_matrix *p1)
{
  gsl_matrix *z2 = gsl_matrix_alloc (P->N, P->C);
  affine (p1, P->W2, P->b2, z2);
  double L = ce_from_z2 (P, z2, NULL) + reg_loss (P);
  gsl_matrix_free (z2);
  return L;
}

static double
loss_from_z1 (const prob_t *P, const gsl_matrix *z1)
{
  gsl_matrix *p1 = gsl_matrix_alloc (P->N, P->H);
  relu (z1, p1);
  double L = loss_from_p1 (P, p1);
  gsl_matrix_free (p1);
  return L;
}

static double
full_loss (const prob_t *P)
{
  gsl_matrix *z1 = gsl_matrix_alloc (P->N, P->H);
  affine (P->X, P->W1, P->b1, z1);
  double L = loss_from_z1 (P, z1);
  gsl_matrix_free (z1);
  return L;
}

/* ---------- numerical gradients ---------- */
#define EPS 1e-5
typedef double (*mloss) (const prob_t *, const gsl_matrix *);

static void
num_grad_mat (const prob_t *P, mloss f, gsl_matrix *M, gsl_matrix *out)
{
  for (size_t i = 0; i < M->size1; i++)
    for (size_t j = 0; j < M->size2; j++)
      {
        double v = gsl_matrix_get (M, i, j);
        gsl_matrix_set (M, i, j, v + EPS);
        double lp = f (P, M);
        gsl_matrix_set (M, i, j, v - EPS);
        double lm = f (P, M);
        gsl_matrix_set (M, i, j, v);
        gsl_matrix_set (out, i, j, (lp - lm) / (2 * EPS));
      }
}

static double
loss_z2 (const prob_t *P, const gsl_matrix *z2)
{
  return ce_from_z2 (P, z2, NULL) + reg_loss (P);
}
static double
loss_params (const prob_t *P, const gsl_matrix *unused)
{
  (void) unused;
  return full_loss (P);
}

static void
num_grad_vec (const prob_t *P, gsl_vector *v, gsl_vector *out)
{
  for (size_t i = 0; i < v->size; i++)
    {
      double x = gsl_vector_get (v, i);
      gsl_vector_set (v, i, x + EPS);
      double lp = full_loss (P);
      gsl_vector_set (v, i, x - EPS);
      double lm = full_loss (P);
      gsl_vector_set (v, i, x);
      gsl_vector_set (out, i, (lp - lm) / (2 * EPS));
    }
}

/* ---------- comparison ---------- */
static double
relerr (const double *a, const double *b, size_t n)
{
  double d = 0, s = 1e-12;
  for (size_t i = 0; i < n; i++)
    {
      if (!isfinite (a[i]) || !isfinite (b[i]))
        return INFINITY;
      d = fmax (d, fabs (a[i] - b[i]));
      s = fmax (s, fmax (fabs (a[i]), fabs (b[i])));
    }
  return d / s;
}

/* copy matrix or vector into a flat array */
static void
flat_m (const gsl_matrix *m, double *o)
{
  for (size_t i = 0; i < m->size1; i++)
    for (size_t j = 0; j < m->size2; j++)
      *o++ = gsl_matrix_get (m, i, j);
}
static void
flat_v (const gsl_vector *v, double *o)
{
  for (size_t i = 0; i < v->size; i++)
    *o++ = gsl_vector_get (v, i);
}

/* ---------- building the library's structs (storage only) ---------- */
static bp_net *
make_net (prob_t *P)
{
  bp_net *n = calloc (1, sizeof (bp_net));
  n->D = P->D; n->H = P->H; n->C = P->C;
  size_t tot = P->D * P->H + P->H + P->H * P->C + P->C;
  n->theta = gsl_vector_alloc (tot);
  double *t = n->theta->data;
  n->W1_view = gsl_matrix_view_array (t, P->D, P->H); t += P->D * P->H;
  n->b1_view = gsl_vector_view_array (t, P->H); t += P->H;
  n->W2_view = gsl_matrix_view_array (t, P->H, P->C); t += P->H * P->C;
  n->b2_view = gsl_vector_view_array (t, P->C);
  n->W1 = &n->W1_view.matrix; n->b1 = &n->b1_view.vector;
  n->W2 = &n->W2_view.matrix; n->b2 = &n->b2_view.vector;
  /* the problem works on the net's own storage */
  P->W1 = n->W1; P->b1 = n->b1; P->W2 = n->W2; P->b2 = n->b2;
  return n;
}

static bp_grads *
make_grads (size_t N, size_t D, size_t H, size_t C)
{
  bp_grads *g = calloc (1, sizeof (bp_grads));
  g->N = N; g->D = D; g->H = H; g->C = C;
  g->dz2 = gsl_matrix_alloc (N, C);
  g->dp1 = gsl_matrix_alloc (N, H);
  g->dz1 = gsl_matrix_alloc (N, H);
  g->dtheta = gsl_vector_alloc (D * H + H + H * C + C);
  double *t = g->dtheta->data;
  g->dW1_view = gsl_matrix_view_array (t, D, H); t += D * H;
  g->db1_view = gsl_vector_view_array (t, H); t += H;
  g->dW2_view = gsl_matrix_view_array (t, H, C); t += H * C;
  g->db2_view = gsl_vector_view_array (t, C);
  g->dW1 = &g->dW1_view.matrix; g->db1 = &g->db1_view.vector;
  g->dW2 = &g->dW2_view.matrix; g->db2 = &g->db2_view.vector;
  return g;
}

static void
free_grads (bp_grads *g)
{
  gsl_matrix_free (g->dz2); gsl_matrix_free (g->dp1); gsl_matrix_free (g->dz1);
  gsl_vector_free (g->dtheta); free (g);
}

static void
garbage_m (gsl_matrix *m, gsl_rng *r)
{
  for (size_t i = 0; i < m->size1; i++)
    for (size_t j = 0; j < m->size2; j++)
      gsl_matrix_set (m, i, j, 3.0 * gsl_ran_gaussian (r, 1.0) + 1.7);
}

/* flatten all seven gradients in backprop order; sizes in sz[] */
static double *
flat_all (const bp_grads *g, size_t sz[7], double *off[7])
{
  size_t N = g->N, D = g->D, H = g->H, C = g->C;
  sz[0] = N * C; sz[1] = H * C; sz[2] = C; sz[3] = N * H; sz[4] = N * H;
  sz[5] = D * H; sz[6] = H;
  size_t tot = 0;
  for (int k = 0; k < 7; k++) tot += sz[k];
  double *buf = malloc (tot * sizeof (double)), *p = buf;
  for (int k = 0; k < 7; k++) { off[k] = p; p += sz[k]; }
  flat_m (g->dz2, off[0]); flat_m (g->dW2, off[1]); flat_v (g->db2, off[2]);
  flat_m (g->dp1, off[3]); flat_m (g->dz1, off[4]); flat_m (g->dW1, off[5]);
  flat_v (g->db1, off[6]);
  return buf;
}

/* returns bitmasks of local-wrong, fd-wrong, repeat-changed via pointers */
static int
run_one (bp_backward_fn *fn, size_t D, size_t H, size_t C, size_t N,
         unsigned long seed, unsigned *loc, unsigned *fd, unsigned *rep,
         double errl[7], double errf[7])
{
  gsl_rng *r = gsl_rng_alloc (gsl_rng_mt19937);
  gsl_rng_set (r, seed * 7919 + D * 31 + H);
  prob_t P = { N, D, H, C, NULL, NULL, NULL, NULL, NULL, NULL, 0.1 };
  bp_net *net = make_net (&P);
  for (size_t i = 0; i < net->theta->size; i++)
    gsl_vector_set (net->theta, i, 0.6 * gsl_ran_gaussian (r, 1.0));
  P.X = gsl_matrix_alloc (N, D);
  for (size_t i = 0; i < N; i++)
    for (size_t j = 0; j < D; j++)
      gsl_matrix_set (P.X, i, j, gsl_ran_gaussian (r, 1.0));
  P.y = malloc (N * sizeof (size_t));
  for (size_t i = 0; i < N; i++)
    P.y[i] = gsl_rng_uniform_int (r, C);

  bp_cache cache = { N, H, C, gsl_matrix_alloc (N, H), gsl_matrix_alloc (N, H),
                     gsl_matrix_alloc (N, C), gsl_matrix_alloc (N, C) };
  affine (P.X, P.W1, P.b1, cache.z1);
  relu (cache.z1, cache.p1);
  affine (cache.p1, P.W2, P.b2, cache.z2);
  ce_from_z2 (&P, cache.z2, cache.prob);

  /* numerical references */
  gsl_matrix *nz2 = gsl_matrix_alloc (N, C), *np1 = gsl_matrix_alloc (N, H),
    *nz1 = gsl_matrix_alloc (N, H), *nW2 = gsl_matrix_alloc (H, C),
    *nW1 = gsl_matrix_alloc (D, H);
  gsl_vector *nb2 = gsl_vector_alloc (C), *nb1 = gsl_vector_alloc (H);
  gsl_matrix *tmp;
  tmp = gsl_matrix_alloc (N, C); gsl_matrix_memcpy (tmp, cache.z2);
  num_grad_mat (&P, loss_z2, tmp, nz2); gsl_matrix_free (tmp);
  tmp = gsl_matrix_alloc (N, H); gsl_matrix_memcpy (tmp, cache.p1);
  num_grad_mat (&P, loss_from_p1, tmp, np1); gsl_matrix_free (tmp);
  tmp = gsl_matrix_alloc (N, H); gsl_matrix_memcpy (tmp, cache.z1);
  num_grad_mat (&P, loss_from_z1, tmp, nz1); gsl_matrix_free (tmp);
  num_grad_mat (&P, loss_params, P.W2, nW2);
  num_grad_mat (&P, loss_params, P.W1, nW1);
  num_grad_vec (&P, P.b2, nb2);
  num_grad_vec (&P, P.b1, nb1);

  bp_grads *g = make_grads (N, D, H, C);
  garbage_m (g->dz2, r); garbage_m (g->dp1, r); garbage_m (g->dz1, r);
  for (size_t i = 0; i < g->dtheta->size; i++)
    gsl_vector_set (g->dtheta, i, 3.0 * gsl_ran_gaussian (r, 1.0) - 0.9);
  g->present = 0;

  int rc = fn (net, P.X, P.y, P.reg, &cache, g);
  if (rc != 0)
    fprintf (stderr, "  backward returned %d\n", rc);

  size_t sz[7]; double *off[7];
  double *first = flat_all (g, sz, off);

  /* (a) against finite differences */
  size_t ns[7]; double *no[7];
  bp_grads *ng = make_grads (N, D, H, C);
  gsl_matrix_memcpy (ng->dz2, nz2); gsl_matrix_memcpy (ng->dW2, nW2);
  gsl_vector_memcpy (ng->db2, nb2); gsl_matrix_memcpy (ng->dp1, np1);
  gsl_matrix_memcpy (ng->dz1, nz1); gsl_matrix_memcpy (ng->dW1, nW1);
  gsl_vector_memcpy (ng->db1, nb1);
  double *num = flat_all (ng, ns, no);

  /* (b) the rules on the student's own upstream */
  bp_grads *lg = make_grads (N, D, H, C);
  gsl_matrix_memcpy (lg->dz2, nz2);
  for (size_t h = 0; h < H; h++)
    for (size_t c = 0; c < C; c++)
      {
        double s = 2 * P.reg * gsl_matrix_get (P.W2, h, c);
        for (size_t i = 0; i < N; i++)
          s += gsl_matrix_get (cache.p1, i, h) * gsl_matrix_get (g->dz2, i, c);
        gsl_matrix_set (lg->dW2, h, c, s);
      }
  for (size_t c = 0; c < C; c++)
    {
      double s = 0;
      for (size_t i = 0; i < N; i++) s += gsl_matrix_get (g->dz2, i, c);
      gsl_vector_set (lg->db2, c, s);
    }
  for (size_t i = 0; i < N; i++)
    for (size_t h = 0; h < H; h++)
      {
        double s = 0;
        for (size_t c = 0; c < C; c++)
          s += gsl_matrix_get (g->dz2, i, c) * gsl_matrix_get (P.W2, h, c);
        gsl_matrix_set (lg->dp1, i, h, s);
        gsl_matrix_set (lg->dz1, i, h, gsl_matrix_get (cache.z1, i, h) > 0
                        ? gsl_matrix_get (g->dp1, i, h) : 0.0);
      }
  for (size_t d = 0; d < D; d++)
    for (size_t h = 0; h < H; h++)
      {
        double s = 2 * P.reg * gsl_matrix_get (P.W1, d, h);
        for (size_t i = 0; i < N; i++)
          s += gsl_matrix_get (P.X, i, d) * gsl_matrix_get (g->dz1, i, h);
        gsl_matrix_set (lg->dW1, d, h, s);
      }
  for (size_t h = 0; h < H; h++)
    {
      double s = 0;
      for (size_t i = 0; i < N; i++) s += gsl_matrix_get (g->dz1, i, h);
      gsl_vector_set (lg->db1, h, s);
    }
  size_t ls[7]; double *lo[7];
  double *loc_ref = flat_all (lg, ls, lo);

  for (int k = 0; k < 7; k++)
    {
      errf[k] = relerr (off[k], no[k], sz[k]);
      errl[k] = relerr (off[k], lo[k], sz[k]);
      if (errf[k] > TOL) *fd |= 1u << k;
      if (errl[k] > TOL) *loc |= 1u << k;
    }

  /* second call over the first call's results */
  fn (net, P.X, P.y, P.reg, &cache, g);
  size_t s2[7]; double *o2[7];
  double *second = flat_all (g, s2, o2);
  for (int k = 0; k < 7; k++)
    if (relerr (o2[k], off[k], sz[k]) > 1e-12)
      *rep |= 1u << k;

  free (first); free (num); free (loc_ref); free (second);
  free_grads (g); free_grads (ng); free_grads (lg);
  gsl_matrix_free (nz2); gsl_matrix_free (np1); gsl_matrix_free (nz1);
  gsl_matrix_free (nW2); gsl_matrix_free (nW1);
  gsl_vector_free (nb2); gsl_vector_free (nb1);
  gsl_matrix_free (cache.z1); gsl_matrix_free (cache.p1);
  gsl_matrix_free (cache.z2); gsl_matrix_free (cache.prob);
  gsl_matrix_free (P.X); free (P.y);
  gsl_vector_free (net->theta); free (net);
  gsl_rng_free (r);
  return rc;
}

static void
print_set (const char *tag, unsigned m)
{
  printf ("  %s", tag);
  if (!m) { printf (" -"); return; }
  const char *sep = " ";
  for (int k = 0; k < 7; k++)
    if (m & (1u << k)) { printf ("%s%s", sep, names[k]); sep = ","; }
}

int
main (int argc, char **argv)
{
  static const size_t cfg[2][4] = { { 5, 10, 3, 7 }, { 6, 8, 4, 9 } };
  int verbose = 0, a0 = 1;
  if (argc > 1 && strcmp (argv[1], "-v") == 0) { verbose = 1; a0 = 2; }
  gsl_set_error_handler_off ();
  for (int a = a0; a < argc; a++)
    {
      void *h = dlopen (argv[a], RTLD_NOW | RTLD_LOCAL);
      if (!h) { printf ("%s: cannot load: %s\n", argv[a], dlerror ()); continue; }
      bp_backward_fn *fn = (bp_backward_fn *) dlsym (h, "backward");
      if (!fn) { printf ("%s: no symbol backward\n", argv[a]); dlclose (h); continue; }
      unsigned loc = 0, fd = 0, rep = 0;
      double errl[7], errf[7], maxl[7] = { 0 }, maxf[7] = { 0 };
      for (int c = 0; c < 2; c++)
        for (unsigned long seed = 1; seed <= 2; seed++)
          {
            run_one (fn, cfg[c][0], cfg[c][1], cfg[c][2], cfg[c][3], seed,
                     &loc, &fd, &rep, errl, errf);
            for (int k = 0; k < 7; k++)
              {
                maxl[k] = fmax (maxl[k], errl[k]);
                maxf[k] = fmax (maxf[k], errf[k]);
              }
          }
      const char *b = strrchr (argv[a], '/');
      b = b ? b + 1 : argv[a];
      printf ("%-28s %s", b, loc ? "WRONG  " : "correct");
      print_set ("local:", loc);
      print_set ("  fd:", fd);
      print_set ("  repeat:", rep);
      printf ("\n");
      if (verbose)
        {
          printf ("    %-4s %10s %10s\n", "", "fd", "local");
          for (int k = 0; k < 7; k++)
            printf ("    %-4s %10.2e %10.2e\n", names[k], maxf[k], maxl[k]);
        }
      dlclose (h);
    }
  return 0;
}
