/* label.c -- the labeller of set c37, written from the mathematics alone.
 *
 * For each student shared object given on the command line it builds
 * random nets (seeds 1, 2, 3 x {5-10-3 with 7 samples, 6-8-4 with 9
 * samples}, reg 0.1, biases nonzero), runs its own forward pass, fills
 * the gradients with garbage, calls the student's `backward' and judges
 * each of the seven gradients twice:
 *
 *   (a) against centred differences of the loss, taken with respect to
 *       the parameters and, for dz2, dp1 and dz1, to the intermediate
 *       z2, p1 and z1 (the rest of the forward pass recomputed from it);
 *   (b) against its own rule applied to the student's OWN upstream
 *       gradients:  dz2 = (softmax(z2) - onehot(y)) / N
 *                   dW2 = p1' dz2 + 2 reg W2     db2 = colsum dz2
 *                   dp1 = dz2 W2'                dz1 = dp1 * [z1 > 0]
 *                   dW1 = X' dz1 + 2 reg W1      db1 = colsum dz1
 *
 * A gradient that fails (b) is a root ("local"); one that passes (b) but
 * fails (a) is inherited.  Then it calls backward a second time, over the
 * first call's outputs, and says whether anything changed.
 *
 * Only GSL and libdl; the backprop headers are used for the struct
 * layouts, none of the library's code.
 *
 *   cc -O2 -I../../../src $(pkg-config --cflags gsl) -o label label.c \
 *      $(pkg-config --libs gsl) -ldl
 *   ./label OUTDIR/s*.so
 */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <math.h>
#include <dlfcn.h>
#include <gsl/gsl_matrix.h>
#include <gsl/gsl_vector.h>
#include <gsl/gsl_rng.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_errno.h>
#include <backprop/net.h>
#include <backprop/grads.h>

#define NG 7
static const char *gname[NG] = { "dz2", "dW2", "db2", "dp1", "dz1", "dW1", "db1" };
static const double REG = 0.1;
static const double TOL = 1e-6;   /* relative error above which a gradient is wrong */
static const double H_FD = 1e-5;

static int gsl_errors;

static void
count_gsl_error (const char *reason, const char *file, int line, int err)
{
  fprintf (stderr, "  gsl error %d in student code: %s (%s:%d)\n", err, reason,
           file, line);
  gsl_errors++;
}

/* ---- structures --------------------------------------------------------- */

static bp_net *
net_new (size_t D, size_t H, size_t C)
{
  size_t P = D * H + H + H * C + C;
  bp_net *n = calloc (1, sizeof *n + P * sizeof (double));
  double *d = n->data;
  n->D = D; n->H = H; n->C = C;
  n->theta_view = gsl_vector_view_array (d, P);
  n->W1_view = gsl_matrix_view_array (d, D, H);
  n->b1_view = gsl_vector_view_array (d + D * H, H);
  n->W2_view = gsl_matrix_view_array (d + D * H + H, H, C);
  n->b2_view = gsl_vector_view_array (d + D * H + H + H * C, C);
  n->theta = &n->theta_view.vector;
  n->W1 = &n->W1_view.matrix;
  n->b1 = &n->b1_view.vector;
  n->W2 = &n->W2_view.matrix;
  n->b2 = &n->b2_view.vector;
  return n;
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
  size_t P = D * H + H + H * C + C;
  double *d;
  g->N = N; g->D = D; g->H = H; g->C = C;
  g->dz2 = gsl_matrix_alloc (N, C);
  g->dp1 = gsl_matrix_alloc (N, H);
  g->dz1 = gsl_matrix_alloc (N, H);
  g->dtheta = gsl_vector_alloc (P);
  d = g->dtheta->data;
  g->dW1_view = gsl_matrix_view_array (d, D, H);
  g->db1_view = gsl_vector_view_array (d + D * H, H);
  g->dW2_view = gsl_matrix_view_array (d + D * H + H, H, C);
  g->db2_view = gsl_vector_view_array (d + D * H + H + H * C, C);
  g->dW1 = &g->dW1_view.matrix;
  g->db1 = &g->db1_view.vector;
  g->dW2 = &g->dW2_view.matrix;
  g->db2 = &g->db2_view.vector;
  return g;
}

static void
grads_free (bp_grads *g)
{
  gsl_matrix_free (g->dz2); gsl_matrix_free (g->dp1); gsl_matrix_free (g->dz1);
  gsl_vector_free (g->dtheta);
  free (g);
}

/* gradient k of g as a flat array */
static double *
gptr (bp_grads *g, int k, size_t *len)
{
  switch (k)
    {
    case 0: *len = g->dz2->size1 * g->dz2->size2; return g->dz2->data;
    case 1: *len = g->dW2->size1 * g->dW2->size2; return g->dW2->data;
    case 2: *len = g->db2->size; return g->db2->data;
    case 3: *len = g->dp1->size1 * g->dp1->size2; return g->dp1->data;
    case 4: *len = g->dz1->size1 * g->dz1->size2; return g->dz1->data;
    case 5: *len = g->dW1->size1 * g->dW1->size2; return g->dW1->data;
    default: *len = g->db1->size; return g->db1->data;
    }
}

/* ---- the mathematics ------------------------------------------------------ */

/* C = A B (+ 1 b') with plain loops; A (n, k), B (k, m) */
static void
affine (const gsl_matrix *A, const gsl_matrix *B, const gsl_vector *b,
        gsl_matrix *C)
{
  size_t i, j, l;
  for (i = 0; i < A->size1; i++)
    for (j = 0; j < B->size2; j++)
      {
        double s = b ? gsl_vector_get (b, j) : 0.0;
        for (l = 0; l < A->size2; l++)
          s += gsl_matrix_get (A, i, l) * gsl_matrix_get (B, l, j);
        gsl_matrix_set (C, i, j, s);
      }
}

static void
relu (const gsl_matrix *Z, gsl_matrix *P)
{
  size_t i, j;
  for (i = 0; i < Z->size1; i++)
    for (j = 0; j < Z->size2; j++)
      gsl_matrix_set (P, i, j, fmax (0.0, gsl_matrix_get (Z, i, j)));
}

static void
softmax (const gsl_matrix *Z, gsl_matrix *P)
{
  size_t i, j;
  for (i = 0; i < Z->size1; i++)
    {
      double m = gsl_matrix_get (Z, i, 0), s = 0.0;
      for (j = 1; j < Z->size2; j++)
        m = fmax (m, gsl_matrix_get (Z, i, j));
      for (j = 0; j < Z->size2; j++)
        s += exp (gsl_matrix_get (Z, i, j) - m);
      for (j = 0; j < Z->size2; j++)
        gsl_matrix_set (P, i, j, exp (gsl_matrix_get (Z, i, j) - m) / s);
    }
}

static double
sumsq (const gsl_matrix *W)
{
  size_t i, j;
  double s = 0.0;
  for (i = 0; i < W->size1; i++)
    for (j = 0; j < W->size2; j++)
      s += gsl_matrix_get (W, i, j) * gsl_matrix_get (W, i, j);
  return s;
}

/* mean cross-entropy of scores Z plus reg (|W1|^2 + |W2|^2) */
static double
loss_of_z2 (const bp_net *net, const gsl_matrix *Z, const size_t *y)
{
  size_t i, j, N = Z->size1;
  double L = 0.0;
  for (i = 0; i < N; i++)
    {
      double m = gsl_matrix_get (Z, i, 0), s = 0.0;
      for (j = 1; j < Z->size2; j++)
        m = fmax (m, gsl_matrix_get (Z, i, j));
      for (j = 0; j < Z->size2; j++)
        s += exp (gsl_matrix_get (Z, i, j) - m);
      L += m + log (s) - gsl_matrix_get (Z, i, y[i]);
    }
  return L / N + REG * (sumsq (net->W1) + sumsq (net->W2));
}

static double
loss_of_p1 (const bp_net *net, const gsl_matrix *P, const size_t *y)
{
  gsl_matrix *Z = gsl_matrix_alloc (P->size1, net->C);
  double L;
  affine (P, net->W2, net->b2, Z);
  L = loss_of_z2 (net, Z, y);
  gsl_matrix_free (Z);
  return L;
}

static double
loss_of_z1 (const bp_net *net, const gsl_matrix *Z1, const size_t *y)
{
  gsl_matrix *P = gsl_matrix_alloc (Z1->size1, Z1->size2);
  double L;
  relu (Z1, P);
  L = loss_of_p1 (net, P, y);
  gsl_matrix_free (P);
  return L;
}

static double
loss_of_params (const bp_net *net, const gsl_matrix *X, const size_t *y)
{
  gsl_matrix *Z1 = gsl_matrix_alloc (X->size1, net->H);
  double L;
  affine (X, net->W1, net->b1, Z1);
  L = loss_of_z1 (net, Z1, y);
  gsl_matrix_free (Z1);
  return L;
}

static void
forward (const bp_net *net, const gsl_matrix *X, bp_cache *c)
{
  affine (X, net->W1, net->b1, c->z1);
  relu (c->z1, c->p1);
  affine (c->p1, net->W2, net->b2, c->z2);
  softmax (c->z2, c->prob);
}

/* centred differences of f with respect to every entry of A */
typedef double loss_fn (const bp_net *, const gsl_matrix *, const size_t *);

static void
numdiff_matrix (const bp_net *net, gsl_matrix *A, const size_t *y,
                loss_fn *f, gsl_matrix *G)
{
  size_t i, j;
  for (i = 0; i < A->size1; i++)
    for (j = 0; j < A->size2; j++)
      {
        double a = gsl_matrix_get (A, i, j), lp, lm;
        gsl_matrix_set (A, i, j, a + H_FD);
        lp = f (net, A, y);
        gsl_matrix_set (A, i, j, a - H_FD);
        lm = f (net, A, y);
        gsl_matrix_set (A, i, j, a);
        gsl_matrix_set (G, i, j, (lp - lm) / (2 * H_FD));
      }
}

/* the numerical gradients, in a bp_grads of their own */
static void
numerical (bp_net *net, const gsl_matrix *X, const size_t *y,
           const bp_cache *c, bp_grads *num)
{
  size_t k;
  gsl_matrix *tmp;

  tmp = gsl_matrix_alloc (c->z2->size1, c->z2->size2);
  gsl_matrix_memcpy (tmp, c->z2);
  numdiff_matrix (net, tmp, y, loss_of_z2, num->dz2);
  gsl_matrix_free (tmp);

  tmp = gsl_matrix_alloc (c->p1->size1, c->p1->size2);
  gsl_matrix_memcpy (tmp, c->p1);
  numdiff_matrix (net, tmp, y, loss_of_p1, num->dp1);
  gsl_matrix_memcpy (tmp, c->z1);
  numdiff_matrix (net, tmp, y, loss_of_z1, num->dz1);
  gsl_matrix_free (tmp);

  for (k = 0; k < net->theta->size; k++)
    {
      double t = gsl_vector_get (net->theta, k), lp, lm;
      gsl_vector_set (net->theta, k, t + H_FD);
      lp = loss_of_params (net, X, y);
      gsl_vector_set (net->theta, k, t - H_FD);
      lm = loss_of_params (net, X, y);
      gsl_vector_set (net->theta, k, t);
      gsl_vector_set (num->dtheta, k, (lp - lm) / (2 * H_FD));
    }
}

/* each rule applied to the student's own upstream gradient (s) */
static void
local_rules (const bp_net *net, const gsl_matrix *X, const size_t *y,
             const bp_cache *c, const bp_grads *s, bp_grads *loc)
{
  size_t N = X->size1, i, j, l;

  /* dz2 = (prob - onehot) / N */
  for (i = 0; i < N; i++)
    for (j = 0; j < net->C; j++)
      gsl_matrix_set (loc->dz2, i, j, (gsl_matrix_get (c->prob, i, j)
                                       - (y[i] == j ? 1.0 : 0.0)) / N);
  /* dW2 = p1' dz2 + 2 reg W2, db2 = colsum dz2 */
  for (i = 0; i < net->H; i++)
    for (j = 0; j < net->C; j++)
      {
        double t = 2 * REG * gsl_matrix_get (net->W2, i, j);
        for (l = 0; l < N; l++)
          t += gsl_matrix_get (c->p1, l, i) * gsl_matrix_get (s->dz2, l, j);
        gsl_matrix_set (loc->dW2, i, j, t);
      }
  for (j = 0; j < net->C; j++)
    {
      double t = 0.0;
      for (l = 0; l < N; l++)
        t += gsl_matrix_get (s->dz2, l, j);
      gsl_vector_set (loc->db2, j, t);
    }
  /* dp1 = dz2 W2' */
  for (i = 0; i < N; i++)
    for (j = 0; j < net->H; j++)
      {
        double t = 0.0;
        for (l = 0; l < net->C; l++)
          t += gsl_matrix_get (s->dz2, i, l) * gsl_matrix_get (net->W2, j, l);
        gsl_matrix_set (loc->dp1, i, j, t);
      }
  /* dz1 = dp1 * [z1 > 0] */
  for (i = 0; i < N; i++)
    for (j = 0; j < net->H; j++)
      gsl_matrix_set (loc->dz1, i, j, gsl_matrix_get (c->z1, i, j) > 0
                      ? gsl_matrix_get (s->dp1, i, j) : 0.0);
  /* dW1 = X' dz1 + 2 reg W1, db1 = colsum dz1 */
  for (i = 0; i < net->D; i++)
    for (j = 0; j < net->H; j++)
      {
        double t = 2 * REG * gsl_matrix_get (net->W1, i, j);
        for (l = 0; l < N; l++)
          t += gsl_matrix_get (X, l, i) * gsl_matrix_get (s->dz1, l, j);
        gsl_matrix_set (loc->dW1, i, j, t);
      }
  for (j = 0; j < net->H; j++)
    {
      double t = 0.0;
      for (l = 0; l < N; l++)
        t += gsl_matrix_get (s->dz1, l, j);
      gsl_vector_set (loc->db1, j, t);
    }
}

/* max |a - b| / max(max |a|, max |b|) */
static double
relerr (const double *a, const double *b, size_t n)
{
  double d = 0.0, m = 0.0;
  size_t i;
  for (i = 0; i < n; i++)
    {
      if (!isfinite (a[i]) || !isfinite (b[i]))
        return INFINITY;
      d = fmax (d, fabs (a[i] - b[i]));
      m = fmax (m, fmax (fabs (a[i]), fabs (b[i])));
    }
  return m > 0 ? d / m : 0.0;
}

/* ---- one student ---------------------------------------------------------- */

static void
fill_garbage (bp_grads *g, gsl_rng *r)
{
  int k;
  for (k = 0; k < NG; k++)
    {
      size_t n, i;
      double *p = gptr (g, k, &n);
      for (i = 0; i < n; i++)
        p[i] = gsl_ran_flat (r, -7.0, 7.0);
    }
  g->present = 0;
}

static int
judge (const char *path, bp_backward_fn *fn, int verbose)
{
  static const size_t dims[2][4] = { { 5, 10, 3, 7 }, { 6, 8, 4, 9 } };
  unsigned local = 0, wrong = 0;
  int changes = 0, failed = 0, seed, cfg, k;
  double worst_local[NG] = { 0 }, worst_num[NG] = { 0 };

  for (cfg = 0; cfg < 2; cfg++)
    for (seed = 1; seed <= 3; seed++)
      {
        size_t D = dims[cfg][0], H = dims[cfg][1], C = dims[cfg][2];
        size_t N = dims[cfg][3], i, j;
        gsl_rng *r = gsl_rng_alloc (gsl_rng_mt19937);
        bp_net *net = net_new (D, H, C);
        bp_cache *c = cache_new (N, H, C);
        bp_grads *s = grads_new (N, D, H, C), *num = grads_new (N, D, H, C);
        bp_grads *loc = grads_new (N, D, H, C), *s1 = grads_new (N, D, H, C);
        gsl_matrix *X = gsl_matrix_alloc (N, D);
        size_t *y = malloc (N * sizeof *y);
        int tries = 0, rc;

        gsl_rng_set (r, 1000 * seed + cfg);
        /* a net whose z1 keeps away from the kink of the ReLU */
        for (;;)
          {
            double zmin = INFINITY;
            for (i = 0; i < net->theta->size; i++)
              gsl_vector_set (net->theta, i, gsl_ran_gaussian (r, 0.6));
            for (i = 0; i < N; i++)
              {
                for (j = 0; j < D; j++)
                  gsl_matrix_set (X, i, j, gsl_ran_gaussian (r, 1.0));
                y[i] = gsl_rng_uniform_int (r, C);
              }
            forward (net, X, c);
            for (i = 0; i < N; i++)
              for (j = 0; j < H; j++)
                zmin = fmin (zmin, fabs (gsl_matrix_get (c->z1, i, j)));
            if (zmin > 1e-3 || ++tries > 1000)
              break;
          }

        numerical (net, X, y, c, num);

        fill_garbage (s, r);
        gsl_errors = 0;
        rc = fn (net, X, y, REG, c, s);
        if (rc != 0 || gsl_errors)
          {
            printf ("  %s: returned %d, %d gsl errors\n", path, rc, gsl_errors);
            failed = 1;
          }
        if (s->present != BP_GRADS_ALL)
          printf ("  %s: present = %#x, not all seven\n", path, s->present);

        local_rules (net, X, y, c, s, loc);
        for (k = 0; k < NG; k++)
          {
            size_t n;
            double *ps = gptr (s, k, &n), *pn = gptr (num, k, &n);
            double *pl = gptr (loc, k, &n);
            double en = relerr (ps, pn, n), el = relerr (ps, pl, n);
            worst_num[k] = fmax (worst_num[k], en);
            worst_local[k] = fmax (worst_local[k], el);
            if (el > TOL)
              local |= 1u << k;
            if (en > TOL)
              wrong |= 1u << k;
          }

        /* a second call over the first call's outputs, as in training */
        for (k = 0; k < NG; k++)
          {
            size_t n;
            double *a = gptr (s, k, &n), *b = gptr (s1, k, &n);
            memcpy (b, a, n * sizeof *a);
          }
        s1->present = s->present;
        fn (net, X, y, REG, c, s1);
        for (k = 0; k < NG; k++)
          {
            size_t n;
            double *a = gptr (s, k, &n), *b = gptr (s1, k, &n);
            if (relerr (a, b, n) > 1e-12)
              changes |= 1 << k;
          }

        gsl_rng_free (r); free (net); cache_free (c);
        grads_free (s); grads_free (num); grads_free (loc); grads_free (s1);
        gsl_matrix_free (X); free (y);
      }

  {
    const char *base = strrchr (path, '/');
    int first = 1;
    base = base ? base + 1 : path;
    printf ("%-28s local:", base);
    for (k = 0; k < NG; k++)
      if (local & (1u << k))
        printf ("%s%s", first ? " " : ",", gname[k]), first = 0;
    if (first)
      printf (" none");
    printf ("   inherited:");
    first = 1;
    for (k = 0; k < NG; k++)
      if ((wrong & (1u << k)) && !(local & (1u << k)))
        printf ("%s%s", first ? " " : ",", gname[k]), first = 0;
    if (first)
      printf (" none");
    printf ("   2nd call: %s", changes ? "CHANGES" : "same");
    if (changes)
      for (k = 0; k < NG; k++)
        if (changes & (1 << k))
          printf (" %s", gname[k]);
    printf ("%s\n", failed ? "   (call failed)" : "");
    if (verbose)
      for (k = 0; k < NG; k++)
        printf ("    %-4s  vs numeric %.2e   vs own rule %.2e\n", gname[k],
                worst_num[k], worst_local[k]);
  }
  return local != 0 || wrong != 0;
}

int
main (int argc, char **argv)
{
  int i, verbose = 0;
  gsl_set_error_handler (count_gsl_error);
  for (i = 1; i < argc; i++)
    {
      void *h;
      bp_backward_fn *fn;
      if (strcmp (argv[i], "-v") == 0)
        {
          verbose = 1;
          continue;
        }
      if (strchr (argv[i], '/') == NULL)
        {
          /* dlopen searches the library path for a bare name */
          char buf[4096];
          snprintf (buf, sizeof buf, "./%s", argv[i]);
          h = dlopen (buf, RTLD_NOW | RTLD_LOCAL);
        }
      else
        h = dlopen (argv[i], RTLD_NOW | RTLD_LOCAL);
      if (h == NULL)
        {
          printf ("%s: %s\n", argv[i], dlerror ());
          continue;
        }
      *(void **) &fn = dlsym (h, "backward");
      if (fn == NULL)
        printf ("%s: no symbol backward\n", argv[i]);
      else
        judge (argv[i], fn, verbose);
      dlclose (h);
    }
  return 0;
}
